package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every secret of the test config (access key secrets, secret keys, auth tokens, operators' tokens,
 * the page-token key) is searched for in everything the server wrote to the console and in every
 * response, after requests of every kind: signed and forged, stale and replayed, refused tokens,
 * operators' writes (which are logged) and failures of the store itself. None is found.
 */
class SecretsHygieneHttpTest extends HttpTestBase {
  private final ConsoleCapture console;
  private final List<String> responses = new ArrayList<>();

  SecretsHygieneHttpTest() {
    // Before the server starts (the base class starts it after construction).
    console = ConsoleCapture.start();
  }

  @AfterAll
  void restoreConsole() {
    console.close();
  }

  @Override
  HttpResponse<String> send(HttpRequest.Builder request) {
    HttpResponse<String> response = super.send(request);
    synchronized (responses) {
      responses.add(response.headers().map() + "\n" + response.body());
    }
    return response;
  }

  /** Every secret the test config holds, and the tokens whose hashes it holds. */
  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    for (ServerConfig.Account account : config.accounts()) {
      account.alibabaAccessKeys().forEach(key -> secrets.add(key.secret().reveal()));
      account.huaweiAccessKeys().forEach(key -> secrets.add(key.secret().reveal()));
      account.huaweiAuthTokens().forEach(token -> secrets.add(token.token().reveal()));
    }
    secrets.add(OPERATOR.substring("Bearer ".length()));
    secrets.add(ALPHA_OPERATOR.substring("Bearer ".length()));
    for (ServerConfig.TokenKeyConfig key : config.tokenKeys()) {
      secrets.add(key.secret().reveal());
      secrets.add(
          new String(Base64.getDecoder().decode(key.secret().reveal()), StandardCharsets.UTF_8));
    }
    return secrets;
  }

  @Test
  void noSecretReachesALogLineOrAResponse() {
    assertThat(secrets()).hasSize(14);
    String cph = "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=r-1";

    // Alibaba: good, wrong secret, unknown key, stale, replayed, forged ACS3.
    assertThat(rpc(cloudPhone(ALPHA_AK)).statusCode()).isEqualTo(200);
    Map<String, String> forged =
        TestSigner.rpcV1(
            "GET",
            cloudPhone(ALPHA_AK),
            ALPHA_AK,
            "not-the-secret-of-alpha-but-long-enough",
            clock().instant(),
            UUID.randomUUID().toString());
    assertAlibabaError(get("/?" + TestSigner.encode(forged)), 400, "SignatureDoesNotMatch");
    assertAlibabaError(rpc(cloudPhone("LTAI5tNobody")), 404, "InvalidAccessKeyId.NotFound");
    Map<String, String> stale =
        TestSigner.rpcV1(
            "GET",
            cloudPhone(ALPHA_AK),
            ALPHA_AK,
            alibabaSecret(ALPHA_AK),
            clock().instant().minus(Duration.ofHours(1)),
            UUID.randomUUID().toString());
    assertAlibabaError(get("/?" + TestSigner.encode(stale)), 400, "InvalidTimeStamp.Expired");
    Map<String, String> once = signed("GET", cloudPhone(ALPHA_AK));
    get("/?" + TestSigner.encode(once));
    assertAlibabaError(get("/?" + TestSigner.encode(once)), 400, "SignatureNonceUsed");
    assertThat(
            acs3Get("/", ALPHA_AK, "x-acs-action", "DescribeTasks", "x-acs-version", "2023-09-30")
                .statusCode())
        .isEqualTo(200);
    assertAlibabaError(
        get(
            "/",
            "Authorization",
            "ACS3-HMAC-SHA256 Credential=" + ALPHA_AK + ",SignedHeaders=host,Signature=00"),
        400,
        "IncompleteSignature");

    // Huawei: tokens good, unknown, expired; AK/SK good and forged.
    assertThat(get(cph, "X-Auth-Token", ALPHA_TOKEN).statusCode()).isEqualTo(200);
    assertHuaweiError(get(cph, "X-Auth-Token", ALPHA_TOKEN + "-wrong"), 401, "APIGW.0301");
    assertHuaweiError(get(cph, "X-Auth-Token", ALPHA_EXPIRED_TOKEN), 401, "APIGW.0301");
    assertThat(huaweiGet(cph, ALPHA_HUAWEI_AK).statusCode()).isEqualTo(200);
    assertHuaweiError(
        get(
            cph,
            "Authorization",
            "SDK-HMAC-SHA256 Access="
                + ALPHA_HUAWEI_AK
                + ", SignedHeaders=host;x-sdk-date, Signature=00",
            "X-Sdk-Date",
            "20261124T120000Z"),
        401,
        "APIGW.0301");

    // Operators: writes (audited), a wrong token, a tenant outside the scope.
    String tasks = "/ops/v1/tenants/alpha:ecs:cn-hangzhou/tasks";
    HttpResponse<String> created =
        post(tasks, "application/json", "{\"type\":\"ImportImage\"}", "Authorization", OPERATOR);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();
    post(
        tasks + "/" + id + "/report",
        "application/json",
        "{\"status\":\"RUNNING\"}",
        "Authorization",
        ALPHA_OPERATOR);
    post(tasks, "application/json", "{\"type\":\"ImportImage\"}", "Authorization", OPERATOR + "x");
    post(
        "/ops/v1/tenants/beta:ecs:cn-hangzhou/tasks",
        "application/json",
        "{\"type\":\"X\"}",
        "Authorization",
        ALPHA_OPERATOR);

    // The store fails: every API answers 5xx, the operators' without the driver's message.
    store.close();
    HttpResponse<String> opsDown = get(tasks, "Authorization", OPERATOR);
    assertThat(opsDown.statusCode()).isBetween(500, 599);
    assertThat(json(opsDown).get("message").asText())
        .isIn("the task store cannot be reached; retry later", "the request failed on our side");
    assertThat(rpc(cloudPhone(ALPHA_AK)).statusCode()).isBetween(500, 599);
    assertThat(get(cph, "X-Auth-Token", ALPHA_TOKEN).statusCode()).isBetween(500, 599);
    post(tasks, "application/json", "{\"type\":\"ImportImage\"}", "Authorization", OPERATOR);

    String logged = console.text();
    assertThat(logged).contains("operator worker POST " + tasks + " -> 201");
    assertThat(logged)
        .contains("operator (unauthenticated) POST " + tasks + " -> 401 UNAUTHORIZED");
    assertThat(logged).contains("-> 403 FORBIDDEN");
    List<String> everything = new ArrayList<>(responses);
    everything.add(logged);
    everything.add(config.toString());
    for (String secret : secrets()) {
      for (String text : everything) {
        assertThat(text).as("a response or the log").doesNotContain(secret);
      }
    }
  }
}
