package dev.taskengine.dialects.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.JsonShapes;
import dev.taskengine.dialects.TestEngines;
import dev.taskengine.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloudPhoneDescribeTasksTest {
  private static final String TENANT = "acct:eds-aic:cn-hangzhou";
  private static final String REGION = "cn-hangzhou";
  private static final String INVOKE_ID = "B8ED2BA9-0C6A-5643-818F-B5D60A640001";

  private final MutableClock clock = MutableClock.at(Instant.parse("2022-10-11T08:53:32.123456Z"));
  private final TaskEngine engine = TestEngines.memory(clock);

  private CloudPhoneDescribeTasksResponse describe(String tenant, Map<String, String> params) {
    return CloudPhoneDescribeTasks.execute(
        engine, tenant, REGION, "REQ-1", CloudPhoneDescribeTasks.parse(params));
  }

  private CloudPhoneDescribeTasksResponse describe(Map<String, String> params) {
    return describe(TENANT, params);
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  private Task rebootBatch(int children) {
    BatchSpec.Builder spec =
        BatchSpec.builder(TENANT, "RebootInstance").invokeId(INVOKE_ID).operator("test");
    for (int i = 1; i <= children; i++) {
      spec.child(new ChildSpec("acp-" + i, "phone-" + i, "param-" + i));
    }
    return engine.submitBatch(spec.build());
  }

  private List<Task> children(Task batch) {
    return engine
        .query(TaskQuery.builder(TENANT).parentId(batch.id()).build(), PageRequest.first(100))
        .items();
  }

  private static void assertError(Runnable call, int status, String code, String inMessage) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiErrorException.class,
            e -> {
              assertThat(e.error().httpStatus()).isEqualTo(status);
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.error().message()).contains(inMessage);
            });
  }

  @Test
  void answersTheSeedExampleRequestInTheSeedsShape() {
    Task batch = rebootBatch(3);
    List<Task> children = children(batch);
    clock.advance(Duration.ofSeconds(5));
    for (Task child : children) {
      engine.start(TENANT, child.id());
    }
    engine.succeed(TENANT, children.get(0).id(), "{'Success': True}");
    engine.fail(TENANT, children.get(1).id(), "SendFileFailed", "connect error.");

    CloudPhoneDescribeTasksResponse response = describe(params("InvokeId", INVOKE_ID));

    JsonShapes.assertShape(
        JsonShapes.seed("000-describe-tasks-response.json"), JsonShapes.toTree(response), false);
    assertThat(response.data()).hasSize(4);
    assertThat(response.totalCount()).isEqualTo(4);
    assertThat(response.requestId()).isEqualTo("REQ-1");
    assertThat(response.nextToken()).isNull();
    CloudPhoneDescribeTasksResponse.Item batchItem =
        response.data().stream().filter(i -> i.level() == 1).findFirst().orElseThrow();
    assertThat(batchItem.taskId()).isEqualTo(batch.id());
    assertThat(batchItem.taskStatus()).isEqualTo("Processing");
    assertThat(batchItem.totalChildCount()).isEqualTo(3);
    assertThat(batchItem.successChildCount()).isEqualTo(1);
    assertThat(batchItem.failedChildCount()).isEqualTo(1);
    assertThat(batchItem.runningChildCount()).isEqualTo(1);
    assertThat(batchItem.regionId()).isEqualTo(REGION);
    assertThat(batchItem.instanceId()).isNull();
    assertThat(batchItem.startTime()).isEqualTo("2022-10-11T08:53:37Z");
    CloudPhoneDescribeTasksResponse.Item failed =
        response.data().stream()
            .filter(i -> "Failed".equals(i.taskStatus()))
            .findFirst()
            .orElseThrow();
    assertThat(failed.level()).isEqualTo(2);
    assertThat(failed.errorCode()).isEqualTo("SendFileFailed");
    assertThat(failed.errorMsg()).isEqualTo("connect error.");
    assertThat(failed.instanceId()).isEqualTo(failed.resourceId());
    assertThat(failed.instanceName()).startsWith("phone-");
    assertThat(failed.parentTaskId()).isEqualTo(batch.id());
    assertThat(failed.finishTime()).isEqualTo("2022-10-11T08:53:37Z");
    assertThat(failed.totalChildCount()).isNull();
    JsonNode json = JsonShapes.toTree(response);
    assertThat(json.get("Data").get(0).get("Level").isInt()).isTrue();
  }

  @Test
  void pagesNewestFirstWithStandardBase64TokensAndSeesEveryTaskOnce() {
    for (int i = 0; i < 95; i++) {
      engine.submit(TaskSpec.builder(TENANT, "StartInstance").resourceId("acp-" + i).build());
      clock.advance(Duration.ofMillis(3));
    }
    Set<String> seen = new HashSet<>();
    Instant previous = Instant.MAX;
    String token = null;
    int pages = 0;
    do {
      Map<String, String> params = params("MaxResults", "7");
      if (token != null) {
        params.put("NextToken", token);
      }
      CloudPhoneDescribeTasksResponse page = describe(params);
      pages++;
      for (CloudPhoneDescribeTasksResponse.Item item : page.data()) {
        assertThat(seen.add(item.taskId())).as("seen once: " + item.taskId()).isTrue();
        Instant created = engine.get(TENANT, item.taskId()).createdAt();
        assertThat(created).isBeforeOrEqualTo(previous);
        previous = created;
      }
      token = page.nextToken();
      if (token != null) {
        assertThat(token).matches("[A-Za-z0-9+/]+=*");
      }
    } while (token != null);
    assertThat(seen).hasSize(95);
    assertThat(pages).isEqualTo(14);
  }

  @Test
  void defaultsToTenTasksAPage() {
    for (int i = 0; i < 12; i++) {
      engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    }
    CloudPhoneDescribeTasksResponse page = describe(params());
    assertThat(page.data()).hasSize(10);
    assertThat(page.nextToken()).isNotEmpty();
    CloudPhoneDescribeTasksResponse rest = describe(params("NextToken", page.nextToken()));
    assertThat(rest.data()).hasSize(2);
    assertThat(rest.nextToken()).isNull();
    assertThat(describe(params("NextToken", "")).data()).hasSize(10);
  }

  @Test
  void refusesMaxResultsOutsideOneToHundred() {
    for (String bad : new String[] {"0", "101", "-1", "ten", "1.5", "99999999999999999999"}) {
      assertError(() -> describe(params("MaxResults", bad)), 400, "InvalidParameter", "MaxResults");
    }
    assertThat(describe(params("MaxResults", "100")).data()).isEmpty();
  }

  @Test
  void refusesALevelOtherThanOneOrTwo() {
    assertError(() -> describe(params("Level", "3")), 400, "InvalidParameter", "Level");
    assertError(() -> describe(params("Level", "0")), 400, "InvalidParameter", "Level");
    Task batch = rebootBatch(2);
    assertThat(describe(params("Level", "1")).data())
        .extracting(CloudPhoneDescribeTasksResponse.Item::taskId)
        .containsExactly(batch.id());
    assertThat(describe(params("Level", "2")).data()).hasSize(2);
  }

  @Test
  void listFormsWinOverTheSingleForms() {
    Task start = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    Task stop = engine.submit(TaskSpec.builder(TENANT, "StopInstance").build());
    assertThat(ids(describe(params("TaskTypes.1", "StartInstance", "TaskType", "StopInstance"))))
        .containsExactly(start.id());
    assertThat(ids(describe(params("TaskType", "StopInstance")))).containsExactly(stop.id());
    engine.start(TENANT, stop.id());
    engine.succeed(TENANT, stop.id(), null);
    assertThat(ids(describe(params("TaskStatuses.1", "Finished", "TaskStatus", "Processing"))))
        .containsExactly(stop.id());
    assertThat(ids(describe(params("TaskStatus", "Processing")))).containsExactly(start.id());
    assertThat(ids(describe(params("TaskStatuses.1", "Finished", "TaskStatuses.2", "Processing"))))
        .containsExactlyInAnyOrder(start.id(), stop.id());
  }

  @Test
  void processingMeansPendingRunningAndCancelling() {
    Task pending = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    Task running = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    engine.start(TENANT, running.id());
    Task cancelling = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    engine.start(TENANT, cancelling.id());
    engine.cancel(TENANT, cancelling.id());
    Task cancelled = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    engine.cancel(TENANT, cancelled.id());

    assertThat(ids(describe(params("TaskStatus", "Processing"))))
        .containsExactlyInAnyOrder(pending.id(), running.id(), cancelling.id());
    CloudPhoneDescribeTasksResponse done = describe(params("TaskStatus", "Cancelled"));
    assertThat(ids(done)).containsExactly(cancelled.id());
    assertThat(done.data().get(0).taskStatus()).isEqualTo("Cancelled");
  }

  @Test
  void refusesUnknownStatusWords() {
    assertError(
        () -> describe(params("TaskStatus", "Running")), 400, "InvalidParameter", "TaskStatus");
    assertError(
        () -> describe(params("TaskStatuses.1", "Finished", "TaskStatuses.2", "Done")),
        400,
        "InvalidParameter",
        "TaskStatuses.2");
  }

  @Test
  void listsAreNumberedFromOneToAHundred() {
    Task task =
        engine.submit(TaskSpec.builder(TENANT, "StartInstance").resourceId("acp-1").build());
    assertThat(ids(describe(params("TaskIds.1", task.id(), "TaskIds.3", "t-other"))))
        .containsExactly(task.id());
    assertThat(ids(describe(params("ResourceIds.1", "acp-1")))).containsExactly(task.id());
    assertError(() -> describe(params("TaskIds", task.id())), 400, "InvalidParameter", "TaskIds.1");
    assertError(
        () -> describe(params("TaskIds.0", task.id())), 400, "InvalidParameter", "TaskIds.0");
    assertError(
        () -> describe(params("TaskIds.101", task.id())), 400, "InvalidParameter", "TaskIds.101");
    assertError(
        () -> describe(params("ResourceIds.x", "acp-1")), 400, "InvalidParameter", "ResourceIds.x");
    Map<String, String> hundred = new HashMap<>();
    for (int i = 1; i <= 100; i++) {
      hundred.put("TaskIds." + i, "t-" + i);
    }
    assertThat(describe(hundred).data()).isEmpty();
    assertError(
        () -> describe(params("InvokeId", "x".repeat(257))), 400, "InvalidParameter", "InvokeId");
  }

  @Test
  void instanceIdAndResourceIdsMustBothMatch() {
    Task one = engine.submit(TaskSpec.builder(TENANT, "StartInstance").resourceId("acp-1").build());
    engine.submit(TaskSpec.builder(TENANT, "StartInstance").resourceId("acp-2").build());
    assertThat(ids(describe(params("InstanceId", "acp-1")))).containsExactly(one.id());
    assertThat(ids(describe(params("InstanceId", "acp-1", "ResourceIds.1", "acp-1"))))
        .containsExactly(one.id());
    CloudPhoneDescribeTasksResponse none =
        describe(params("InstanceId", "acp-1", "ResourceIds.1", "acp-2"));
    assertThat(none.data()).isEmpty();
    assertThat(none.totalCount()).isZero();
    assertThat(none.nextToken()).isNull();
  }

  @Test
  void filtersByParentNameAndIgnoresParam() {
    Task batch = rebootBatch(3);
    engine.submit(TaskSpec.builder(TENANT, "RebootInstance").resourceId("acp-1").build());
    assertThat(describe(params("ParentTaskId", batch.id())).data()).hasSize(3);
    CloudPhoneDescribeTasksResponse named =
        describe(params("ParentTaskId", batch.id(), "InstanceName", "phone-2", "Param", "any"));
    assertThat(named.data()).hasSize(1);
    assertThat(named.data().get(0).instanceName()).isEqualTo("phone-2");
    assertThat(named.data().get(0).param()).isEqualTo("param-2");
  }

  @Test
  void refusesTokensThatAreMalformedOrForOtherFilters() {
    for (int i = 0; i < 3; i++) {
      engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    }
    String token = describe(params("MaxResults", "1")).nextToken();
    assertThat(token).isNotNull();
    assertError(
        () -> describe(params("MaxResults", "1", "NextToken", token, "TaskType", "StopInstance")),
        400,
        "InvalidParameter.NextToken",
        "NextToken");
    assertError(
        () -> describe("acct:eds-aic:cn-shanghai", params("NextToken", token)),
        400,
        "InvalidParameter.NextToken",
        "NextToken");
    String tampered =
        token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11);
    assertError(
        () -> describe(params("NextToken", tampered)),
        400,
        "InvalidParameter.NextToken",
        "NextToken");
    assertError(
        () ->
            describe(
                params(
                    "NextToken",
                    "FFbc8N4E1iOlcSxC+8boa0HHH2LKWbggYUinyrZWvtS1oTrMYCg1HuMLGuftj0****")),
        400,
        "InvalidParameter.NextToken",
        "NextToken");
    // The page size may change between pages.
    assertThat(describe(params("MaxResults", "5", "NextToken", token)).data()).hasSize(2);
  }

  @Test
  void neverShowsAnotherTenantsTasks() {
    engine.submit(TaskSpec.builder("other:eds-aic:cn-hangzhou", "StartInstance").build());
    Task mine = engine.submit(TaskSpec.builder(TENANT, "StartInstance").build());
    assertThat(ids(describe(params()))).containsExactly(mine.id());
  }

  @Test
  void batchCountersFollowTheChildren() {
    Task batch = rebootBatch(4);
    List<Task> children = children(batch);
    engine.cancel(TENANT, children.get(0).id());
    CloudPhoneDescribeTasksResponse.Item item = describe(params("Level", "1")).data().get(0);
    assertThat(item.totalChildCount()).isEqualTo(4);
    assertThat(item.runningChildCount()).isEqualTo(3);
    assertThat(item.successChildCount()).isZero();
    assertThat(item.failedChildCount()).isZero();
    assertThat(engine.get(TENANT, batch.id()).level()).isEqualTo(Level.BATCH);
    assertThat(engine.get(TENANT, children.get(0).id()).status()).isEqualTo(TaskStatus.CANCELLED);
  }

  private static List<String> ids(CloudPhoneDescribeTasksResponse response) {
    return response.data().stream()
        .map(CloudPhoneDescribeTasksResponse.Item::taskId)
        .collect(Collectors.toList());
  }
}
