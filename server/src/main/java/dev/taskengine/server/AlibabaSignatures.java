package dev.taskengine.server;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Alibaba Cloud's SDKs sign a request, as pure functions: the verifier recomputes a request's
 * signature with them, the {@link SignRequest} tool and the tests sign with them, and the vendors'
 * own SDKs (whose signatures the server accepts) check them from the outside. Stateless.
 *
 * <ul>
 *   <li>RPC signature v1 (eds_aic20230930 and aliyun-java-sdk-core 4.x): every parameter but {@code
 *       Signature}, query and form body alike, sorted by name and RFC 3986-encoded as {@code
 *       name=value} pairs joined by {@code &}; the string to sign is {@code METHOD&%2F&} followed
 *       by that text encoded once more; the signature is Base64 HMAC-SHA1 keyed with the secret
 *       followed by {@code &}.
 *   <li>ACS3-HMAC-SHA256 (ecs20140526): the {@link CanonicalRequest} over the path, the query
 *       (sorted by name, RFC 3986-encoded, {@code name=} for an empty value) and the signed
 *       headers; the string to sign is {@code ACS3-HMAC-SHA256\n} and the hex SHA-256 of it; the
 *       signature is hex HMAC-SHA256 keyed with the plain secret.
 * </ul>
 */
final class AlibabaSignatures {
  static final String ACS3 = "ACS3-HMAC-SHA256";
  static final String RPC_V1_METHOD = "HMAC-SHA1";
  static final String RPC_V1_VERSION = "1.0";

  /** {@code Timestamp} and {@code x-acs-date}: UTC, {@code 2026-11-24T12:00:00Z}. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** The SHA-256 of an empty body, which the tea SDKs send (chunked) with every RPC request. */
  static final String EMPTY_BODY_SHA256 = Crypto.sha256Hex(new byte[0]);

  private AlibabaSignatures() {}

  /** The RPC v1 string to sign of {@code params} ({@code Signature}, if there, is left out). */
  static String rpcV1StringToSign(String method, Map<String, String> params) {
    Map<String, String> signed = new TreeMap<>(params);
    signed.remove("Signature");
    return method + "&" + Rfc3986.encode("/") + "&" + Rfc3986.encode(Rfc3986.encodePairs(signed));
  }

  /** The RPC v1 {@code Signature} of {@code params} under {@code secret}. */
  static String rpcV1Signature(String secret, String method, Map<String, String> params) {
    byte[] key = (secret + "&").getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder()
        .encodeToString(Crypto.hmac("HmacSHA1", key, rpcV1StringToSign(method, params)));
  }

  /** The ACS3 canonical query of decoded query parameters: sorted by name, encoded. */
  static String acs3CanonicalQuery(Map<String, String> query) {
    return Rfc3986.encodePairs(new TreeMap<>(query));
  }

  /** The hex ACS3-HMAC-SHA256 signature of a canonical request under {@code secret}. */
  static String acs3Signature(String secret, String canonicalRequest) {
    String stringToSign = ACS3 + "\n" + Crypto.sha256Hex(canonicalRequest);
    return Crypto.hex(
        Crypto.hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
  }

  /** The {@code Authorization} header value of an ACS3 signature. */
  static String acs3Authorization(
      String accessKeyId, List<String> signedHeaders, String signature) {
    return ACS3
        + " Credential="
        + accessKeyId
        + ",SignedHeaders="
        + String.join(";", signedHeaders)
        + ",Signature="
        + signature;
  }
}
