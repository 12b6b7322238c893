package dev.taskengine.server;

import java.util.List;
import java.util.function.Function;

/**
 * The canonical request that both ACS3-HMAC-SHA256 (Alibaba) and SDK-HMAC-SHA256 (Huawei) hash and
 * sign: six lines joined by {@code \n}: the method, the canonical URI, the canonical query, the
 * canonical headers ({@code name:value}, name lower-cased, value trimmed, one per signed header in
 * the order the request lists them, each ending in {@code \n}), the signed header names joined by
 * {@code ;}, and the hex SHA-256 of the body. The schemes differ only in how they spell the URI and
 * the query, which their callers do. Stateless.
 */
final class CanonicalRequest {
  private CanonicalRequest() {}

  /**
   * @param signedHeaders the lower-case names the request says it signed, in its order
   * @param headerValue a header's value as sent, by lower-case name
   */
  static String of(
      String method,
      String uri,
      String query,
      List<String> signedHeaders,
      Function<String, String> headerValue,
      String payloadHash) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders) {
      String value = headerValue.apply(name);
      headers.append(name).append(':').append(value == null ? "" : value.strip()).append('\n');
    }
    return method
        + '\n'
        + uri
        + '\n'
        + query
        + '\n'
        + headers
        + '\n'
        + String.join(";", signedHeaders)
        + '\n'
        + payloadHash;
  }
}
