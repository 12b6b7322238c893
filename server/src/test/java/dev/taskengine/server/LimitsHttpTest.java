package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameters are bounded before they cost anything, and every request the server cannot read is
 * answered in its vendor's shape with a request id.
 */
class LimitsHttpTest extends HttpTestBase {

  /** Unsigned: the count is checked before the signature, so it is what refuses the request. */
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
    // 256 colliding names that mean nothing to the API, next to its own parameters: ignored once
    // the signature, which covers them all, is verified.
    List<String> names = FormDataTest.collidingNames(8);
    Map<String, String> params = cloudPhone(ALPHA_AK);
    names.forEach(name -> params.put(name, ""));
    Map<String, String> query = signed("POST", params);
    query.keySet().removeAll(names);
    HttpResponse<String> response =
        post(
            "/?" + TestSigner.encode(query),
            "application/x-www-form-urlencoded",
            FormDataTest.form(names));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("Data").isArray()).isTrue();
  }

  @Test
  void tooManyQueryParametersAreEachVendorsInvalidParameter() {
    // 512 names besides the API's own, every one signed (Alibaba) or with a valid token (Huawei):
    // only their number is wrong.
    List<String> names = FormDataTest.collidingNames(9);
    Map<String, String> params = cloudPhone(ALPHA_AK);
    names.forEach(name -> params.put(name, ""));
    assertThat(
            assertAlibabaError(
                    get("/?" + TestSigner.encode(signed("GET", params))), 400, "InvalidParameter")
                .get("Message")
                .asText())
        .contains("512");
    assertThat(
            assertHuaweiError(
                    get(
                        "/v1/"
                            + ALPHA_PROJECT
                            + "/cloud-phone/jobs?request_id=r&"
                            + FormDataTest.form(names),
                        "X-Auth-Token",
                        ALPHA_TOKEN),
                    400,
                    "CPS.InvalidParameter")
                .get("error_msg")
                .asText())
        .contains("512");
  }

  /** Unsigned: the body is decoded before the signature is checked. */
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
