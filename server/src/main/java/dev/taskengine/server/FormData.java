package dev.taskengine.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text, the encoding of query strings and RPC
 * form bodies: {@code name=value} pairs separated by {@code &}, percent-escapes in UTF-8, {@code +}
 * a space. Stateless.
 */
final class FormData {
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
   * @throws MalformedException when an escape is malformed or a name is given twice (in this text
   *     or before it in {@code into})
   */
  static void decode(String encoded, Map<String, String> into) throws MalformedException {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = unescape(equals < 0 ? pair : pair.substring(0, equals), "parameter name");
      String value = equals < 0 ? "" : unescape(pair.substring(equals + 1), name);
      if (name.isEmpty()) {
        continue;
      }
      if (into.putIfAbsent(name, value) != null) {
        throw new MalformedException(name, "is given more than once");
      }
    }
  }

  private static String unescape(String text, String name) throws MalformedException {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(name, "has a malformed percent-escape");
    }
  }
}
