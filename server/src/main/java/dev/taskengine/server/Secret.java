package dev.taskengine.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Objects;

/**
 * A secret of the config (an access key secret, a token, a page-token key) that never shows itself:
 * {@link #toString()} is {@code Secret[hidden]}, so that a config, an exception or a log line that
 * mentions one does not spell it out. In a config file a secret is given inline ({@code "secret":
 * "..."}), from an environment variable ({@code "secret": {"env": "NAME"}}) or from a file ({@code
 * "secret": {"file": "path"}}, relative to the config file, one trailing newline dropped).
 * Immutable and thread-safe.
 */
@JsonDeserialize(using = Secret.Reader.class)
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** A secret with this value (not blank). */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The value; only the code that signs or verifies with it may ask. */
  String reveal() {
    return value;
  }

  /** The number of characters, for the minimum-length rules. */
  int length() {
    return value.length();
  }

  /** Never the value. */
  @Override
  public String toString() {
    return "Secret[hidden]";
  }

  /**
   * Reads a secret where the config gives one: a string, {@code {"env": NAME}} or {@code {"file":
   * PATH}}, resolved through the {@link SecretSources} the read was given. Its errors name the
   * field, the variable or the file, never a value.
   */
  static final class Reader extends StdDeserializer<Secret> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(Secret.class);
    }

    @Override
    public Secret deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String field = path(parser.getParsingContext());
      SecretSources sources =
          (SecretSources) context.findInjectableValue(SecretSources.class.getName(), null, null);
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return sources.inline(field, parser.getText());
      }
      if (token != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            field + ": a string, {\"env\": \"NAME\"} or {\"file\": \"PATH\"}");
      }
      String env = null;
      String file = null;
      int given = 0;
      for (JsonToken next = parser.nextToken();
          next == JsonToken.FIELD_NAME;
          next = parser.nextToken()) {
        String name = parser.currentName();
        if (parser.nextToken() != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException(field + "." + name + ": must be a string");
        }
        switch (name) {
          case "env" -> env = parser.getText();
          case "file" -> file = parser.getText();
          default ->
              throw new IllegalArgumentException(
                  field + ": unknown field \"" + name + "\"; give \"env\" or \"file\"");
        }
        given++;
      }
      if (given != 1) {
        throw new IllegalArgumentException(field + ": give exactly one of \"env\" and \"file\"");
      }
      return env != null ? sources.environment(field, env) : sources.file(field, file);
    }

    @Override
    public Secret getNullValue(DeserializationContext context) {
      return null;
    }

    /** {@code accounts[0].alibabaAccessKeys[1].secret}, from where the parser stands. */
    private static String path(JsonStreamContext context) {
      StringBuilder path = new StringBuilder();
      for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
        String part =
            at.inArray()
                ? "[" + Math.max(at.getCurrentIndex(), 0) + "]"
                : (at.getCurrentName() == null ? "" : "." + at.getCurrentName());
        path.insert(0, part);
      }
      return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }
  }
}
