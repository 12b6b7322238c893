package dev.taskengine.server;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Huawei Cloud's SDKs sign a request with an access key (SDK-HMAC-SHA256), as pure functions:
 * the verifier recomputes a request's signature with them and the tests sign with them. The {@link
 * CanonicalRequest} is ACS3's, except for the URI and the query:
 *
 * <ul>
 *   <li>URI: each path segment percent-decoded, then RFC 3986-encoded, each followed by {@code /},
 *       so {@code /v1/x/cloud-phone/jobs} is signed as {@code /v1/x/cloud-phone/jobs/};
 *   <li>query: each name and value RFC 3986-encoded, sorted by the encoded name.
 * </ul>
 *
 * <p>The string to sign is {@code SDK-HMAC-SHA256\n}, the {@code X-Sdk-Date}, {@code \n} and the
 * hex SHA-256 of the canonical request; the signature is hex HMAC-SHA256 keyed with the secret key.
 * Stateless.
 */
final class HuaweiSignatures {
  static final String ALGORITHM = "SDK-HMAC-SHA256";

  /** {@code X-Sdk-Date}: UTC, {@code 20261124T120000Z}. */
  static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private HuaweiSignatures() {}

  /**
   * The canonical URI of a path as sent (still percent-encoded).
   *
   * @throws IllegalArgumentException when a segment is not valid percent-encoding
   */
  static String canonicalUri(String rawPath) {
    if (rawPath.equals("/")) {
      return rawPath;
    }
    StringBuilder uri = new StringBuilder();
    for (String segment : rawPath.split("/", -1)) {
      uri.append(Rfc3986.encode(Rfc3986.decodePercent(segment))).append('/');
    }
    // A path that already ends in "/" has an empty last segment, which must not add a second "/".
    if (rawPath.endsWith("/")) {
      uri.setLength(uri.length() - 1);
    }
    return uri.toString();
  }

  /** The canonical query of decoded query parameters. */
  static String canonicalQuery(Map<String, String> query) {
    TreeMap<String, String> encoded = new TreeMap<>();
    query.forEach((name, value) -> encoded.put(Rfc3986.encode(name), Rfc3986.encode(value)));
    StringBuilder canonical = new StringBuilder();
    encoded.forEach(
        (name, value) -> {
          if (canonical.length() > 0) {
            canonical.append('&');
          }
          canonical.append(name).append('=').append(value);
        });
    return canonical.toString();
  }

  /** The hex signature of a canonical request signed at {@code sdkDate} under {@code secret}. */
  static String signature(String secret, String sdkDate, String canonicalRequest) {
    String stringToSign = ALGORITHM + "\n" + sdkDate + "\n" + Crypto.sha256Hex(canonicalRequest);
    return Crypto.hex(
        Crypto.hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
  }

  /** The {@code Authorization} header value of a signature. */
  static String authorization(String accessKey, List<String> signedHeaders, String signature) {
    return ALGORITHM
        + " Access="
        + accessKey
        + ", SignedHeaders="
        + String.join(";", signedHeaders)
        + ", Signature="
        + signature;
  }
}
