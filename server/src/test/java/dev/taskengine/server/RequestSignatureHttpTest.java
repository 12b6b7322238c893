package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.tck.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the verifiers refuse, request by request, on a clock the test moves: replayed nonces, stale
 * and future times, identities named outside the signature, signatures that leave out what they
 * must cover, and malformed signing elements; each in the vendor's shape with the vendor's code.
 * The requests are crafted with {@link TestSigner} (which {@code SignatureAgreementTest} checks
 * against the SDKs' signers); the SDKs' own refusals are in {@code VendorSdkTest}.
 */
class RequestSignatureHttpTest extends HttpTestBase {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-24T12:00:00Z"));
  private String alphaTask;
  private String betaTask;

  @Override
  Clock clock() {
    return clock;
  }

  @BeforeAll
  void createTasks() {
    alphaTask =
        engine
            .submit(
                TaskSpec.builder(Tenants.cloudPhone("alpha", "cn-hangzhou"), "StartInstance")
                    .invokeId("SIGNED-ONLY")
                    .build())
            .id();
    betaTask =
        engine
            .submit(
                TaskSpec.builder(Tenants.cloudPhone("beta", "cn-hangzhou"), "StartInstance")
                    .invokeId("SIGNED-ONLY")
                    .build())
            .id();
  }

  private Map<String, String> v1(Map<String, String> params, Instant at, String nonce) {
    return TestSigner.rpcV1(
        "GET",
        params,
        params.get("AccessKeyId"),
        alibabaSecret(params.get("AccessKeyId")),
        at,
        nonce);
  }

  private HttpResponse<String> getSigned(Map<String, String> signed, String... headers) {
    return get("/?" + TestSigner.encode(signed), headers);
  }

  private HttpResponse<String> acs3(
      String accessKeyId, String pathAndQuery, Instant at, String nonce, String... extraHeaders) {
    return send(
        acs3Request(
            accessKeyId, alibabaSecret(accessKeyId), pathAndQuery, at, nonce, extraHeaders));
  }

  /**
   * A DescribeTasks 2023-09-30 GET signed with ACS3 as {@code credential} with {@code secret} (not
   * necessarily its own); the caller may add headers the signature does not cover.
   */
  private HttpRequest.Builder acs3Request(
      String credential,
      String secret,
      String pathAndQuery,
      Instant at,
      String nonce,
      String... extraHeaders) {
    URI target = uri(pathAndQuery);
    Map<String, String> headers =
        pairs("x-acs-action", "DescribeTasks", "x-acs-version", "2023-09-30");
    headers.putAll(pairs(extraHeaders));
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
    TestSigner.acs3("GET", target, headers, new byte[0], credential, secret, at, nonce)
        .forEach(request::header);
    return request;
  }

  private static Set<String> taskIds(HttpResponse<String> response) {
    Set<String> ids = new HashSet<>();
    json(response).get("Data").forEach(item -> ids.add(item.get("TaskId").asText()));
    return ids;
  }

  @Test
  void aNonceServesOneRequestAndAReplayIsSignatureNonceUsed() {
    Map<String, String> signed =
        v1(cloudPhone(ALPHA_AK, "InvokeId", "SIGNED-ONLY"), clock.instant(), "nonce-v1-1");
    assertThat(getSigned(signed).statusCode()).isEqualTo(200);
    assertAlibabaError(getSigned(signed), 400, "SignatureNonceUsed");
    // Still refused ten minutes later, when the request is still within the window.
    clock.advance(Duration.ofMinutes(10));
    assertAlibabaError(getSigned(signed), 400, "SignatureNonceUsed");
    // A fresh request with the same nonce is a replay too, whatever else it says...
    assertAlibabaError(
        getSigned(v1(cloudPhone(ALPHA_AK, "MaxResults", "3"), clock.instant(), "nonce-v1-1")),
        400,
        "SignatureNonceUsed");
    // ...but nonces are per access key: another key may use the same one.
    assertThat(getSigned(v1(cloudPhone(BETA_AK), clock.instant(), "nonce-v1-1")).statusCode())
        .isEqualTo(200);

    String query = "/?InvokeId=SIGNED-ONLY";
    assertThat(acs3(ALPHA_AK, query, clock.instant(), "nonce-acs3-1").statusCode()).isEqualTo(200);
    assertAlibabaError(
        acs3(ALPHA_AK, query, clock.instant(), "nonce-acs3-1"), 400, "SignatureNonceUsed");
  }

  @Test
  void aSigningTimeMoreThanFifteenMinutesAwayIsExpiredAndABadOneMalformed() {
    Instant now = clock.instant();
    for (Duration offset : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
      assertAlibabaError(
          getSigned(v1(cloudPhone(ALPHA_AK), now.plus(offset), UUID.randomUUID().toString())),
          400,
          "InvalidTimeStamp.Expired");
      assertAlibabaError(
          acs3(ALPHA_AK, "/", now.plus(offset), UUID.randomUUID().toString()),
          400,
          "InvalidTimeStamp.Expired");
      assertHuaweiError(
          send(
              huaweiSigned(
                  "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=x", now.plus(offset))),
          401,
          "APIGW.0301");
    }
    for (Duration offset : List.of(Duration.ofMinutes(14), Duration.ofMinutes(-14))) {
      assertThat(
              getSigned(v1(cloudPhone(ALPHA_AK), now.plus(offset), UUID.randomUUID().toString()))
                  .statusCode())
          .isEqualTo(200);
    }
    Map<String, String> badTime = signed("GET", cloudPhone(ALPHA_AK));
    badTime.put("Timestamp", "24/11/2026 12:00");
    assertAlibabaError(getSigned(badTime), 400, "InvalidTimeStamp.Format");
  }

  private HttpRequest.Builder huaweiSigned(String pathAndQuery, Instant at) {
    URI target = uri(pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
    TestSigner.huawei("GET", target, Map.of(), ALPHA_HUAWEI_AK, huaweiSecret(ALPHA_HUAWEI_AK), at)
        .forEach(request::header);
    return request;
  }

  @Test
  void theIdentityComesOnlyFromTheSignedElement() {
    Map<String, String> alphaSigned =
        signed("GET", cloudPhone(ALPHA_AK, "InvokeId", "SIGNED-ONLY"));
    // An unsigned header naming beta over alpha's signed request: refused, not served as either.
    JsonNode override =
        assertAlibabaError(
            getSigned(alphaSigned, "x-acs-accesskey-id", BETA_AK), 400, "IncompleteSignature");
    assertThat(override.get("Message").asText()).contains("x-acs-accesskey-id");
    // Naming the signer itself is no second identity.
    assertThat(
            getSigned(signed("GET", cloudPhone(ALPHA_AK)), "x-acs-accesskey-id", ALPHA_AK)
                .statusCode())
        .isEqualTo(200);
    // An unsigned x-acs-accesskey-id alone proves nothing.
    assertAlibabaError(
        get("/?Action=DescribeTasks&Version=2023-09-30", "x-acs-accesskey-id", ALPHA_AK),
        400,
        "MissingSignature");
    // ACS3 signed by beta with an AccessKeyId parameter naming alpha (signed, but a second name).
    assertAlibabaError(
        acs3(BETA_AK, "/?AccessKeyId=" + ALPHA_AK, clock.instant(), UUID.randomUUID().toString()),
        400,
        "IncompleteSignature");
    // ACS3 signed by beta with a signed x-acs-accesskey-id naming alpha.
    assertAlibabaError(
        acs3(
            BETA_AK,
            "/",
            clock.instant(),
            UUID.randomUUID().toString(),
            "x-acs-accesskey-id",
            ALPHA_AK),
        400,
        "IncompleteSignature");
  }

  @Test
  void aSecondAccountsSignedRequestsNeverSeeTheFirstAccountsTasks() {
    assertThat(taskIds(rpc(cloudPhone(ALPHA_AK, "InvokeId", "SIGNED-ONLY"))))
        .containsExactly(alphaTask);
    assertThat(taskIds(rpc(cloudPhone(BETA_AK, "InvokeId", "SIGNED-ONLY"))))
        .containsExactly(betaTask);
    assertThat(taskIds(rpc(cloudPhone(BETA_AK, "TaskIds.1", alphaTask)))).isEmpty();
    assertThat(
            taskIds(
                acs3(
                    BETA_AK,
                    "/?InvokeId=SIGNED-ONLY",
                    clock.instant(),
                    UUID.randomUUID().toString())))
        .containsExactly(betaTask);
    // Beta's secret with alpha's id as Credential does not verify: the secret decides.
    HttpRequest.Builder forged =
        acs3Request(
            ALPHA_AK,
            alibabaSecret(BETA_AK),
            "/?InvokeId=SIGNED-ONLY",
            clock.instant(),
            UUID.randomUUID().toString());
    assertAlibabaError(send(forged), 400, "SignatureDoesNotMatch");
    assertHuaweiError(
        huaweiGet("/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=x", "HWBETAAK0002"),
        403,
        "CPS.0001");
  }

  @Test
  void aSignatureMustCoverWhatItMustAndSayHowItWasMade() {
    Map<String, String> params = cloudPhone(ALPHA_AK);
    for (String common : List.of("Signature", "Timestamp", "SignatureNonce")) {
      Map<String, String> missing = signed("GET", params);
      missing.remove(common);
      assertAlibabaError(getSigned(missing), 400, "Missing" + common);
    }
    Map<String, String> signedSha256 = signed("GET", params);
    signedSha256.put("SignatureMethod", "HMAC-SHA256");
    assertAlibabaError(getSigned(signedSha256), 400, "InvalidSignatureMethod");
    Map<String, String> tampered = signed("GET", params);
    tampered.put("RegionId", "cn-shanghai");
    JsonNode mismatch = assertAlibabaError(getSigned(tampered), 400, "SignatureDoesNotMatch");
    assertThat(mismatch.get("Message").asText())
        .startsWith(
            "Specified signature is not matched with our calculation. server string to sign"
                + " is:GET&%2F&")
        .doesNotContain(alibabaSecret(ALPHA_AK));

    // ACS3: an x-acs- header the signature does not list is refused.
    HttpRequest.Builder unsigned =
        acs3Request(
            ALPHA_AK, alibabaSecret(ALPHA_AK), "/", clock.instant(), UUID.randomUUID().toString());
    unsigned.header("x-acs-extra", "not signed");
    assertAlibabaError(send(unsigned), 400, "IncompleteSignature");
    for (String authorization :
        List.of(
            "ACS3-HMAC-SHA256 Credential=" + ALPHA_AK,
            "ACS3-HMAC-SHA256 Credential=" + ALPHA_AK + ",SignedHeaders=host,Signature=00",
            "Bearer something")) {
      assertAlibabaError(
          get("/", "Authorization", authorization, "x-acs-date", "2026-11-24T12:00:00Z"),
          400,
          "IncompleteSignature");
    }
    assertAlibabaError(
        get("/", "Authorization", "ACS3-HMAC-SM3 Credential=x,SignedHeaders=host,Signature=00"),
        400,
        "InvalidSignatureMethod");
    // Both schemes at once.
    assertAlibabaError(
        get(
            "/?" + TestSigner.encode(signed("GET", params)),
            "Authorization",
            "ACS3-HMAC-SHA256 Credential=" + ALPHA_AK + ",SignedHeaders=host,Signature=00"),
        400,
        "IncompleteSignature");
  }

  @Test
  void theSignRequestToolSignsWhatTheServerAccepts() {
    String query =
        SignRequest.signedQuery(
            List.of("Action=DescribeTasks", "Version=2023-09-30", "InvokeId=SIGNED-ONLY"),
            ALPHA_AK,
            alibabaSecret(ALPHA_AK),
            clock);
    HttpResponse<String> response = get("/?" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(taskIds(response)).containsExactly(alphaTask);
    String form =
        SignRequest.signedQuery(
            List.of(
                "--method",
                "POST",
                "Action=DescribeTasks",
                "Version=2014-05-26",
                "RegionId=cn-hangzhou"),
            ALPHA_AK,
            alibabaSecret(ALPHA_AK),
            clock);
    HttpResponse<String> posted = post("/", "application/x-www-form-urlencoded", form);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
  }
}
