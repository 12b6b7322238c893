package dev.taskengine.server;

import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.huawei.HuaweiErrors;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a Huawei request and says whose it is: an {@code X-Auth-Token} (there is no IAM here, so
 * a configured token is a bearer secret with an expiry, looked up by its hash) or an
 * SDK-HMAC-SHA256 signature with an access key. A request that carries both is refused. The signing
 * time ({@code X-Sdk-Date}) must be within 15 minutes of the server's clock; the scheme has no
 * nonce, so within that window a captured request can be sent again, as with Huawei's own gateway.
 * Every refusal is API Gateway's 401 {@code APIGW.0301}, with the problem in its message.
 * Thread-safe.
 */
final class HuaweiAuthenticator {
  private static final List<String> REQUIRED_HEADERS = List.of("host", "x-sdk-date");
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private final Credentials credentials;

  /** The clock and the time window only: SDK-HMAC-SHA256 has no nonce to remember. */
  private final ReplayGuard window;

  HuaweiAuthenticator(Credentials credentials, ReplayGuard window) {
    this.credentials = credentials;
    this.window = window;
  }

  /**
   * The verified caller.
   *
   * @throws ApiErrorException 401 APIGW.0301 when the request does not prove who it is
   */
  Caller authenticate(Exchange exchange) {
    String token = exchange.header("X-Auth-Token");
    String authorization = exchange.header("Authorization");
    if (token != null && !token.isEmpty()) {
      if (authorization != null) {
        throw refuse("give either X-Auth-Token or an AK/SK signature, not both");
      }
      Credentials.AuthToken found =
          credentials.huaweiToken(token).orElseThrow(() -> refuse("decrypt token fail"));
      if (!window.now().isBefore(found.expiresAt())) {
        throw refuse("token expires, expires_at: " + found.expiresAt());
      }
      return new Caller(found.account(), Caller.tokenId(token), Set.of());
    }
    if (authorization == null || authorization.isBlank()) {
      throw refuse("x-auth-token not found");
    }
    return signed(exchange, authorization);
  }

  private Caller signed(Exchange exchange, String authorization) {
    AuthorizationHeader header =
        AuthorizationHeader.parse(authorization)
            .orElseThrow(
                () ->
                    refuse(
                        "Authorization must be SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>,"
                            + " Signature=<hex>"));
    if (!header.algorithm().equals(HuaweiSignatures.ALGORITHM)) {
      throw refuse("the signing algorithm must be SDK-HMAC-SHA256");
    }
    String access =
        header.get("Access").orElseThrow(() -> refuse("the Authorization has no Access"));
    String signature =
        header
            .get("Signature")
            .orElseThrow(() -> refuse("the Authorization has no Signature"))
            .toLowerCase(Locale.ROOT);
    List<String> signedHeaders =
        header
            .signedHeaders()
            .orElseThrow(() -> refuse("SignedHeaders must list header names, each once"));
    for (String required : REQUIRED_HEADERS) {
      if (!signedHeaders.contains(required)) {
        throw refuse("the " + required + " header must be signed");
      }
    }
    for (String name : signedHeaders) {
      if (exchange.headerCount(name) != 1) {
        throw refuse("the signed " + name + " header must be given exactly once");
      }
    }
    String sdkDate = exchange.header("X-Sdk-Date").strip();
    Instant signedAt;
    try {
      signedAt = Instant.from(HuaweiSignatures.SDK_DATE.parse(sdkDate));
    } catch (DateTimeParseException e) {
      throw refuse("x-sdk-date is not yyyyMMddTHHmmssZ");
    }
    Credentials.AccessKey key =
        credentials.huaweiKey(access).orElseThrow(() -> refuse("ak not exist"));
    if (!window.withinWindow(signedAt)) {
      throw refuse(
          "signature expired, signature time:"
              + sdkDate
              + ", server time:"
              + HuaweiSignatures.SDK_DATE.format(window.now()));
    }
    String uri;
    Map<String, String> query = new LinkedHashMap<>();
    try {
      uri = HuaweiSignatures.canonicalUri(exchange.rawPath());
      FormData.decode(exchange.rawQuery(), query);
    } catch (IllegalArgumentException | FormData.MalformedException e) {
      throw refuse("verify aksk signature fail: the path or query cannot be canonicalized");
    }
    String canonical =
        CanonicalRequest.of(
            exchange.method(),
            uri,
            HuaweiSignatures.canonicalQuery(query),
            signedHeaders,
            exchange::header,
            payloadHash(exchange));
    String expected = HuaweiSignatures.signature(key.secret().reveal(), sdkDate, canonical);
    if (!Crypto.constantTimeEquals(expected, signature)) {
      throw refuse("verify aksk signature fail");
    }
    return new Caller(key.account(), access, Set.copyOf(signedHeaders));
  }

  /** The body's hash, or UNSIGNED-PAYLOAD when the request says it did not sign its body. */
  private static String payloadHash(Exchange exchange) {
    if (UNSIGNED_PAYLOAD.equals(exchange.header("X-Sdk-Content-Sha256"))) {
      return UNSIGNED_PAYLOAD;
    }
    try {
      return Crypto.sha256Hex(exchange.body());
    } catch (Exchange.BodyTooLargeException | IOException e) {
      throw refuse("verify aksk signature fail: the body cannot be read");
    }
  }

  private static ApiErrorException refuse(String problem) {
    return new ApiErrorException(HuaweiErrors.unauthorized(problem));
  }
}
