package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {

  /** {@code 2^blocks} distinct names of {@code 2 * blocks} characters with one hash code. */
  static List<String> collidingNames(int blocks) {
    List<String> names = new ArrayList<>(List.of(""));
    for (int i = 0; i < blocks; i++) {
      List<String> longer = new ArrayList<>(names.size() * 2);
      for (String name : names) {
        longer.add(name + "Aa"); // "Aa" and "BB" have the same String hash code
        longer.add(name + "BB");
      }
      names = longer;
    }
    return names;
  }

  static String form(List<String> names) {
    return String.join("=&", names) + "=";
  }

  @Test
  void aFloodOfCollidingKeysIsRefusedBeforeAnyPairIsParsed() {
    List<String> names = collidingNames(15);
    assertThat(names).hasSize(32_768);
    assertThat(names.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
    String body = form(names);
    assertThat(body.length()).isLessThanOrEqualTo(Exchange.MAX_BODY_BYTES);

    Map<String, String> parsed = new HashMap<>();
    assertThatThrownBy(() -> FormData.decode(body.getBytes(StandardCharsets.UTF_8), parsed))
        .isInstanceOfSatisfying(
            FormData.MalformedException.class,
            e -> {
              assertThat(e.name()).isEqualTo("parameters");
              assertThat(e.getMessage()).contains("512");
            });
    assertThat(parsed).isEmpty();
  }

  @Test
  void theCountIncludesWhatTheQueryStringAlreadyGave() throws Exception {
    Map<String, String> parsed = new LinkedHashMap<>();
    FormData.decode(form(collidingNames(9)), parsed);
    assertThat(parsed).hasSize(FormData.MAX_PARAMETERS);
    assertThatThrownBy(() -> FormData.decode("one=1", parsed))
        .isInstanceOf(FormData.MalformedException.class);
    assertThat(parsed).hasSize(FormData.MAX_PARAMETERS);
  }

  @Test
  void namesAndValuesAreBounded() throws Exception {
    Map<String, String> parsed = new HashMap<>();
    FormData.decode("n=" + "v".repeat(FormData.MAX_VALUE_LENGTH), parsed);
    assertThat(parsed.get("n")).hasSize(FormData.MAX_VALUE_LENGTH);
    assertThatThrownBy(
            () -> FormData.decode("m=" + "v".repeat(FormData.MAX_VALUE_LENGTH + 1), parsed))
        .isInstanceOfSatisfying(
            FormData.MalformedException.class, e -> assertThat(e.name()).isEqualTo("m"));
    assertThatThrownBy(
            () -> FormData.decode("x".repeat(FormData.MAX_NAME_LENGTH + 1) + "=1", new HashMap<>()))
        .isInstanceOfSatisfying(
            FormData.MalformedException.class,
            e -> assertThat(e.name()).isEqualTo("parameter name"));
  }

  @Test
  void escapesMustBeWellFormedUtf8() throws Exception {
    Map<String, String> parsed = new LinkedHashMap<>();
    FormData.decode(
        "a=%E4%B8%AD+x&b=caf%C3%A9&c=\u00e9\uD83D\uDE00&d&=skipped&e=1%2B1%3D2", parsed);
    assertThat(parsed)
        .containsExactly(
            Map.entry("a", "\u4e2d x"),
            Map.entry("b", "caf\u00e9"),
            Map.entry("c", "\u00e9\uD83D\uDE00"),
            Map.entry("d", ""),
            Map.entry("e", "1+1=2"));
    for (String bad : new String[] {"a=%G1", "a=%4", "a=%", "a=%E4%B8", "a=%FF", "%C3%28=1"}) {
      assertThatThrownBy(() -> FormData.decode(bad, new HashMap<>()))
          .as(bad)
          .isInstanceOf(FormData.MalformedException.class);
    }
    assertThatThrownBy(
            () -> FormData.decode(new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}, new HashMap<>()))
        .isInstanceOfSatisfying(
            FormData.MalformedException.class, e -> assertThat(e.name()).isEqualTo("body"));
    assertThatThrownBy(() -> FormData.decode("a=1&a=2", new HashMap<>()))
        .isInstanceOf(FormData.MalformedException.class);
  }
}
