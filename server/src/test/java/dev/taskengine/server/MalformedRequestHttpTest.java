package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests the server cannot read at all, answered by Jetty's parser or by the APIs: each still
 * gets its vendor's error shape with a request id, never Jetty's page or a bare status. The
 * requests carry valid credentials (an Alibaba signature over their readable parameters, alpha's
 * token), so what is refused is the malformed part alone.
 */
class MalformedRequestHttpTest extends HttpTestBase {
  private static final String KOOPHONE = "/v1/instances/tasks/";
  private static final String HUAWEI_AUTH =
      "\r\nX-Auth-Token: " + ALPHA_TOKEN + "\r\nx-request-id: bad-1";

  @Test
  void escapesInThePathThatAreNotUtf8AreThePathsVendorsError() {
    RawResponse kooPhone = raw("GET " + KOOPHONE + "%FF HTTP/1.1" + HUAWEI_AUTH, null);
    var body = assertHuaweiError(kooPhone, 400, "APIGW.0201");
    assertThat(body.has("request_id")).isFalse();
    assertThat(kooPhone.headers().get("X-Request-Id")).isEqualTo("bad-1");

    RawResponse cloudPhone =
        raw("GET /v1/%C3%28/cloud-phone/jobs?request_id=r HTTP/1.1" + HUAWEI_AUTH, null);
    assertThat(assertHuaweiError(cloudPhone, 400, "APIGW.0201").get("request_id").asText())
        .isEqualTo(cloudPhone.headers().get("X-Request-Id"));
  }

  @Test
  void anEscapeThatIsNotHexIsRefusedWithTheRequestLineInBothVendorsShapes() {
    for (String path : new String[] {KOOPHONE + "%zz", "/%", "/v1/%2/cloud-phone/jobs"}) {
      assertBothVendorsShapes(raw("GET " + path + " HTTP/1.1" + HUAWEI_AUTH, null), 400);
    }
  }

  /**
   * Alibaba signs the decoded parameters, so a query that cannot be decoded is refused before the
   * signature is checked; Huawei's token does not cover the query, which is read once the caller is
   * known.
   */
  @Test
  void badPercentEncodingInTheQuery() {
    assertThat(
            assertAlibabaError(
                    raw("GET /?" + withRaw(signedQuery(), "Level", "%G1") + " HTTP/1.1", null),
                    400,
                    "InvalidParameter")
                .get("Message")
                .asText())
        .contains("Level");
    assertThat(
            assertAlibabaError(
                    raw("GET /?" + withRaw(signedQuery(), "Level", "%FF") + " HTTP/1.1", null),
                    400,
                    "InvalidParameter")
                .get("Message")
                .asText())
        .contains("Level");
    assertHuaweiError(
        raw(
            "GET /v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=%E4 HTTP/1.1" + HUAWEI_AUTH,
            (String) null),
        400,
        "CPS.InvalidParameter");
  }

  @Test
  void oversizedHeaders() {
    String big = "\r\nX-Padding: " + "p".repeat(40 * 1024);
    assertAlibabaError(
        raw("GET /?" + TestSigner.encode(signedQuery()) + " HTTP/1.1" + big, null),
        431,
        "InvalidParameter");
    assertHuaweiError(
        raw("GET " + KOOPHONE + "t-1 HTTP/1.1" + HUAWEI_AUTH + big, null), 431, "APIGW.0201");
  }

  @Test
  void aUriTooLongToReadIsAnsweredInBothVendorsShapes() {
    RawResponse response =
        raw(
            "GET /?"
                + TestSigner.encode(signedQuery())
                + "&x="
                + "n".repeat(40 * 1024)
                + " HTTP/1.1",
            null);
    assertBothVendorsShapes(response, 414);
  }

  /**
   * Jetty refuses some request lines before it knows the path, so before it knows the vendor: the
   * answer carries both vendors' fields and request-id headers.
   */
  private static void assertBothVendorsShapes(RawResponse response, int status) {
    assertThat(response.status()).isEqualTo(status);
    var body = json(response.body());
    assertThat(fieldNames(body))
        .containsExactly("RequestId", "Code", "Message", "request_id", "error_code", "error_msg");
    assertThat(body.get("Code").asText()).isEqualTo("InvalidParameter");
    assertThat(body.get("RequestId").asText())
        .isEqualTo(response.headers().get("x-acs-request-id"));
    assertThat(body.get("error_code").asText()).isEqualTo("APIGW.0201");
    assertThat(body.get("request_id").asText()).isEqualTo(response.headers().get("X-Request-Id"));
  }

  @Test
  void undecodableBodyFraming() {
    RawResponse alibaba =
        raw(
            "POST /?"
                + TestSigner.encode(signed("POST", cloudPhone(ALPHA_AK)))
                + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Transfer-Encoding: chunked",
            "zz\r\nnot a chunk\r\n0\r\n\r\n");
    assertAlibabaError(alibaba, 400, "InvalidParameter");
  }

  /** A Cloud Phone DescribeTasks GET of alpha's, signed now. */
  private Map<String, String> signedQuery() {
    return signed("GET", cloudPhone(ALPHA_AK));
  }
}
