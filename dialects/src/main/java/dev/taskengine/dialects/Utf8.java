package dev.taskengine.dialects;

/** UTF-8 helpers for fields whose limit the vendors state in bytes. Stateless and thread-safe. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The longest prefix of {@code text} that takes at most {@code maxBytes} bytes in UTF-8, never
   * splitting a character: a character (including a surrogate pair, 4 bytes) that does not fit
   * whole is left out with everything after it. Null stays null.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is negative
   */
  public static String truncate(String text, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    if (text == null) {
      return null;
    }
    int bytes = 0;
    int index = 0;
    while (index < text.length()) {
      int codePoint = text.codePointAt(index);
      int width = encodedLength(codePoint);
      if (bytes + width > maxBytes) {
        return text.substring(0, index);
      }
      bytes += width;
      index += Character.charCount(codePoint);
    }
    return text;
  }

  /** The number of bytes {@code text} takes in UTF-8 (a lone surrogate counts as 3). */
  public static int length(String text) {
    int bytes = 0;
    for (int index = 0; index < text.length(); ) {
      int codePoint = text.codePointAt(index);
      bytes += encodedLength(codePoint);
      index += Character.charCount(codePoint);
    }
    return bytes;
  }

  private static int encodedLength(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    if (codePoint < 0x10000) {
      return 3; // includes a lone surrogate, which encoders replace or escape: never fewer bytes
    }
    return 4;
  }
}
