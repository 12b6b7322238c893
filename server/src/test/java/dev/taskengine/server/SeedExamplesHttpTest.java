package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.tck.MutableClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each seed document's example request, over HTTP, gets a response of the document's shape. */
class SeedExamplesHttpTest extends HttpTestBase {
  private final MutableClock clock = MutableClock.at(Instant.parse("2020-11-23T15:12:00Z"));

  @Override
  Clock clock() {
    return clock;
  }

  private List<Task> children(String tenant, Task batch) {
    return engine
        .query(
            TaskQuery.builder(tenant)
                .parentId(batch.id())
                .order(dev.taskengine.api.SortOrder.OLDEST_FIRST)
                .build(),
            PageRequest.first(100))
        .items();
  }

  @Test
  void seed000CloudPhoneDescribeTasksByInvokeIdAndByParentAndInstance() {
    String tenant = Tenants.cloudPhone("alpha", "cn-hangzhou");
    String invokeId = "B8ED2BA9-0C6A-5643-818F-B5D60A64AAAA";
    Task batch =
        engine.submitBatch(
            BatchSpec.builder(tenant, "RebootInstance")
                .invokeId(invokeId)
                .operator("test")
                .child(new ChildSpec("acp-25nt4kk9whhok****", "defaultInstanceName", "param"))
                .child(new ChildSpec("acp-j2taq887orj8l****", "defaultInstanceName", "param"))
                .build());
    List<Task> phones = children(tenant, batch);
    engine.start(tenant, phones.get(0).id());
    engine.succeed(tenant, phones.get(0).id(), "{'Success': True}");
    engine.fail(tenant, phones.get(1).id(), "SendFileFailed", "connect error.");

    HttpResponse<String> byInvokeId = rpc(cloudPhone(ALPHA_AK, "InvokeId", invokeId));
    assertThat(byInvokeId.statusCode()).as(byInvokeId.body()).isEqualTo(200);
    JsonNode body = json(byInvokeId);
    JsonShapes.assertShape(JsonShapes.seed("000-describe-tasks-response.json"), body, false);
    assertThat(body.get("Data")).hasSize(3);
    assertThat(body.get("RequestId").asText()).matches("[0-9A-F-]{36}");
    JsonNode batchItem = body.get("Data").get(2);
    assertThat(batchItem.get("TaskId").asText()).isEqualTo(batch.id());
    assertThat(batchItem.get("Level").asInt()).isEqualTo(1);
    assertThat(batchItem.get("TaskStatus").asText()).isEqualTo("Failed");
    assertThat(batchItem.get("TotalChildCount").asInt()).isEqualTo(2);
    assertThat(batchItem.get("SuccessChildCount").asInt()).isEqualTo(1);
    assertThat(batchItem.get("FailedChildCount").asInt()).isEqualTo(1);

    // "set the ParentTaskId to the batch task and AndroidInstanceId (InstanceId) to the phone"
    HttpResponse<String> oneInstance =
        rpc(
            cloudPhone(
                ALPHA_AK, "ParentTaskId", batch.id(), "InstanceId", "acp-25nt4kk9whhok****"));
    JsonNode one = json(oneInstance);
    assertThat(one.get("Data")).hasSize(1);
    assertThat(one.get("Data").get(0).get("InstanceId").asText())
        .isEqualTo("acp-25nt4kk9whhok****");
    assertThat(one.get("Data").get(0).get("TaskStatus").asText()).isEqualTo("Finished");
    assertThat(one.get("Data").get(0).get("Result").asText()).isEqualTo("{'Success': True}");
  }

  @Test
  void seed001CloudPhoneJobsByRequestId() {
    String tenant = Tenants.cph("alpha", ALPHA_PROJECT);
    Task batch =
        engine.submitBatch(
            BatchSpec.builder(tenant, "RestartCloudPhone")
                .invokeId("6837531fd3f54550927b930180a706bf")
                .child("1234567b8bab40ffb711234cb80d0234")
                .child("abc4567b8bab40ffb711234cb80d0abc")
                .build());
    List<Task> phones = children(tenant, batch);
    engine.start(tenant, phones.get(0).id());
    engine.start(tenant, phones.get(1).id());
    clock.advance(Duration.ofSeconds(30));
    engine.fail(tenant, phones.get(0).id(), "CPS0005", "Phone not found.");
    engine.succeed(tenant, phones.get(1).id(), null);

    HttpResponse<String> response =
        get(
            "/v1/"
                + ALPHA_PROJECT
                + "/cloud-phone/jobs?request_id=6837531fd3f54550927b930180a706bf",
            "X-Auth-Token",
            ALPHA_TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    JsonNode body = json(response);
    JsonShapes.assertShape(JsonShapes.seed("001-list-jobs-response.json"), body, false);
    assertThat(body.get("request_id").asText()).isEqualTo(requestId).matches("[0-9a-f]{32}");
    assertThat(body.get("jobs")).hasSize(2);
    assertThat(body.get("jobs").get(0).get("status").asInt()).isEqualTo(-1);
    assertThat(body.get("jobs").get(0).get("error_code").asText()).isEqualTo("CPS0005");
    assertThat(body.get("jobs").get(1).get("status").asInt()).isEqualTo(2);
    assertThat(body.get("jobs").get(1).get("error_code").asText()).isEmpty();
    assertThat(body.get("jobs").get(1).get("phone_id").asText())
        .isEqualTo("abc4567b8bab40ffb711234cb80d0abc");
    assertThat(body.get("jobs").get(1).get("begin_time").asText())
        .isEqualTo("2020-11-23T15:12:00Z");
    assertThat(body.get("jobs").get(1).get("end_time").asText()).isEqualTo("2020-11-23T15:12:30Z");
  }

  @Test
  void seed002KooPhoneInstanceTasksByTaskId() {
    String tenant = Tenants.kooPhone("alpha");
    Task batch =
        DemoIdGenerator.withIds(
            List.of("6837531fd3f54550927b930180a706bf"),
            () ->
                engine.submitBatch(
                    BatchSpec.builder(tenant, "AsyncCommand").child("i-1").child("i-2").build()));
    List<Task> jobs = children(tenant, batch);
    engine.fail(tenant, jobs.get(0).id(), "CPS0005", "Phone not found.");
    engine.start(tenant, jobs.get(1).id());
    engine.succeed(tenant, jobs.get(1).id(), "xxxxxx");

    HttpResponse<String> response =
        get(
            "/v1/instances/tasks/6837531fd3f54550927b930180a706bf",
            "X-Auth-Token",
            ALPHA_TOKEN,
            "x-request-id",
            "caller-request-1");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("X-Request-Id")).contains("caller-request-1");
    JsonNode body = json(response);
    JsonShapes.assertShape(JsonShapes.seed("002-instance-tasks-response.json"), body, true);
    assertThat(body.get("error_code").asText()).isEqualTo("0");
    assertThat(body.get("error_msg").asText()).isEqualTo("ok");
    assertThat(body.get("data").get("jobs").get(0).get("execute_msg").isNull()).isTrue();
    assertThat(body.get("data").get("jobs").get(1).get("execute_msg").asText()).isEqualTo("xxxxxx");
  }

  @Test
  void seed003EcsDescribeTasksWithEveryDocumentedParameter() {
    String tenant = Tenants.ecs("alpha", "cn-hangzhou");
    Task task =
        DemoIdGenerator.withIds(
            List.of("t-bp1hvgwromzv32iq****"),
            () ->
                engine.submit(
                    TaskSpec.builder(tenant, "ImportImage")
                        .resourceId("m-bp1i8huqm5u7****")
                        .build()));
    engine.start(tenant, task.id());
    engine.succeed(tenant, task.id(), null);

    HttpResponse<String> response =
        rpc(
            ecs(
                ALPHA_AK,
                "PageNumber",
                "1",
                "PageSize",
                "10",
                "TaskIds",
                "t-bp1hvgwromzv32iq****,t-bp179lofu2pv768w****",
                "TaskAction",
                "ImportImage",
                "TaskStatus",
                "Finished",
                "StartTime",
                "2020-11-23T15:10:00Z",
                "EndTime",
                "2020-11-23T15:16:00Z",
                "ResourceIds.1",
                "m-bp1i8huqm5u7****"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    JsonShapes.assertShape(JsonShapes.seed("003-describe-tasks-response.json"), body, true);
    assertThat(body.get("TotalCount").asInt()).isEqualTo(1);
    JsonNode item = body.get("TaskSet").get("Task").get(0);
    assertThat(item.get("TaskId").asText()).isEqualTo("t-bp1hvgwromzv32iq****");
    assertThat(item.get("CreationTime").asText()).isEqualTo("2020-11-23T15:12Z");
    assertThat(item.get("SupportCancel").asText()).isEqualTo("false");
  }
}
