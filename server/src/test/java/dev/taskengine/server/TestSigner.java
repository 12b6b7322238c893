package dev.taskengine.server;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' one way to sign a request as the vendors' SDKs do, on the server's own signature
 * functions ({@link AlibabaSignatures}, {@link HuaweiSignatures}), which {@code
 * SignatureAgreementTest} checks against the SDKs' signers. Tests use it to craft what an SDK will
 * not send: a stale time, a repeated nonce, a header that names a second identity. Stateless.
 */
final class TestSigner {
  private TestSigner() {}

  /**
   * {@code params} with the signature v1 parameters added ({@code AccessKeyId} unless given, {@code
   * SignatureMethod}, {@code SignatureVersion}, {@code SignatureNonce}, {@code Timestamp}, {@code
   * Signature}), in order, not yet URL-encoded.
   */
  static Map<String, String> rpcV1(
      String method,
      Map<String, String> params,
      String accessKeyId,
      String secret,
      Instant signedAt,
      String nonce) {
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.putIfAbsent("AccessKeyId", accessKeyId);
    signed.put("SignatureMethod", "HMAC-SHA1");
    signed.put("SignatureVersion", "1.0");
    signed.put("SignatureNonce", nonce);
    signed.put("Timestamp", AlibabaSignatures.TIMESTAMP.format(signedAt));
    signed.put("Signature", AlibabaSignatures.rpcV1Signature(secret, method, signed));
    return signed;
  }

  /** RFC 3986-encoded {@code name=value&...}, as a query string or form body. */
  static String encode(Map<String, String> params) {
    return Rfc3986.encodePairs(params);
  }

  /**
   * The headers of an ACS3-HMAC-SHA256 request to {@code uri} as the tea SDK sends them: {@code
   * headers} (for example {@code x-acs-action}) plus {@code x-acs-date}, {@code
   * x-acs-signature-nonce}, {@code x-acs-content-sha256} and {@code Authorization}, signing {@code
   * host} (the URI's authority, as the JDK client sends it) and every {@code x-acs-} header.
   */
  static Map<String, String> acs3(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String accessKeyId,
      String secret,
      Instant signedAt,
      String nonce) {
    Map<String, String> all = withHost(headers, uri);
    all.put("x-acs-date", AlibabaSignatures.TIMESTAMP.format(signedAt));
    all.put("x-acs-signature-nonce", nonce);
    all.put("x-acs-content-sha256", Crypto.sha256Hex(body));
    List<String> signed = new ArrayList<>(all.keySet());
    String canonical =
        CanonicalRequest.of(
            method,
            uri.getRawPath(),
            AlibabaSignatures.acs3CanonicalQuery(decode(uri.getRawQuery())),
            signed,
            all::get,
            Crypto.sha256Hex(body));
    all.put(
        "Authorization",
        AlibabaSignatures.acs3Authorization(
            accessKeyId, signed, AlibabaSignatures.acs3Signature(secret, canonical)));
    all.remove("host");
    return all;
  }

  /**
   * The headers of a Huawei SDK-HMAC-SHA256 request to {@code uri} (a GET without a body): {@code
   * headers} plus {@code X-Sdk-Date} and {@code Authorization}, signing {@code host} and every
   * header given.
   */
  static Map<String, String> huawei(
      String method,
      URI uri,
      Map<String, String> headers,
      String accessKey,
      String secretKey,
      Instant signedAt) {
    Map<String, String> all = withHost(headers, uri);
    String sdkDate = HuaweiSignatures.SDK_DATE.format(signedAt);
    all.put("x-sdk-date", sdkDate);
    List<String> signed = new ArrayList<>(all.keySet());
    String canonical =
        CanonicalRequest.of(
            method,
            HuaweiSignatures.canonicalUri(uri.getRawPath()),
            HuaweiSignatures.canonicalQuery(decode(uri.getRawQuery())),
            signed,
            all::get,
            Crypto.sha256Hex(new byte[0]));
    all.put(
        "Authorization",
        HuaweiSignatures.authorization(
            accessKey, signed, HuaweiSignatures.signature(secretKey, sdkDate, canonical)));
    all.remove("host");
    return all;
  }

  /** {@code headers} by lower-case name, sorted, with {@code host} as the JDK client sends it. */
  private static Map<String, String> withHost(Map<String, String> headers, URI uri) {
    Map<String, String> all = new TreeMap<>();
    headers.forEach((name, value) -> all.put(name.toLowerCase(Locale.ROOT), value));
    all.put("host", uri.getRawAuthority());
    return all;
  }

  private static Map<String, String> decode(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    try {
      FormData.decode(rawQuery, query);
    } catch (FormData.MalformedException e) {
      throw new IllegalArgumentException("cannot sign a malformed query: " + e.getMessage());
    }
    return query;
  }
}
