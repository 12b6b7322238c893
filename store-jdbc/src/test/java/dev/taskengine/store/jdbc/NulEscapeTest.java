package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.Seeds;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NulEscapeTest {
  private static final char[] ALPHABET = {'\u0000', '\u0001', '\u0002', 'a', '\\', '\uFFFF'};

  @Test
  void valuesWithoutTheTwoControlCharactersAreStoredAsGiven() {
    for (String value : new String[] {"", "plain", "it's; 100% \\0 ü 😀", "\u0002"}) {
      assertThat(NulEscape.encode(value)).isSameAs(value);
      assertThat(NulEscape.decode(value)).isSameAs(value);
    }
    assertThat(NulEscape.encode(null)).isNull();
    assertThat(NulEscape.decode(null)).isNull();
  }

  @Test
  void theEncodingHasNoNulAndIsInjectiveAndOrderPreserving() {
    long seed = Seeds.seed("NulEscapeTest.theEncodingHasNoNulAndIsInjectiveAndOrderPreserving");
    Random random = new Random(seed);
    Map<String, String> decodedByEncoded = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String a = randomString(random);
      String b = randomString(random);
      String encodedA = NulEscape.encode(a);
      String encodedB = NulEscape.encode(b);
      assertThat(encodedA).as("seed %d", seed).doesNotContain("\u0000");
      assertThat(NulEscape.decode(encodedA)).as("seed %d", seed).isEqualTo(a);
      String earlier = decodedByEncoded.putIfAbsent(encodedA, a);
      assertThat(earlier == null || earlier.equals(a)).as("seed %d: %s", seed, a).isTrue();
      assertThat(Integer.signum(encodedA.compareTo(encodedB)))
          .as("seed %d: order of %s and %s", seed, a, b)
          .isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }

  @Test
  void aLoneMarkWrittenByOtherMeansIsKeptAsItIs() {
    assertThat(NulEscape.decode("a\u0001")).isEqualTo("a\u0001");
    assertThat(NulEscape.decode("a\u0001b")).isEqualTo("a\u0001b");
  }

  private static String randomString(Random random) {
    char[] chars = new char[random.nextInt(6)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }
}
