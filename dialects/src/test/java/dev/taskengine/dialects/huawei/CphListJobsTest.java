package dev.taskengine.dialects.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.JsonShapes;
import dev.taskengine.dialects.TestEngines;
import dev.taskengine.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CphListJobsTest {
  private static final String TENANT = "acct:cph:0a1b2c3d4e5f";
  private static final String REQUEST_ID = "6837531fd3f54550927b930180a706bf";

  private final MutableClock clock = MutableClock.at(Instant.parse("2017-10-25T00:00:00.25Z"));
  private final TaskEngine engine = TestEngines.memory(clock);

  private CphListJobsResponse list(Map<String, String> query) {
    return CphListJobs.execute(
        engine, TENANT, "6a63a18b8bab40ffb71ebd9cb80d0085", CphListJobs.parse(query));
  }

  private static Map<String, String> query(String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.put(pairs[i], pairs[i + 1]);
    }
    return query;
  }

  private Task batch(String invokeId, int phones) {
    BatchSpec.Builder spec = BatchSpec.builder(TENANT, "RestartCloudPhone").invokeId(invokeId);
    for (int i = 1; i <= phones; i++) {
      spec.child(String.format("phone-%04d", i));
    }
    return engine.submitBatch(spec.build());
  }

  private List<Task> children(Task batch) {
    TaskQuery query =
        TaskQuery.builder(TENANT).parentId(batch.id()).order(SortOrder.OLDEST_FIRST).build();
    List<Task> all = new ArrayList<>();
    PageRequest next = PageRequest.first(100);
    while (true) {
      Page<Task> page = engine.query(query, next);
      all.addAll(page.items());
      if (page.nextToken().isEmpty()) {
        return all;
      }
      next = PageRequest.after(page.nextToken().get(), 100);
    }
  }

  private static void assertError(Runnable call, int status, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiErrorException.class,
            e -> {
              assertThat(e.error().httpStatus()).isEqualTo(status);
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.error().message()).contains(message);
            });
  }

  @Test
  void answersTheSeedExampleRequestInTheSeedsShape() {
    Task batch = batch(REQUEST_ID, 2);
    List<Task> phones = children(batch);
    engine.start(TENANT, phones.get(0).id());
    engine.start(TENANT, phones.get(1).id());
    clock.advance(Duration.ofSeconds(30));
    engine.fail(TENANT, phones.get(0).id(), "CPS0005", "Phone not found.");
    clock.advance(Duration.ofSeconds(2));
    engine.succeed(TENANT, phones.get(1).id(), null);

    CphListJobsResponse response = list(query("request_id", REQUEST_ID));

    JsonShapes.assertShape(
        JsonShapes.seed("001-list-jobs-response.json"), JsonShapes.toTree(response), false);
    assertThat(response.requestId()).isEqualTo("6a63a18b8bab40ffb71ebd9cb80d0085");
    assertThat(response.jobs()).hasSize(2);
    CphListJobsResponse.Job failed = response.jobs().get(0);
    assertThat(failed.phoneId()).isEqualTo("phone-0001");
    assertThat(failed.jobId()).isEqualTo(phones.get(0).id());
    assertThat(failed.status()).isEqualTo(-1);
    assertThat(failed.errorCode()).isEqualTo("CPS0005");
    assertThat(failed.errorMsg()).isEqualTo("Phone not found.");
    assertThat(failed.beginTime()).isEqualTo("2017-10-25T00:00:00Z");
    assertThat(failed.endTime()).isEqualTo("2017-10-25T00:00:30Z");
    CphListJobsResponse.Job succeeded = response.jobs().get(1);
    assertThat(succeeded.status()).isEqualTo(2);
    assertThat(succeeded.errorCode()).isEmpty();
    assertThat(succeeded.errorMsg()).isEmpty();
    assertThat(succeeded.endTime()).isEqualTo("2017-10-25T00:00:32Z");
    assertThat(succeeded.executeMsg()).isNull();
    assertThat(JsonShapes.toTree(response).get("jobs").get(1).has("execute_msg")).isFalse();
  }

  @Test
  void requestIdsWinOverRequestIdAndTakeAtMostTwenty() {
    batch("req-a", 1);
    batch("req-b", 2);
    batch("req-c", 3);
    assertThat(list(query("request_id", "req-a", "request_ids", "req-b, req-c")).jobs()).hasSize(5);
    assertThat(list(query("request_id", "req-a", "request_ids", "")).jobs()).hasSize(1);
    String twenty =
        IntStream.rangeClosed(1, 20).mapToObj(i -> "r" + i).collect(Collectors.joining(","));
    assertThat(list(query("request_ids", twenty)).jobs()).isEmpty();
    assertError(
        () -> list(query("request_ids", twenty + ",r21")),
        400,
        "CPS.InvalidParameter",
        "request_ids");
    assertError(() -> list(query()), 400, "CPS.InvalidParameter", "request_id");
    assertError(() -> list(query("request_id", " ")), 400, "CPS.InvalidParameter", "request_id");
    assertError(
        () -> list(query("request_id", "x".repeat(257))),
        400,
        "CPS.InvalidParameter",
        "request_id");
  }

  @Test
  void refusesOffsetAndLimitOutOfRangeWithCps0002() {
    for (String bad : new String[] {"-1", "x", "1.0"}) {
      assertError(
          () -> list(query("request_id", REQUEST_ID, "offset", bad)),
          400,
          "CPS.0002",
          "Parameter: offset or limit is invalid");
    }
    for (String bad : new String[] {"0", "101", "y"}) {
      assertError(
          () -> list(query("request_id", REQUEST_ID, "limit", bad)),
          400,
          "CPS.0002",
          "Parameter: offset or limit is invalid");
    }
    assertError(
        () -> list(query("request_id", REQUEST_ID, "offset", "9950", "limit", "100")),
        400,
        "CPS.0002",
        "offset");
  }

  @Test
  void pagesByOffsetAndLimitOldestFirstSeeingEveryJobOnce() {
    Task first = batch(REQUEST_ID, 150);
    clock.advance(Duration.ofSeconds(1));
    Task second = batch(REQUEST_ID, 100);
    List<String> expected = new ArrayList<>();
    children(first).forEach(t -> expected.add(t.id()));
    children(second).forEach(t -> expected.add(t.id()));
    List<String> seen = new ArrayList<>();
    for (int offset = 0; ; offset += 40) {
      CphListJobsResponse page =
          list(query("request_id", REQUEST_ID, "offset", "" + offset, "limit", "40"));
      page.jobs().forEach(job -> seen.add(job.jobId()));
      if (page.jobs().size() < 40) {
        break;
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(list(query("request_id", REQUEST_ID)).jobs()).hasSize(100);
  }

  @Test
  void listsInstanceTasksOnlyAndNeverAnotherTenants() {
    batch(REQUEST_ID, 2);
    engine.submit(
        TaskSpec.builder(TENANT, "ResetCloudPhone").invokeId(REQUEST_ID).resourceId("p").build());
    engine.submitBatch(
        BatchSpec.builder("other:cph:0a1b2c3d4e5f", "X").invokeId(REQUEST_ID).child("p").build());
    assertThat(list(query("request_id", REQUEST_ID)).jobs()).hasSize(3);
  }

  @Test
  void cutsExecuteMsgToOneKilobyteWithoutSplittingACharacter() {
    Task task =
        engine.submit(
            TaskSpec.builder(TENANT, "RunCommand").invokeId(REQUEST_ID).resourceId("p").build());
    engine.start(TENANT, task.id());
    String output = "ok:" + "输出".repeat(1000);
    engine.succeed(TENANT, task.id(), output);
    String message = list(query("request_id", REQUEST_ID)).jobs().get(0).executeMsg();
    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(1024)
        .isGreaterThan(1020);
    assertThat(output).startsWith(message);
  }

  @Test
  void statusesAreOneTwoAndMinusOne() {
    assertThat(HuaweiStatus.toVendor(TaskStatus.PENDING)).isEqualTo(1);
    assertThat(HuaweiStatus.toVendor(TaskStatus.RUNNING)).isEqualTo(1);
    assertThat(HuaweiStatus.toVendor(TaskStatus.CANCELLING)).isEqualTo(1);
    assertThat(HuaweiStatus.toVendor(TaskStatus.SUCCEEDED)).isEqualTo(2);
    assertThat(HuaweiStatus.toVendor(TaskStatus.FAILED)).isEqualTo(-1);
    assertThat(HuaweiStatus.toVendor(TaskStatus.CANCELLED)).isEqualTo(-1);
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(HuaweiStatus.fromVendor(HuaweiStatus.toVendor(status)).orElseThrow())
          .contains(status);
    }
    assertThat(HuaweiStatus.fromVendor(0)).isEmpty();

    Task cancelled =
        engine.submit(
            TaskSpec.builder(TENANT, "RunCommand").invokeId(REQUEST_ID).resourceId("p").build());
    engine.cancel(TENANT, cancelled.id());
    CphListJobsResponse.Job job = list(query("request_id", REQUEST_ID)).jobs().get(0);
    assertThat(job.status()).isEqualTo(-1);
    assertThat(job.errorCode()).isEqualTo(HuaweiStatus.CANCELLED_ERROR_CODE);
    assertThat(job.beginTime()).isEqualTo("2017-10-25T00:00:00Z");
  }
}
