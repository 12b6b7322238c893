package dev.taskengine.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void keepsTextThatFits() {
    assertThat(Utf8.truncate("hello", 5)).isEqualTo("hello");
    assertThat(Utf8.truncate("", 0)).isEmpty();
    assertThat(Utf8.truncate(null, 10)).isNull();
  }

  @Test
  void cutsAsciiAtTheByteLimit() {
    assertThat(Utf8.truncate("x".repeat(2000), 1024)).hasSize(1024);
  }

  @Test
  void neverSplitsAThreeByteCharacter() {
    String text = "a" + "中".repeat(400); // 1 + 1,200 bytes
    String cut = Utf8.truncate(text, 1024);
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(1 + 341 * 3);
    assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(cut);
  }

  @Test
  void neverSplitsASurrogatePair() {
    String text = "ab" + "\uD83D\uDE00".repeat(300); // 2 + 1,200 bytes
    String cut = Utf8.truncate(text, 1024);
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(2 + 255 * 4);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }

  @Test
  void cutsTwoByteCharactersWhole() {
    String cut = Utf8.truncate("é".repeat(10), 5);
    assertThat(cut).isEqualTo("éé");
  }

  @Test
  void countsBytesLikeTheEncoder() {
    String text = "aé中\uD83D\uDE00";
    assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void refusesANegativeLimit() {
    assertThatThrownBy(() -> Utf8.truncate("x", -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
