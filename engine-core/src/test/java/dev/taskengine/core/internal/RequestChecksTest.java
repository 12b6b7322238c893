package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

  @Test
  void utf8LengthMatchesTheEncoderForWellFormedText() {
    long seed = TestSeeds.seed("RequestChecksTest.utf8LengthMatchesTheEncoderForWellFormedText");
    Random random = new Random(seed);
    int[] samples = {'a', 0, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x1f600, 0x10ffff, '"'};
    for (int round = 0; round < 1_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(50);
      for (int i = 0; i < length; i++) {
        int codePoint =
            random.nextBoolean()
                ? samples[random.nextInt(samples.length)]
                : random.nextInt(0x10ffff + 1);
        if (codePoint < 0xd800 || codePoint > 0xdfff) {
          text.appendCodePoint(codePoint);
        }
      }
      String value = text.toString();
      assertThat(RequestChecks.utf8Length(value))
          .as("seed %d, %s", seed, value)
          .isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
    }
  }
}
