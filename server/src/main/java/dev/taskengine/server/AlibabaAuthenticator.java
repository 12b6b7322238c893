package dev.taskengine.server;

import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.alibaba.AlibabaErrors;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the signature of an Alibaba RPC request and says whose it is: RPC signature v1 (a {@code
 * Signature} parameter, HMAC-SHA1) or ACS3-HMAC-SHA256 (an {@code Authorization} header). The
 * caller is the access key the signature was made with, never a name elsewhere in the request;
 * another element that names a different access key ({@code x-acs-accesskey-id}, an {@code
 * AccessKeyId} parameter beside ACS3) is refused. The signing time must be within 15 minutes of the
 * server's clock and the nonce new ({@link ReplayGuard}). Every refusal is an {@link
 * ApiErrorException} with Alibaba's code. Checks run cheapest first; the HMAC only after the access
 * key, the time and the form of the request passed. Thread-safe.
 */
final class AlibabaAuthenticator {
  private static final List<String> ACS3_REQUIRED_HEADERS =
      List.of("host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256");

  private final Credentials credentials;
  private final ReplayGuard replays;

  AlibabaAuthenticator(Credentials credentials, ReplayGuard replays) {
    this.credentials = credentials;
    this.replays = replays;
  }

  /**
   * The verified caller of a request whose parameters (query and form body, decoded) are {@code
   * params}.
   *
   * @throws ApiErrorException when the request is not signed, or not rightly
   */
  Caller authenticate(Exchange exchange, Map<String, String> params) {
    String authorization = exchange.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      if (params.containsKey("Signature")) {
        throw refuse(
            AlibabaErrors.incompleteSignature(
                "the request carries both an Authorization header and a Signature parameter"));
      }
      return acs3(exchange, params, authorization);
    }
    if (params.containsKey("Signature") || params.containsKey("AccessKeyId")) {
      return rpcV1(exchange, params);
    }
    if (exchange.header("x-acs-accesskey-id") != null) {
      throw refuse(AlibabaErrors.missingCommonParameter("Signature"));
    }
    throw refuse(AlibabaErrors.missingAccessKeyId());
  }

  private Caller rpcV1(Exchange exchange, Map<String, String> params) {
    String accessKeyId = required(params, "AccessKeyId");
    String signature = required(params, "Signature");
    String method = params.get("SignatureMethod");
    if (method != null && !method.equals(AlibabaSignatures.RPC_V1_METHOD)) {
      throw refuse(AlibabaErrors.invalidSignatureMethod("SignatureMethod must be HMAC-SHA1"));
    }
    String version = params.get("SignatureVersion");
    if (version != null && !version.equals(AlibabaSignatures.RPC_V1_VERSION)) {
      throw refuse(AlibabaErrors.incompleteSignature("SignatureVersion must be 1.0"));
    }
    refuseUnservedCredentials(
        params.containsKey("SignatureType"), params.containsKey("SecurityToken"));
    Instant signedAt = time(required(params, "Timestamp"));
    String nonce = required(params, "SignatureNonce");
    Credentials.AccessKey key =
        credentials
            .alibabaKey(accessKeyId)
            .orElseThrow(() -> refuse(AlibabaErrors.accessKeyNotFound()));
    String named = exchange.header("x-acs-accesskey-id");
    if (named != null && !named.equals(accessKeyId)) {
      throw refuse(
          AlibabaErrors.incompleteSignature(
              "the x-acs-accesskey-id header names another access key than the signed"
                  + " AccessKeyId"));
    }
    requireWithinWindow(signedAt);
    String secret = key.secret().reveal();
    String expected = AlibabaSignatures.rpcV1Signature(secret, exchange.method(), params);
    if (!Crypto.constantTimeEquals(expected, signature)
        && !matchesWithoutEmptyValues(secret, exchange.method(), params, signature)) {
      throw refuse(
          AlibabaErrors.signatureDoesNotMatch(
              "server string to sign is:"
                  + AlibabaSignatures.rpcV1StringToSign(exchange.method(), params)));
    }
    requireFirstUse(accessKeyId, nonce, signedAt);
    return new Caller(key.account(), accessKeyId, Set.of());
  }

  /**
   * The tea SDKs leave parameters with an empty value out of the v1 string to sign (and send them
   * all the same); aliyun-java-sdk-core signs them. Either spelling is the caller's: an unsigned
   * empty value changes nothing, since the APIs read an empty value as absent.
   */
  private static boolean matchesWithoutEmptyValues(
      String secret, String method, Map<String, String> params, String signature) {
    if (!params.containsValue("")) {
      return false;
    }
    Map<String, String> nonEmpty = new LinkedHashMap<>();
    params.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            nonEmpty.put(name, value);
          }
        });
    return Crypto.constantTimeEquals(
        AlibabaSignatures.rpcV1Signature(secret, method, nonEmpty), signature);
  }

  private Caller acs3(Exchange exchange, Map<String, String> params, String authorization) {
    AuthorizationHeader header =
        AuthorizationHeader.parse(authorization)
            .orElseThrow(
                () ->
                    refuse(
                        AlibabaErrors.incompleteSignature(
                            "Authorization must be ACS3-HMAC-SHA256"
                                + " Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>")));
    if (!header.algorithm().equals(AlibabaSignatures.ACS3)) {
      throw refuse(
          AlibabaErrors.invalidSignatureMethod(
              "the Authorization algorithm must be ACS3-HMAC-SHA256"));
    }
    String accessKeyId = part(header, "Credential");
    String signature = part(header, "Signature").toLowerCase(Locale.ROOT);
    List<String> signedHeaders =
        header
            .signedHeaders()
            .orElseThrow(
                () ->
                    refuse(
                        AlibabaErrors.incompleteSignature(
                            "SignedHeaders must list header names, each once")));
    for (String required : ACS3_REQUIRED_HEADERS) {
      if (!signedHeaders.contains(required)) {
        throw refuse(
            AlibabaErrors.incompleteSignature("the " + required + " header must be signed"));
      }
    }
    // The V3 signature covers every common header the request carries, not only those it lists.
    for (String name : exchange.headerNames()) {
      if ((name.startsWith("x-acs-") || name.equals("content-type"))
          && !signedHeaders.contains(name)) {
        throw refuse(AlibabaErrors.incompleteSignature("the " + name + " header is not signed"));
      }
    }
    for (String name : signedHeaders) {
      if (exchange.headerCount(name) != 1) {
        throw refuse(
            AlibabaErrors.incompleteSignature(
                "the signed " + name + " header must be given exactly once"));
      }
    }
    refuseUnservedCredentials(false, exchange.header("x-acs-security-token") != null);
    Instant signedAt = time(exchange.header("x-acs-date"));
    Credentials.AccessKey key =
        credentials
            .alibabaKey(accessKeyId)
            .orElseThrow(() -> refuse(AlibabaErrors.accessKeyNotFound()));
    for (String named :
        new String[] {exchange.header("x-acs-accesskey-id"), params.get("AccessKeyId")}) {
      if (named != null && !named.isEmpty() && !named.equals(accessKeyId)) {
        throw refuse(
            AlibabaErrors.incompleteSignature(
                "the request names another access key than the signature's Credential"));
      }
    }
    requireWithinWindow(signedAt);
    String bodyHash = Crypto.sha256Hex(body(exchange));
    if (!bodyHash.equals(
        exchange.header("x-acs-content-sha256").strip().toLowerCase(Locale.ROOT))) {
      throw refuse(
          AlibabaErrors.signatureDoesNotMatch(
              "x-acs-content-sha256 is not the SHA-256 of the body."));
    }
    Map<String, String> query = new LinkedHashMap<>();
    try {
      FormData.decode(exchange.rawQuery(), query);
    } catch (FormData.MalformedException e) {
      throw refuse(AlibabaErrors.invalidParameter(e.name(), e.getMessage()));
    }
    String canonical =
        CanonicalRequest.of(
            exchange.method(),
            exchange.rawPath(),
            AlibabaSignatures.acs3CanonicalQuery(query),
            signedHeaders,
            exchange::header,
            bodyHash);
    String expected = AlibabaSignatures.acs3Signature(key.secret().reveal(), canonical);
    if (!Crypto.constantTimeEquals(expected, signature)) {
      throw refuse(
          AlibabaErrors.signatureDoesNotMatch(
              "server StringToSign is ["
                  + AlibabaSignatures.ACS3
                  + "\n"
                  + Crypto.sha256Hex(canonical)
                  + "], server CanonicalRequest is ["
                  + canonical
                  + "]"));
    }
    requireFirstUse(accessKeyId, exchange.header("x-acs-signature-nonce"), signedAt);
    return new Caller(key.account(), accessKeyId, Set.copyOf(signedHeaders));
  }

  private static byte[] body(Exchange exchange) {
    try {
      return exchange.body();
    } catch (Exchange.BodyTooLargeException e) {
      throw refuse(AlibabaErrors.invalidParameter("body", e.getMessage()));
    } catch (IOException e) {
      throw refuse(AlibabaErrors.invalidParameter("body", "could not be read"));
    }
  }

  private static void refuseUnservedCredentials(boolean bearer, boolean securityToken) {
    if (bearer) {
      throw refuse(
          AlibabaErrors.incompleteSignature(
              "SignatureType: bearer tokens are not served; sign with an access key"));
    }
    if (securityToken) {
      throw refuse(
          AlibabaErrors.incompleteSignature(
              "SecurityToken: temporary (STS) credentials are not served; sign with an access"
                  + " key"));
    }
  }

  private void requireWithinWindow(Instant signedAt) {
    if (!replays.withinWindow(signedAt)) {
      throw refuse(AlibabaErrors.timestampExpired());
    }
  }

  private void requireFirstUse(String accessKeyId, String nonce, Instant signedAt) {
    switch (replays.firstUse(accessKeyId, nonce, signedAt)) {
      case FIRST -> {}
      case REPLAYED -> throw refuse(AlibabaErrors.signatureNonceUsed());
      case TOO_OLD -> throw refuse(AlibabaErrors.timestampExpired());
    }
  }

  private static Instant time(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeException e) {
      throw refuse(AlibabaErrors.timestampMalformed());
    }
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw refuse(AlibabaErrors.missingCommonParameter(name));
    }
    return value;
  }

  private static String part(AuthorizationHeader header, String name) {
    return header
        .get(name)
        .orElseThrow(
            () ->
                refuse(
                    AlibabaErrors.incompleteSignature("the Authorization header has no " + name)));
  }

  private static ApiErrorException refuse(ApiError error) {
    return new ApiErrorException(error);
  }
}
