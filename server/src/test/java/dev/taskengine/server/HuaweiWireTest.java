package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Task;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Huawei wire format: paths, credentials, headers on every response, error shapes. */
class HuaweiWireTest extends HttpTestBase {
  private static final String REQUEST_ID = "aaaa531fd3f54550927b930180a706bf";
  private Task command;

  @BeforeAll
  void seedTasks() {
    engine.submitBatch(
        BatchSpec.builder(Tenants.cph("alpha", ALPHA_PROJECT), "RestartCloudPhone")
            .invokeId(REQUEST_ID)
            .child("phone-1")
            .child("phone-2")
            .child("phone-3")
            .build());
    command =
        engine.submitBatch(
            BatchSpec.builder(Tenants.kooPhone("alpha"), "AsyncCommand")
                .child("i-1")
                .child("i-2")
                .build());
  }

  private String jobs(String query) {
    return "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?" + query;
  }

  @Test
  void callersAreFoundByTokenOrBySdkSignature() {
    HttpResponse<String> byToken =
        get(jobs("request_id=" + REQUEST_ID), "X-Auth-Token", ALPHA_TOKEN);
    assertThat(byToken.statusCode()).as(byToken.body()).isEqualTo(200);
    assertThat(json(byToken).get("jobs")).hasSize(3);
    HttpResponse<String> bySignature =
        huaweiGet(jobs("request_id=" + REQUEST_ID), ALPHA_HUAWEI_AK, "X-Project-Id", ALPHA_PROJECT);
    assertThat(bySignature.statusCode()).as(bySignature.body()).isEqualTo(200);
    assertThat(json(bySignature).get("jobs")).hasSize(3);
    // KooPhone signs its x-request-id too; the path's segments are signed with a trailing "/".
    HttpResponse<String> kooPhone =
        huaweiGet("/v1/instances/tasks/" + command.id(), ALPHA_HUAWEI_AK, "x-request-id", "r-9");
    assertThat(kooPhone.statusCode()).as(kooPhone.body()).isEqualTo(200);
  }

  @Test
  void unknownMissingExpiredOrForgedCredentialsAre401InHuaweisShape() {
    assertThat(
            assertHuaweiError(get(jobs("request_id=" + REQUEST_ID)), 401, "APIGW.0301")
                .get("error_msg")
                .asText())
        .contains("x-auth-token not found");
    assertThat(
            assertHuaweiError(
                    get(
                        jobs("request_id=" + REQUEST_ID),
                        "X-Auth-Token",
                        "a-token-nobody-configured-0123456789abcdef"),
                    401,
                    "APIGW.0301")
                .get("error_msg")
                .asText())
        .contains("decrypt token fail");
    assertThat(
            assertHuaweiError(
                    get(jobs("request_id=" + REQUEST_ID), "X-Auth-Token", ALPHA_EXPIRED_TOKEN),
                    401,
                    "APIGW.0301")
                .get("error_msg")
                .asText())
        .contains("token expires, expires_at: 2020-01-01T00:00:00Z");
    assertThat(
            assertHuaweiError(
                    huaweiGet(jobs("request_id=" + REQUEST_ID), "HWNOBODY"), 401, "APIGW.0301")
                .get("error_msg")
                .asText())
        .contains("ak not exist");
    // The Access= of an unsigned header proves nothing.
    assertThat(
            assertHuaweiError(
                    get(
                        jobs("request_id=" + REQUEST_ID),
                        "Authorization",
                        "SDK-HMAC-SHA256 Access="
                            + ALPHA_HUAWEI_AK
                            + ", SignedHeaders=host;x-sdk-date, Signature=00ff",
                        "X-Sdk-Date",
                        HuaweiSignatures.SDK_DATE.format(clock().instant())),
                    401,
                    "APIGW.0301")
                .get("error_msg")
                .asText())
        .contains("verify aksk signature fail");
    // A token and a signature in one request: two identities.
    assertHuaweiError(
        get(
            jobs("request_id=" + REQUEST_ID),
            "X-Auth-Token",
            ALPHA_TOKEN,
            "Authorization",
            "SDK-HMAC-SHA256 Access=" + ALPHA_HUAWEI_AK + ", SignedHeaders=host, Signature=00"),
        401,
        "APIGW.0301");
    assertHuaweiError(
        get("/v1/instances/tasks/" + command.id(), "x-request-id", "r-1"), 401, "APIGW.0301");
  }

  @Test
  void anotherAccountsProjectIs403() {
    JsonNode body =
        assertHuaweiError(
            get(
                "/v1/" + BETA_PROJECT + "/cloud-phone/jobs?request_id=" + REQUEST_ID,
                "X-Auth-Token",
                ALPHA_TOKEN),
            403,
            "CPS.0001");
    assertThat(body.get("request_id").asText()).matches("[0-9a-f]{32}");
    assertHuaweiError(
        get(
            "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=" + REQUEST_ID,
            "X-Auth-Token",
            BETA_TOKEN),
        403,
        "CPS.0001");
  }

  @Test
  void cloudPhoneParameterErrorsUseTheDocumentedCodes() {
    assertHuaweiError(get(jobs(""), "X-Auth-Token", ALPHA_TOKEN), 400, "CPS.InvalidParameter");
    for (String bad : new String[] {"offset=-1", "offset=a", "limit=0", "limit=101", "limit=%20"}) {
      assertHuaweiError(
          get(jobs("request_id=" + REQUEST_ID + "&" + bad), "X-Auth-Token", ALPHA_TOKEN),
          400,
          "CPS.0002");
    }
    assertHuaweiError(
        get(jobs("request_id=a&request_id=b"), "X-Auth-Token", ALPHA_TOKEN),
        400,
        "CPS.InvalidParameter");
    StringBuilder many = new StringBuilder("request_ids=");
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : "%2C").append("r").append(i);
    }
    assertHuaweiError(
        get(jobs(many.toString()), "X-Auth-Token", ALPHA_TOKEN), 400, "CPS.InvalidParameter");
  }

  @Test
  void requestIdsWinOverRequestIdAndCommasMayBeEscaped() {
    HttpResponse<String> response =
        get(
            jobs("request_id=nothing&request_ids=other%2C" + REQUEST_ID + "&offset=1&limit=1"),
            "X-Auth-Token",
            ALPHA_TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode jobs = json(response).get("jobs");
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).get("phone_id").asText()).isEqualTo("phone-2");
  }

  @Test
  void kooPhoneEchoesTheCallersRequestIdAndNeedsIt() {
    HttpResponse<String> response =
        get(
            "/v1/instances/tasks/" + command.id(),
            "X-Auth-Token",
            ALPHA_TOKEN,
            "x-request-id",
            "mine-42");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Request-Id")).contains("mine-42");
    assertThat(json(response).get("data").get("jobs")).hasSize(2);

    JsonNode missing =
        assertHuaweiError(
            get("/v1/instances/tasks/" + command.id(), "X-Auth-Token", ALPHA_TOKEN),
            400,
            "KOOPHONE.API.InvalidParameter");
    assertThat(fieldNames(missing)).containsExactly("error_code", "error_msg");
  }

  @Test
  void kooPhoneUnknownOrForeignTasksAre1323() {
    JsonNode body =
        assertHuaweiError(
            get("/v1/instances/tasks/t-nope", "X-Auth-Token", ALPHA_TOKEN, "x-request-id", "r"),
            400,
            "KOOPHONE.API.1323");
    assertThat(fieldNames(body)).containsExactly("error_code", "error_msg");
    assertHuaweiError(
        get("/v1/instances/tasks/" + command.id(), "X-Auth-Token", BETA_TOKEN, "x-request-id", "r"),
        400,
        "KOOPHONE.API.1323");
    assertHuaweiError(
        get(
            "/v1/instances/tasks/" + "x".repeat(300),
            "X-Auth-Token",
            ALPHA_TOKEN,
            "x-request-id",
            "r"),
        400,
        "KOOPHONE.API.1323");
  }

  @Test
  void unknownPathsAndMethodsAreApigw0101WithHeaders() {
    assertHuaweiError(get("/v1/instances/tasks", "X-Auth-Token", ALPHA_TOKEN), 404, "APIGW.0101");
    assertHuaweiError(get("/v1/" + ALPHA_PROJECT + "/cloud-phone/phones"), 404, "APIGW.0101");
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri(jobs("request_id=x")))
                .header("X-Auth-Token", ALPHA_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertHuaweiError(post, 404, "APIGW.0101");
  }

  @Test
  void malformedHttpGetsJsonToo() {
    RawResponse badHeader = raw("GET /v1/instances/tasks/x HTTP/1.1\r\nBad Header Line", null);
    assertThat(badHeader.status()).isEqualTo(400);
    assertThat(badHeader.headers().get("Content-Type")).startsWith("application/json");
    assertThat(json(badHeader.body()).isObject()).isTrue();
  }

  @Test
  void requestsJettyRefusesStillGetJsonWithHuaweiHeaders() {
    RawResponse ambiguous =
        raw("GET /v1/instances/tasks/a%2Fb HTTP/1.1\r\nX-Auth-Token: " + ALPHA_TOKEN, null);
    assertThat(ambiguous.status()).isBetween(400, 499);
    assertThat(ambiguous.headers().get("Content-Type")).startsWith("application/json");
    JsonNode body = json(ambiguous.body());
    assertThat(body.has("error_code") || body.has("code")).isTrue();
  }
}
