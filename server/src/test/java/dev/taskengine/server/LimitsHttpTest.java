package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameters are bounded before they cost anything, and every request the server cannot read is
 * answered in its vendor's shape with a request id.
 */
class LimitsHttpTest extends HttpTestBase {

  @Test
  void aMebibyteOfCollidingKeysIsRefusedAtTheCount() {
    String body = FormDataTest.form(FormDataTest.collidingNames(15));
    HttpResponse<String> response =
        post("/?" + form(cloudPhone(ALPHA_AK)), "application/x-www-form-urlencoded", body);
    assertThat(assertAlibabaError(response, 400, "InvalidParameter").get("Message").asText())
        .contains("parameters")
        .contains("512");
  }

  @Test
  void collidingKeysUnderTheCountAreAnsweredAsAnyRequest() {
    // 256 colliding names that mean nothing to the API, next to its own parameters: ignored.
    List<String> names = FormDataTest.collidingNames(8);
    HttpResponse<String> response =
        post(
            "/?" + form(cloudPhone(ALPHA_AK)),
            "application/x-www-form-urlencoded",
            FormDataTest.form(names));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("Data").isArray()).isTrue();
  }

  @Test
  void tooManyQueryParametersAreEachVendorsInvalidParameter() {
    String query = "&" + FormDataTest.form(FormDataTest.collidingNames(9));
    assertAlibabaError(get("/?" + form(cloudPhone(ALPHA_AK)) + query), 400, "InvalidParameter");
    assertHuaweiError(
        get(
            "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=r" + query,
            "X-Auth-Token",
            "token-alpha"),
        400,
        "CPS.InvalidParameter");
  }

  @Test
  void aBodyThatIsNotUtf8IsInvalidParameter() {
    RawResponse response =
        rawBytes(
            "POST /?"
                + form(cloudPhone(ALPHA_AK))
                + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 8",
            new byte[] {'L', 'e', 'v', 'e', 'l', '=', (byte) 0xFF, '1'});
    assertThat(assertAlibabaError(response, 400, "InvalidParameter").get("Message").asText())
        .contains("UTF-8");
  }
}
