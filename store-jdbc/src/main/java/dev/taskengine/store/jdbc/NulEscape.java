package dev.taskengine.store.jdbc;

/**
 * The lossless text encoding the store uses on PostgreSQL, whose {@code text} cannot hold U+0000:
 * U+0000 is written as U+0001 U+0001 and U+0001 as U+0001 U+0002; every other character stays
 * itself. Applied alike to stored values and to filter values, so equality filters and indexes work
 * unchanged, and values without those two characters are stored exactly as given.
 *
 * <p>The code is prefix-free (U+0001 always starts a pair), hence injective, and it preserves code
 * point order: U+0000 &lt; U+0001 &lt; everything else before and after encoding, so {@code ORDER
 * BY id COLLATE "C"} sorts encoded ids as the originals.
 */
final class NulEscape {
  private static final char NUL = '\u0000';
  private static final char MARK = '\u0001';
  private static final char ESCAPED_NUL = '\u0001';
  private static final char ESCAPED_MARK = '\u0002';

  private NulEscape() {}

  static String encode(String value) {
    if (value == null || (value.indexOf(NUL) < 0 && value.indexOf(MARK) < 0)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == NUL) {
        out.append(MARK).append(ESCAPED_NUL);
      } else if (c == MARK) {
        out.append(MARK).append(ESCAPED_MARK);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String decode(String stored) {
    if (stored == null || stored.indexOf(MARK) < 0) {
      return stored;
    }
    StringBuilder out = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == MARK && i + 1 < stored.length()) {
        char next = stored.charAt(i + 1);
        if (next == ESCAPED_NUL) {
          out.append(NUL);
          i++;
          continue;
        }
        if (next == ESCAPED_MARK) {
          out.append(MARK);
          i++;
          continue;
        }
      }
      // Not a pair this store wrote (a row written by other means): keep it as it is.
      out.append(c);
    }
    return out.toString();
  }
}
