package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workers' and operators' JSON API: create, list, report, cancel; and its errors. */
class OpsApiHttpTest extends HttpTestBase {
  private static final String BASE = "/ops/v1/tenants/alpha:eds-aic:cn-hangzhou";

  private HttpResponse<String> ops(String method, String path, String body) {
    return ops(OPERATOR, method, path, body);
  }

  private HttpResponse<String> ops(String operator, String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", operator)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return send(request);
  }

  private static void assertOpsError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(json(response).get("code").asText()).isEqualTo(code);
    assertThat(json(response).get("message").asText()).isNotEmpty();
  }

  @Test
  void aWorkerMovesABatchAlongAndTheVendorApisSeeIt() {
    HttpResponse<String> created =
        ops(
            "POST",
            BASE + "/batches",
            """
            {"type": "RebootInstance", "invokeId": "ops-req-1", "operator": "alice",
             "clientToken": "ops-1",
             "children": [{"resourceId": "acp-1", "resourceName": "one"}, {"resourceId": "acp-2"}]}
            """);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode batch = json(created);
    assertThat(batch.get("level").asText()).isEqualTo("BATCH");
    assertThat(batch.get("counters").get("total").asInt()).isEqualTo(2);
    assertThat(fieldNames(batch.get("counters")))
        .containsExactly("total", "pending", "running", "succeeded", "failed", "cancelled");
    assertThat(batch.get("tenant").asText()).isEqualTo("alpha:eds-aic:cn-hangzhou");
    // The same client token and body: the same batch, not a second one.
    HttpResponse<String> again =
        ops(
            "POST",
            BASE + "/batches",
            """
            {"type": "RebootInstance", "invokeId": "ops-req-1", "operator": "alice",
             "clientToken": "ops-1",
             "children": [{"resourceId": "acp-1", "resourceName": "one"}, {"resourceId": "acp-2"}]}
            """);
    assertThat(json(again).get("id").asText()).isEqualTo(batch.get("id").asText());

    JsonNode children =
        json(ops(
                "GET",
                BASE + "/tasks?parentId=" + batch.get("id").asText() + "&order=OLDEST_FIRST",
                null))
            .get("tasks");
    assertThat(children).hasSize(2);
    String first = children.get(0).get("id").asText();
    String second = children.get(1).get("id").asText();

    assertThat(
            json(ops("POST", BASE + "/tasks/" + first + "/report", "{\"status\":\"RUNNING\"}"))
                .get("status")
                .asText())
        .isEqualTo("RUNNING");
    assertThat(
            json(ops("POST", BASE + "/tasks/" + first + "/report", "{\"result\":\"50%\"}"))
                .get("result")
                .asText())
        .isEqualTo("50%");
    assertThat(
            json(ops(
                    "POST",
                    BASE + "/tasks/" + first + "/report",
                    "{\"status\":\"SUCCEEDED\",\"result\":\"rebooted\"}"))
                .get("status")
                .asText())
        .isEqualTo("SUCCEEDED");
    JsonNode cancelled =
        json(ops("POST", BASE + "/tasks/" + batch.get("id").asText() + "/cancel", null));
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(json(ops("GET", BASE + "/tasks/" + second, null)).get("status").asText())
        .isEqualTo("CANCELLED");

    JsonNode vendor = json(rpc(cloudPhone(ALPHA_AK, "InvokeId", "ops-req-1", "Level", "1")));
    JsonNode item = vendor.get("Data").get(0);
    assertThat(item.get("TaskStatus").asText()).isEqualTo("Cancelled");
    assertThat(item.get("SuccessChildCount").asInt()).isEqualTo(1);
    assertThat(item.get("TotalChildCount").asInt()).isEqualTo(2);
    assertThat(item.get("Operator").asText()).isEqualTo("alice");
  }

  @Test
  void singleTasksFailWithTheirError() {
    HttpResponse<String> created =
        ops(
            "POST",
            "/ops/v1/tenants/alpha:ecs:cn-hangzhou/tasks",
            "{\"type\":\"ImportImage\",\"resourceId\":\"m-ops-1\",\"cancellable\":false}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    JsonNode failed =
        json(
            ops(
                "POST",
                "/ops/v1/tenants/alpha:ecs:cn-hangzhou/tasks/" + id + "/report",
                "{\"status\":\"FAILED\",\"errorCode\":\"ImageNotFound\",\"errorMessage\":\"gone\"}"));
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("errorCode").asText()).isEqualTo("ImageNotFound");
    JsonNode ecsTask = json(rpc(ecs(ALPHA_AK, "TaskIds", id))).get("TaskSet").get("Task").get(0);
    assertThat(ecsTask.get("TaskStatus").asText()).isEqualTo("Failed");
  }

  @Test
  void errorsCarryTheEngineCodesAndStatuses() {
    assertOpsError(send(HttpRequest.newBuilder(uri("/ops/v1/tenants")).GET()), 401, "UNAUTHORIZED");
    assertOpsError(
        send(
            HttpRequest.newBuilder(uri("/ops/v1/tenants"))
                .header("Authorization", "Bearer wrong")
                .GET()),
        401,
        "UNAUTHORIZED");
    assertThat(json(ops("GET", "/ops/v1/tenants", null)).get("tenants").toString())
        .contains("alpha:eds-aic:cn-hangzhou", "beta:koophone", "alpha:cph:" + ALPHA_PROJECT);
    assertOpsError(
        ops("GET", "/ops/v1/tenants/nobody:koophone/tasks", null), 404, "TENANT_NOT_FOUND");
    assertOpsError(ops("GET", BASE + "/tasks/t-missing", null), 404, "TASK_NOT_FOUND");
    assertOpsError(ops("GET", BASE + "/things", null), 404, "NOT_FOUND");
    assertOpsError(ops("DELETE", BASE + "/tasks", null), 405, "METHOD_NOT_ALLOWED");
    assertOpsError(ops("POST", BASE + "/batches", "{not json"), 400, "INVALID_REQUEST");
    assertOpsError(ops("POST", BASE + "/batches", ""), 400, "INVALID_REQUEST");
    assertOpsError(ops("POST", BASE + "/batches", "[]"), 400, "INVALID_REQUEST");
    assertOpsError(
        ops("POST", BASE + "/batches", "{\"type\":\"X\",\"color\":1}"), 400, "INVALID_REQUEST");
    HttpResponse<String> noChildren = ops("POST", BASE + "/batches", "{\"type\":\"X\"}");
    assertOpsError(noChildren, 400, "INVALID_REQUEST");
    assertThat(json(noChildren).get("field").asText()).isEqualTo("children");
    assertOpsError(
        ops("POST", BASE + "/batches", "{\"type\":\"X\",\"children\":[{\"resourceName\":\"n\"}]}"),
        400,
        "INVALID_REQUEST");
    assertOpsError(ops("GET", BASE + "/tasks?pageToken=garbage", null), 400, "INVALID_PAGE_TOKEN");
    assertOpsError(ops("GET", BASE + "/tasks?pageSize=1000", null), 400, "INVALID_REQUEST");
    assertOpsError(ops("GET", BASE + "/tasks?status=DONE", null), 400, "INVALID_REQUEST");
    assertOpsError(ops("GET", BASE + "/tasks?colour=red", null), 400, "INVALID_REQUEST");

    String id =
        json(ops("POST", BASE + "/tasks", "{\"type\":\"StartInstance\",\"resourceId\":\"acp-x\"}"))
            .get("id")
            .asText();
    assertOpsError(
        ops("POST", BASE + "/tasks/" + id + "/report", "{\"status\":\"SUCCEEDED\"}"),
        409,
        "ILLEGAL_TRANSITION");
    assertOpsError(
        ops("POST", BASE + "/tasks/" + id + "/report", "{\"status\":\"PAUSED\"}"),
        400,
        "INVALID_REQUEST");
    assertOpsError(ops("POST", BASE + "/tasks/" + id + "/report", "{}"), 400, "INVALID_REQUEST");
    assertThat(
            ops(
                    "POST",
                    BASE + "/tasks",
                    "{\"type\":\"StartInstance\",\"clientToken\":\"dup\",\"resourceId\":\"a\"}")
                .statusCode())
        .isEqualTo(201);
    assertOpsError(
        ops(
            "POST",
            BASE + "/tasks",
            "{\"type\":\"StartInstance\",\"clientToken\":\"dup\",\"resourceId\":\"b\"}"),
        409,
        "IDEMPOTENCY_CONFLICT");
  }

  @Test
  void anOperatorTouchesOnlyTheTenantsItsScopeCovers() {
    JsonNode tenants = json(ops(ALPHA_OPERATOR, "GET", "/ops/v1/tenants", null)).get("tenants");
    List<String> listed = new ArrayList<>();
    tenants.forEach(tenant -> listed.add(tenant.asText()));
    assertThat(listed)
        .contains("alpha:eds-aic:cn-hangzhou", "alpha:koophone", "beta:koophone")
        .noneMatch(tenant -> tenant.startsWith("pager:"))
        .doesNotContain("beta:ecs:cn-hangzhou");
    assertThat(
            ops(ALPHA_OPERATOR, "POST", BASE + "/tasks", "{\"type\":\"StartInstance\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(ops(ALPHA_OPERATOR, "GET", "/ops/v1/tenants/beta:koophone/tasks", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> outside =
        ops(
            ALPHA_OPERATOR,
            "POST",
            "/ops/v1/tenants/beta:ecs:cn-hangzhou/tasks",
            "{\"type\":\"X\"}");
    assertOpsError(outside, 403, "FORBIDDEN");
    assertThat(json(outside).get("message").asText()).contains("alpha-worker");
    assertOpsError(
        ops(ALPHA_OPERATOR, "GET", "/ops/v1/tenants/pager:koophone/tasks", null), 403, "FORBIDDEN");
    // The all-tenants operator is configured as "*", explicitly.
    assertThat(ops("GET", "/ops/v1/tenants/pager:koophone/tasks", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokensShorterThanTheMinimumAndUnknownPathsAndMethodsAreRefused() {
    assertOpsError(ops("Bearer short", "GET", "/ops/v1/tenants", null), 401, "UNAUTHORIZED");
    assertOpsError(
        ops(OPERATOR.substring(0, OPERATOR.length() - 1), "GET", "/ops/v1/tenants", null),
        401,
        "UNAUTHORIZED");
    HttpResponse<String> wrongMethod = ops("PUT", BASE + "/tasks/t-1/report", "{}");
    assertOpsError(wrongMethod, 405, "METHOD_NOT_ALLOWED");
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
    assertThat(ops("DELETE", BASE + "/tasks", null).headers().firstValue("Allow"))
        .contains("POST, GET");
    assertOpsError(ops("GET", BASE + "/tasks/t-1/report/more", null), 404, "NOT_FOUND");
    assertOpsError(ops("GET", "/ops/v2/tenants", null), 404, "NOT_FOUND");
  }
}
