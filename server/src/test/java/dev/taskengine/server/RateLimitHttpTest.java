package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each account may make so many requests per period; the next is the vendor's 429. */
class RateLimitHttpTest extends HttpTestBase {

  @Override
  ServerLimits limits() {
    // Two per minute: the test's requests all fall in one period however slow the machine.
    return ServerLimits.defaults().toBuilder().rateLimit(2, Duration.ofMinutes(1)).build();
  }

  @Test
  void anAlibabaCallerOverItsLimitGetsThrottlingAndOthersAreNotAffected() {
    assertThat(rpc(cloudPhone(ALPHA_AK)).statusCode()).isEqualTo(200);
    assertThat(rpc(ecs(ALPHA_AK)).statusCode()).isEqualTo(200);
    HttpResponse<String> third = rpc(cloudPhone(ALPHA_AK));
    assertThat(assertAlibabaError(third, 429, "Throttling").get("Message").asText())
        .contains("throttling");
    assertThat(third.headers().firstValue("Retry-After")).contains("60");

    // Another account has its own budget; the same account on Huawei too.
    assertThat(rpc(cloudPhone(BETA_AK)).statusCode()).isEqualTo(200);
    assertThat(
            get(
                    "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=r",
                    "X-Auth-Token",
                    ALPHA_TOKEN)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aHuaweiCallerOverItsLimitGetsApigw0308() {
    String jobs = "/v1/" + PAGER_PROJECT + "/cloud-phone/jobs?request_id=r";
    assertThat(get(jobs, "X-Auth-Token", PAGER_TOKEN).statusCode()).isEqualTo(200);
    assertThat(
            get("/v1/instances/tasks/t-1", "X-Auth-Token", PAGER_TOKEN, "x-request-id", "q-1")
                .statusCode())
        .isEqualTo(400); // KOOPHONE.API.1323: counted all the same
    HttpResponse<String> cloudPhone = get(jobs, "X-Auth-Token", PAGER_TOKEN);
    var body = assertHuaweiError(cloudPhone, 429, "APIGW.0308");
    assertThat(body.get("error_msg").asText()).contains("limit:2");
    assertThat(body.get("request_id").asText())
        .isEqualTo(cloudPhone.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(cloudPhone.headers().firstValue("Retry-After")).contains("60");
    HttpResponse<String> kooPhone =
        get("/v1/instances/tasks/t-1", "X-Auth-Token", PAGER_TOKEN, "x-request-id", "q-2");
    assertThat(assertHuaweiError(kooPhone, 429, "APIGW.0308").has("request_id")).isFalse();
    assertThat(kooPhone.headers().firstValue("X-Request-Id")).contains("q-2");
  }

  @Test
  void unknownCredentialsAreRefusedBeforeTheyCount() {
    // More than the limit: each is the signature layer's answer to an unknown key, never a 429.
    for (int i = 0; i < 5; i++) {
      assertAlibabaError(rpc(cloudPhone("LTAI5tNobody")), 404, "InvalidAccessKeyId.NotFound");
      assertHuaweiError(
          get("/v1/" + BETA_PROJECT + "/cloud-phone/jobs?request_id=r", "X-Auth-Token", "nobody"),
          401,
          "APIGW.0301");
    }
  }
}
