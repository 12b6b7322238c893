package dev.taskengine.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Percent-encoding as RFC 3986 defines it, the encoding every vendor signature canonicalizes with:
 * the unreserved characters {@code A-Z a-z 0-9 - _ . ~} stay, every other UTF-8 byte becomes {@code
 * %XX} in upper-case hex (a space is {@code %20}, never {@code +}). Stateless.
 */
final class Rfc3986 {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Rfc3986() {}

  static String encode(String text) {
    StringBuilder encoded = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return encoded.toString();
  }

  /**
   * {@code name=value} pairs, each side encoded, joined by {@code &}, in the map's order: a query
   * string or form body, and (in sorted order) the canonical query the signatures sign.
   */
  static String encodePairs(Map<String, String> pairs) {
    StringBuilder text = new StringBuilder();
    pairs.forEach(
        (name, value) -> {
          if (text.length() > 0) {
            text.append('&');
          }
          text.append(encode(name)).append('=').append(encode(value));
        });
    return text.toString();
  }

  /**
   * Decodes {@code %XX} escapes (UTF-8) and nothing else: a {@code +} stays a {@code +}, as in a
   * URI path.
   *
   * @throws IllegalArgumentException when an escape is malformed or the bytes are not UTF-8
   */
  static String decodePercent(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      int plainEnd = percent < 0 ? text.length() : percent;
      bytes.writeBytes(text.substring(i, plainEnd).getBytes(StandardCharsets.UTF_8));
      if (percent < 0) {
        break;
      }
      if (percent + 2 >= text.length()) {
        throw new IllegalArgumentException("a % escape is cut short");
      }
      int high = Character.digit(text.charAt(percent + 1), 16);
      int low = Character.digit(text.charAt(percent + 2), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("a % is not followed by two hex digits");
      }
      bytes.write(high << 4 | low);
      i = percent + 3;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the escapes are not UTF-8");
    }
  }
}
