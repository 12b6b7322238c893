package dev.taskengine.dialects.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.CountingStore;
import dev.taskengine.dialects.JsonShapes;
import dev.taskengine.dialects.TestEngines;
import dev.taskengine.tck.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KooPhoneInstanceTasksTest {
  private static final String TENANT = "acct:koophone";

  private final MutableClock clock = MutableClock.at(Instant.parse("2024-05-01T10:00:00Z"));
  private final TaskEngine engine = TestEngines.memory(clock);

  private KooPhoneInstanceTasksResponse show(String tenant, String taskId) {
    return KooPhoneInstanceTasks.execute(
        engine, tenant, KooPhoneInstanceTasks.parse(taskId, "req-1"));
  }

  private Task command(int instances) {
    BatchSpec.Builder spec = BatchSpec.builder(TENANT, "AsyncCommand");
    for (int i = 1; i <= instances; i++) {
      spec.child("instance-" + i);
    }
    return engine.submitBatch(spec.build());
  }

  private List<Task> children(Task batch) {
    List<Task> all = new ArrayList<>();
    PageRequest next = PageRequest.first(100);
    TaskQuery query =
        TaskQuery.builder(TENANT).parentId(batch.id()).order(SortOrder.OLDEST_FIRST).build();
    while (true) {
      var page = engine.query(query, next);
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
    Task batch = command(2);
    List<Task> jobs = children(batch);
    engine.fail(TENANT, jobs.get(0).id(), "CPS0005", "Phone not found.");
    engine.start(TENANT, jobs.get(1).id());
    engine.succeed(TENANT, jobs.get(1).id(), "xxxxxx");

    KooPhoneInstanceTasksResponse response = show(TENANT, batch.id());

    JsonShapes.assertShape(
        JsonShapes.seed("002-instance-tasks-response.json"), JsonShapes.toTree(response), true);
    assertThat(
            JsonShapes.toTree(response).get("data").get("jobs").get(0).get("execute_msg").isNull())
        .isTrue();
    assertThat(response.errorCode()).isEqualTo("0");
    assertThat(response.errorMsg()).isEqualTo("ok");
    assertThat(response.data().jobs())
        .extracting(KooPhoneInstanceTasksResponse.JobDetail::jobId)
        .containsExactly(jobs.get(0).id(), jobs.get(1).id());
    assertThat(response.data().jobs().get(0).status()).isEqualTo(-1);
    assertThat(response.data().jobs().get(0).errorCode()).isEqualTo("CPS0005");
    assertThat(response.data().jobs().get(1).status()).isEqualTo(2);
    assertThat(response.data().jobs().get(1).executeMsg()).isEqualTo("xxxxxx");
    assertThat(response.data().jobs().get(1).errorCode()).isEmpty();
  }

  @Test
  void unknownTasksAreKooPhoneApi1323EvenWhenAnotherTenantHasThem() {
    Task batch = command(1);
    assertError(
        () -> show(TENANT, "6837531fd3f54550927b930180a706bf"),
        400,
        "KOOPHONE.API.1323",
        "does not exist");
    assertError(
        () -> show("other:koophone", batch.id()), 400, "KOOPHONE.API.1323", "does not exist");
    assertError(() -> show(TENANT, "x".repeat(300)), 400, "KOOPHONE.API.1323", "does not exist");
  }

  @Test
  void theXRequestIdHeaderIsMandatory() {
    Task batch = command(1);
    for (String missing : new String[] {null, "", "  "}) {
      assertError(
          () -> KooPhoneInstanceTasks.parse(batch.id(), missing),
          400,
          "KOOPHONE.API.InvalidParameter",
          "x-request-id");
    }
  }

  @Test
  void aSingleTaskIsItsOwnOnlyJob() {
    Task single = engine.submit(TaskSpec.builder(TENANT, "AsyncCommand").resourceId("i-1").build());
    KooPhoneInstanceTasksResponse response = show(TENANT, single.id());
    assertThat(response.data().jobs()).hasSize(1);
    assertThat(response.data().jobs().get(0).status()).isEqualTo(1);
    assertThat(response.data().jobs().get(0).executeMsg()).isNull();
  }

  @Test
  void listsEveryJobOfALargeTaskOnce() {
    Task batch = command(250);
    List<String> expected = children(batch).stream().map(Task::id).toList();
    assertThat(show(TENANT, batch.id()).data().jobs())
        .extracting(KooPhoneInstanceTasksResponse.JobDetail::jobId)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void aTaskWithMoreJobsThanTheBoundIsRefusedWithoutReadingItsChildren() {
    CountingStore store = new CountingStore();
    TaskEngine counted = TestEngines.on(store, clock);
    BatchSpec.Builder spec = BatchSpec.builder(TENANT, "AsyncCommand");
    for (int i = 1; i <= 11; i++) {
      spec.child("instance-" + i);
    }
    Task batch = counted.submitBatch(spec.build());
    KooPhoneInstanceTasksRequest request = KooPhoneInstanceTasks.parse(batch.id(), "req-1");

    assertError(
        () -> KooPhoneInstanceTasks.execute(counted, TENANT, request, 10),
        400,
        "KOOPHONE.API.InvalidParameter",
        "more than 10 jobs");
    assertThat(store.pages).hasValue(0);

    assertThat(KooPhoneInstanceTasks.execute(counted, TENANT, request, 11).data().jobs())
        .hasSize(11);
    assertThat(KooPhoneInstanceTasks.MAX_JOBS).isEqualTo(1_000);
  }
}
