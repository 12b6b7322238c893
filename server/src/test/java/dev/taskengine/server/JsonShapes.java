package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares our JSON with a vendor document's example: field names, nesting, order and types. The
 * dialects' tests have the same helper; the seeds' JSON comes from their test resources.
 */
final class JsonShapes {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonShapes() {}

  /** The example JSON of a seed, from the test resources. */
  public static JsonNode seed(String name) {
    try (InputStream in = JsonShapes.class.getResourceAsStream("/seeds/" + name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Asserts that {@code actual} has the example's shape: every object has only fields the example
   * has at that place (all of them when {@code allFields}), in the example's order, with the same
   * JSON types (an example null admits a string); arrays are checked element by element against the
   * example's first element.
   */
  public static void assertShape(JsonNode example, JsonNode actual, boolean allFields) {
    check("$", example, actual, allFields);
  }

  private static void check(String path, JsonNode example, JsonNode actual, boolean allFields) {
    if (example.isNull()) {
      assertThat(actual.isNull() || actual.isTextual()).as(path + " is null or text").isTrue();
      return;
    }
    if (example.isObject()) {
      assertThat(actual.isObject()).as(path + " is an object").isTrue();
      List<String> exampleFields = fields(example);
      List<String> actualFields = fields(actual);
      assertThat(exampleFields).as(path + " fields").containsAll(actualFields);
      if (allFields) {
        assertThat(actualFields).as(path + " fields").containsExactlyElementsOf(exampleFields);
      }
      int last = -1;
      for (String field : actualFields) {
        int position = exampleFields.indexOf(field);
        assertThat(position)
            .as(path + "." + field + " comes in the example's order")
            .isGreaterThan(last);
        last = position;
        check(path + "." + field, example.get(field), actual.get(field), allFields);
      }
      return;
    }
    if (example.isArray()) {
      assertThat(actual.isArray()).as(path + " is an array").isTrue();
      if (example.isEmpty()) {
        fail(path + ": the example array is empty");
      }
      for (int i = 0; i < actual.size(); i++) {
        check(path + "[" + i + "]", example.get(0), actual.get(i), allFields);
      }
      return;
    }
    assertThat(actual.getNodeType()).as(path + " type").isEqualTo(example.getNodeType());
    if (example.isNumber()) {
      assertThat(actual.isIntegralNumber())
          .as(path + " is an integer")
          .isEqualTo(example.isIntegralNumber());
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
