package dev.taskengine.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code Authorization} header of a signing scheme: {@code <ALGORITHM> Name=value,Name=value},
 * commas followed by optional spaces (ACS3 writes none, Huawei one), as both vendors' SDKs write
 * it. Immutable.
 *
 * @param algorithm the scheme, for example {@code ACS3-HMAC-SHA256}
 * @param parameters the named parts, for example {@code Credential}, {@code SignedHeaders}
 */
record AuthorizationHeader(String algorithm, Map<String, String> parameters) {
  AuthorizationHeader {
    parameters = Map.copyOf(parameters);
  }

  /** The header's parts, or empty when it is not of that form or names a part twice. */
  static Optional<AuthorizationHeader> parse(String header) {
    String text = header.strip();
    int space = text.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    Map<String, String> parameters = new HashMap<>();
    for (String part : text.substring(space + 1).split(",", -1)) {
      String item = part.strip();
      int equals = item.indexOf('=');
      if (equals <= 0
          || parameters.put(item.substring(0, equals), item.substring(equals + 1)) != null) {
        return Optional.empty();
      }
    }
    return Optional.of(new AuthorizationHeader(text.substring(0, space), parameters));
  }

  /** A named part, if given and not empty. */
  Optional<String> get(String name) {
    String value = parameters.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * The signed header names of a {@code SignedHeaders=a;b;c} part, lower-cased, in their order;
   * empty when the part is missing or names a header twice or an empty one.
   */
  Optional<List<String>> signedHeaders() {
    Optional<String> value = get("SignedHeaders");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.get().split(";", -1)) {
      String lower = name.strip().toLowerCase(Locale.ROOT);
      if (lower.isEmpty() || names.contains(lower)) {
        return Optional.empty();
      }
      names.add(lower);
    }
    return Optional.of(names);
  }
}
