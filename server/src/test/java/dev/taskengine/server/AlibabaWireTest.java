package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Alibaba RPC wire format: methods, where action and parameters come from, encodings. */
class AlibabaWireTest extends HttpTestBase {
  private static final String INVOKE_ID = "B8ED2BA9-0C6A-5643-818F-B5D60A64WIRE";
  private Task batch;

  @BeforeAll
  void seedTasks() {
    String tenant = Tenants.cloudPhone("alpha", "cn-hangzhou");
    BatchSpec.Builder spec = BatchSpec.builder(tenant, "StartInstance").invokeId(INVOKE_ID);
    for (int i = 1; i <= 30; i++) {
      spec.child(new ChildSpec("acp-wire-" + i, "phone " + i + " + more", null));
    }
    batch = engine.submitBatch(spec.build());
    for (int i = 0; i < 3; i++) {
      engine.submit(
          TaskSpec.builder(Tenants.ecs("alpha", "cn-hangzhou"), "ExportImage")
              .resourceId("m-wire-" + i)
              .build());
    }
  }

  @Test
  void actionAndVersionComeFromSignedParametersOrSignedHeaders() {
    HttpResponse<String> byParameters = rpc(cloudPhone(ALPHA_AK, "InvokeId", INVOKE_ID));
    assertThat(byParameters.statusCode()).as(byParameters.body()).isEqualTo(200);
    HttpResponse<String> byHeaders =
        acs3Get(
            "/?InvokeId=" + INVOKE_ID,
            ALPHA_AK,
            "x-acs-action",
            "DescribeTasks",
            "x-acs-version",
            "2023-09-30");
    assertThat(byHeaders.statusCode()).as(byHeaders.body()).isEqualTo(200);
    assertThat(json(byHeaders).get("Data")).hasSize(10);
    assertThat(byHeaders.headers().firstValue("Content-Type"))
        .contains("application/json;charset=utf-8");
    assertThat(byHeaders.headers().firstValue("x-acs-request-id"))
        .contains(json(byHeaders).get("RequestId").asText());
    // Signature v1 does not cover headers: an unsigned x-acs-action cannot stand in for Action.
    Map<String, String> params = cloudPhone(ALPHA_AK, "InvokeId", INVOKE_ID);
    params.remove("Action");
    JsonNode missing =
        assertAlibabaError(
            get("/?" + TestSigner.encode(signed("GET", params)), "x-acs-action", "DescribeTasks"),
            400,
            "MissingParameter");
    assertThat(missing.get("Message").asText()).contains("\"Action\"");
  }

  @Test
  void postTakesParametersFromAFormBodyAndTheQueryStringAndSignsThemAll() {
    Map<String, String> signed =
        signed("POST", cloudPhone(ALPHA_AK, "InvokeId", INVOKE_ID, "MaxResults", "25"));
    Map<String, String> body = new LinkedHashMap<>(signed);
    body.remove("Action");
    body.remove("Version");
    HttpResponse<String> response =
        post(
            "/?Action=DescribeTasks&Version=2023-09-30",
            "application/x-www-form-urlencoded; charset=UTF-8",
            TestSigner.encode(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("Data")).hasSize(25);
  }

  @Test
  void acs3PostAcceptsAnEmptyChunkedBody() {
    java.net.URI target = uri("/?" + "InvokeId=" + INVOKE_ID + "&MaxResults=3");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            // No length known up front: the JDK client sends Transfer-Encoding: chunked.
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[0])));
    TestSigner.acs3(
            "POST",
            target,
            Map.of("x-acs-action", "DescribeTasks", "x-acs-version", "2023-09-30"),
            new byte[0],
            ALPHA_AK,
            alibabaSecret(ALPHA_AK),
            clock().instant(),
            java.util.UUID.randomUUID().toString())
        .forEach(request::header);
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("Data")).hasSize(3);
  }

  @Test
  void aPlusIsASpaceAndPercentEscapesAreUtf8AndTheSignatureCoversTheDecodedValue() {
    Map<String, String> signed =
        signed("GET", cloudPhone(ALPHA_AK, "InstanceName", "phone 7 + more"));
    HttpResponse<String> response = get("/?" + withRaw(signed, "InstanceName", "phone+7+%2B+more"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode data = json(response).get("Data");
    assertThat(data).hasSize(1);
    assertThat(data.get(0).get("InstanceName").asText()).isEqualTo("phone 7 + more");
  }

  @Test
  void listsAreNumberedFromOneAndEcsTaskIdsAreCommaSeparated() {
    HttpResponse<String> numbered =
        rpc(
            cloudPhone(
                ALPHA_AK,
                "ResourceIds.1",
                "acp-wire-1",
                "ResourceIds.2",
                "acp-wire-2",
                "ResourceIds.3",
                "acp-wire-3"));
    assertThat(json(numbered).get("Data")).hasSize(3);

    List<String> ids = new ArrayList<>();
    json(rpc(ecs(ALPHA_AK, "TaskAction", "ExportImage")))
        .get("TaskSet")
        .get("Task")
        .forEach(task -> ids.add(task.get("TaskId").asText()));
    assertThat(ids).hasSize(3);
    HttpResponse<String> commaSeparated =
        rpc(ecs(ALPHA_AK, "TaskIds", ids.get(0) + "," + ids.get(2)));
    assertThat(json(commaSeparated).get("TotalCount").asInt()).isEqualTo(2);
  }

  @Test
  void nextTokensWithPlusSlashAndEqualsSurviveEveryUrlEncoding() {
    Set<Character> specials = new HashSet<>();
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      Map<String, String> params = cloudPhone(ALPHA_AK, "InvokeId", INVOKE_ID, "MaxResults", "1");
      HttpResponse<String> response;
      if (token == null) {
        response = rpc(params);
      } else {
        // Alternate the ways clients put a token on the wire; each signs what the server decodes.
        switch (pages % 4) {
          case 0 -> { // RFC 3986: '+' -> %2B, '/' -> %2F, '=' -> %3D
            params.put("NextToken", token);
            response = rpc(params);
          }
          case 1 -> { // left raw in the query: '+' arrives (and is signed) as a space
            params.put("NextToken", token.replace('+', ' '));
            response = get("/?" + withRaw(signed("GET", params), "NextToken", token));
          }
          case 2 -> { // in a POST form body, form-encoded
            params.put("NextToken", token);
            response = post("/", "application/x-www-form-urlencoded", form(signed("POST", params)));
          }
          default -> { // lower-case escapes of the reserved characters only
            params.put("NextToken", token);
            response =
                get(
                    "/?"
                        + withRaw(
                            signed("GET", params),
                            "NextToken",
                            token.replace("+", "%2b").replace("/", "%2f").replace("=", "%3d")));
          }
        }
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = json(response);
      body.get("Data").forEach(item -> assertThat(seen.add(item.get("TaskId").asText())).isTrue());
      token = body.has("NextToken") ? body.get("NextToken").asText() : null;
      if (token != null) {
        assertThat(token).matches("[A-Za-z0-9+/]+=*");
        for (char c : new char[] {'+', '/', '='}) {
          if (token.indexOf(c) >= 0) {
            specials.add(c);
          }
        }
      }
      pages++;
    } while (token != null);
    assertThat(seen).hasSize(31);
    assertThat(specials).containsExactlyInAnyOrder('+', '/', '=');
  }

  @Test
  void credentialsMustBeGivenAndKnown() {
    Map<String, String> params = cloudPhone(ALPHA_AK);
    params.remove("AccessKeyId");
    assertAlibabaError(get("/?" + form(params)), 400, "MissingAccessKeyId");
    assertAlibabaError(rpc(cloudPhone("LTAI5tNobody")), 404, "InvalidAccessKeyId.NotFound");
    assertAlibabaError(
        acs3Get("/?Action=DescribeTasks&Version=2023-09-30", "LTAI5tNobody"),
        404,
        "InvalidAccessKeyId.NotFound");
  }

  @Test
  void unknownActionsVersionsAndMethodsAreNotFound() {
    Map<String, String> params = cloudPhone(ALPHA_AK);
    params.put("Action", "DescribeInstances");
    assertAlibabaError(rpc(params), 404, "InvalidAction.NotFound");
    params.put("Action", "DescribeTasks");
    params.put("Version", "2017-01-01");
    assertAlibabaError(rpc(params), 404, "InvalidAction.NotFound");
    params.remove("Action");
    JsonNode missing = assertAlibabaError(rpc(params), 400, "MissingParameter");
    assertThat(missing.get("Message").asText()).contains("\"Action\"");
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(uri("/?" + form(cloudPhone(ALPHA_AK))))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertAlibabaError(put, 404, "InvalidAction.NotFound");
  }

  @Test
  void headerAndParameterMustAgreeAndNamesComeOnce() {
    assertAlibabaError(
        get(
            "/?" + TestSigner.encode(signed("GET", cloudPhone(ALPHA_AK))),
            "x-acs-action",
            "DescribeInstances"),
        400,
        "InvalidParameter");
    assertAlibabaError(
        get("/?" + form(cloudPhone(ALPHA_AK)) + "&MaxResults=5&MaxResults=6"),
        400,
        "InvalidParameter");
    RawResponse malformed =
        raw("GET /?" + form(cloudPhone(ALPHA_AK)) + "&InstanceName=%ZZ HTTP/1.1", null);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.headers().get("Content-Type")).startsWith("application/json");
    assertThat(fieldNames(json(malformed.body()))).containsExactly("RequestId", "Code", "Message");
    // Escapes whose bytes are not UTF-8 are refused, not replaced with U+FFFD (even when signed).
    Map<String, String> signed = signed("GET", cloudPhone(ALPHA_AK, "InstanceName", "\uFFFD"));
    HttpResponse<String> notUtf8 = get("/?" + withRaw(signed, "InstanceName", "%E4%B8"));
    assertThat(assertAlibabaError(notUtf8, 400, "InvalidParameter").get("Message").asText())
        .contains("InstanceName")
        .contains("UTF-8");
  }
}
