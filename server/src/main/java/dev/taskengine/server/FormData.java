package dev.taskengine.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text, the encoding of query strings and RPC
 * form bodies: {@code name=value} pairs separated by {@code &}, percent-escapes in UTF-8, {@code +}
 * a space. Stateless.
 *
 * <p>Bounded before it costs anything: at most {@link #MAX_PARAMETERS} pairs in one request (query
 * string and body together), counted before any pair is decoded or stored, names of at most {@link
 * #MAX_NAME_LENGTH} characters and values of at most {@link #MAX_VALUE_LENGTH}. A flood of keys
 * that share one hash code is refused at the count, so it costs one pass over the text; below the
 * count the callers' maps are {@code HashMap}s, which keep colliding {@code String} keys in a tree.
 * Escapes must be well formed and decode to valid UTF-8: nothing is replaced silently.
 */
final class FormData {
  /** Most parameters of one request (a Cloud Phone request with every list full has about 420). */
  static final int MAX_PARAMETERS = 512;

  /** Longest parameter name, in characters after decoding. */
  static final int MAX_NAME_LENGTH = 256;

  /** Longest parameter value, in characters after decoding (the engine's largest payload). */
  static final int MAX_VALUE_LENGTH = 64 * 1024;

  private FormData() {}

  /** A parameter that cannot be read; the caller words it in its vendor's error. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String name;

    MalformedException(String name, String problem) {
      super(problem);
      this.name = name;
    }

    /** The parameter's name, or a placeholder when even the name was unreadable. */
    String name() {
      return name;
    }
  }

  /**
   * Adds the pairs of {@code encoded} (may be null or empty) to {@code into}. Pairs without a name
   * are skipped; a name without {@code =} has the empty value.
   *
   * @throws MalformedException when there are too many pairs (nothing is added then), a name or
   *     value is too long, an escape is malformed or not UTF-8, or a name is given twice (in this
   *     text or before it in {@code into})
   */
  static void decode(String encoded, Map<String, String> into) throws MalformedException {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    int pairs = 1;
    for (int i = 0; i < encoded.length(); i++) {
      if (encoded.charAt(i) == '&') {
        pairs++;
      }
    }
    if (into.size() + pairs > MAX_PARAMETERS) {
      throw new MalformedException(
          "parameters", "a request takes at most " + MAX_PARAMETERS + " parameters");
    }
    int start = 0;
    while (start <= encoded.length()) {
      int end = encoded.indexOf('&', start);
      if (end < 0) {
        end = encoded.length();
      }
      if (end > start) {
        pair(encoded, start, end, into);
      }
      start = end + 1;
    }
  }

  /**
   * Decodes a form body: {@link #decode(String, Map)} of its bytes, which must be UTF-8.
   *
   * @throws MalformedException as {@link #decode(String, Map)}, or when the body is not UTF-8
   */
  static void decode(byte[] body, Map<String, String> into) throws MalformedException {
    decode(utf8(body, "body"), into);
  }

  private static void pair(String encoded, int start, int end, Map<String, String> into)
      throws MalformedException {
    int equals = encoded.indexOf('=', start);
    int nameEnd = equals < 0 || equals > end ? end : equals;
    String name = unescape(encoded, start, nameEnd, "parameter name", MAX_NAME_LENGTH);
    if (name.isEmpty()) {
      return;
    }
    String value =
        nameEnd == end ? "" : unescape(encoded, nameEnd + 1, end, name, MAX_VALUE_LENGTH);
    if (into.putIfAbsent(name, value) != null) {
      throw new MalformedException(name, "is given more than once");
    }
  }

  private static String unescape(String text, int start, int end, String name, int maxLength)
      throws MalformedException {
    // Each character of the text is at most one decoded character: a cheap bound first.
    if (end - start > 3 * maxLength) {
      throw tooLong(name, maxLength);
    }
    boolean plain = true;
    for (int i = start; i < end && plain; i++) {
      char c = text.charAt(i);
      plain = c != '%' && c != '+';
    }
    String decoded;
    if (plain) {
      decoded = text.substring(start, end);
    } else {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c == '+') {
          bytes.write(' ');
        } else if (c == '%') {
          int high = i + 2 < end ? Character.digit(text.charAt(i + 1), 16) : -1;
          int low = i + 2 < end ? Character.digit(text.charAt(i + 2), 16) : -1;
          if (high < 0 || low < 0) {
            throw new MalformedException(name, "has a malformed percent-escape");
          }
          bytes.write(high * 16 + low);
          i += 2;
        } else if (c < 0x80) {
          bytes.write(c);
        } else {
          // A character sent unescaped: its UTF-8 bytes (a query string or body is UTF-8).
          int codePointEnd = Character.isHighSurrogate(c) && i + 1 < end ? i + 2 : i + 1;
          byte[] raw = text.substring(i, codePointEnd).getBytes(StandardCharsets.UTF_8);
          bytes.write(raw, 0, raw.length);
          i = codePointEnd - 1;
        }
      }
      decoded = utf8(bytes.toByteArray(), name);
    }
    if (decoded.length() > maxLength) {
      throw tooLong(name, maxLength);
    }
    return decoded;
  }

  private static MalformedException tooLong(String name, int maxLength) {
    return new MalformedException(name, "must be at most " + maxLength + " characters");
  }

  private static String utf8(byte[] bytes, String name) throws MalformedException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException(name, "is not valid UTF-8");
    }
  }
}
