package dev.taskengine.dialects.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.CountingStore;
import dev.taskengine.dialects.JsonShapes;
import dev.taskengine.dialects.TestEngines;
import dev.taskengine.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EcsDescribeTasksTest {
  private static final String TENANT = "acct:ecs:cn-hangzhou";
  private static final Set<String> REGIONS = Set.of("cn-hangzhou", "cn-shanghai");

  private final MutableClock clock = MutableClock.at(Instant.parse("2020-11-24T12:50:17.5Z"));
  private final TaskEngine engine = TestEngines.memory(clock);

  private EcsDescribeTasksResponse describe(Map<String, String> params) {
    return EcsDescribeTasks.execute(
        engine,
        TENANT,
        "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        EcsDescribeTasks.parse(params, REGIONS));
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("RegionId", "cn-hangzhou");
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  private Task importImage(String imageId) {
    return engine.submit(TaskSpec.builder(TENANT, "ImportImage").resourceId(imageId).build());
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
  void missingRegionIdIsTheDocumentsMissingParameter() {
    Map<String, String> params = params();
    params.remove("RegionId");
    assertError(
        () -> describe(params),
        400,
        "MissingParameter",
        "An input parameter \"RegionId\" that is mandatory for processing the request is not"
            + " supplied.");
    params.put("RegionId", "");
    assertError(() -> describe(params), 400, "MissingParameter", "RegionId");
  }

  @Test
  void unknownRegionIsTheDocumentsInvalidRegionId() {
    assertError(
        () -> describe(Map.of("RegionId", "mars-north-1")),
        400,
        "InvalidRegionId.NotFound",
        "The specified RegionId does not exist.");
  }

  @Test
  void answersTheSeedExampleRequestInTheSeedsShape() {
    Task task = importImage("m-bp1i8huqm5u70001");
    engine.start(TENANT, task.id());
    engine.succeed(TENANT, task.id(), null);

    EcsDescribeTasksResponse response = describe(params("TaskIds", task.id()));

    JsonShapes.assertShape(
        JsonShapes.seed("003-describe-tasks-response.json"), JsonShapes.toTree(response), true);
    assertThat(response.pageSize()).isEqualTo(10);
    assertThat(response.pageNumber()).isEqualTo(1);
    assertThat(response.totalCount()).isEqualTo(1);
    assertThat(response.regionId()).isEqualTo("cn-hangzhou");
    EcsDescribeTasksResponse.EcsTask item = response.taskSet().task().get(0);
    assertThat(item.creationTime()).isEqualTo("2020-11-24T12:50Z");
    assertThat(item.finishedTime()).isEqualTo("2020-11-24T12:50Z");
    assertThat(item.taskStatus()).isEqualTo("Finished");
    assertThat(item.supportCancel()).isEqualTo("false");
    assertThat(item.taskAction()).isEqualTo("ImportImage");
    assertThat(item.resourceId()).isEqualTo("m-bp1i8huqm5u70001");
  }

  @Test
  void pagesOldestFirstWithATotalCountAndSeesEveryTaskOnce() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(importImage("m-" + i).id());
      clock.advance(Duration.ofMillis(1));
    }
    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      EcsDescribeTasksResponse response =
          describe(params("PageNumber", "" + page, "PageSize", "10"));
      assertThat(response.totalCount()).isEqualTo(25);
      response.taskSet().task().forEach(task -> seen.add(task.taskId()));
    }
    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(describe(params("PageNumber", "4")).taskSet().task()).isEmpty();
    assertThat(describe(params()).taskSet().task()).hasSize(10);
  }

  @Test
  void refusesPageNumbersAndSizesOutOfRange() {
    for (String bad : new String[] {"0", "-3", "x"}) {
      assertError(() -> describe(params("PageNumber", bad)), 400, "InvalidParameter", "PageNumber");
    }
    for (String bad : new String[] {"0", "101", "1e2"}) {
      assertError(() -> describe(params("PageSize", bad)), 400, "InvalidParameter", "PageSize");
    }
    assertError(
        () -> describe(params("PageNumber", "101", "PageSize", "100")),
        400,
        "InvalidParameter",
        "PageNumber");
    assertError(
        () -> describe(params("PageNumber", "2147483647", "PageSize", "100")),
        400,
        "InvalidParameter",
        "PageNumber");
  }

  @Test
  void takesUpToAHundredCommaSeparatedTaskIds() {
    Task one = importImage("m-1");
    Task two = importImage("m-2");
    importImage("m-3");
    assertThat(ids(describe(params("TaskIds", one.id() + " , " + two.id() + ",,"))))
        .containsExactly(one.id(), two.id());
    String hundred =
        IntStream.rangeClosed(1, 100).mapToObj(i -> "t-" + i).collect(Collectors.joining(","));
    assertThat(describe(params("TaskIds", hundred)).totalCount()).isZero();
    assertError(
        () -> describe(params("TaskIds", hundred + ",t-101")), 400, "InvalidParameter", "TaskIds");
    assertError(() -> describe(params("TaskIds.1", one.id())), 400, "InvalidParameter", "comma");
  }

  @Test
  void ignoresStatusWordsOtherThanFinishedProcessingAndFailed() {
    Task done = importImage("m-1");
    engine.start(TENANT, done.id());
    engine.succeed(TENANT, done.id(), null);
    Task waiting = importImage("m-2");
    Task cancelled = importImage("m-3");
    engine.cancel(TENANT, cancelled.id());
    assertThat(ids(describe(params("TaskStatus", "Finished")))).containsExactly(done.id());
    assertThat(ids(describe(params("TaskStatus", "Processing")))).containsExactly(waiting.id());
    assertThat(ids(describe(params("TaskStatus", "Failed")))).isEmpty();
    for (String ignored : new String[] {"Cancelled", "Waiting", "finished", "Deleted"}) {
      assertThat(ids(describe(params("TaskStatus", ignored))))
          .containsExactly(done.id(), waiting.id(), cancelled.id());
    }
    assertThat(describe(params("TaskIds", cancelled.id())).taskSet().task().get(0).taskStatus())
        .isEqualTo("Cancelled");
  }

  @Test
  void filtersByTaskActionFromTheDocumentsList() {
    Task image = importImage("m-1");
    engine.submit(TaskSpec.builder(TENANT, "RedeployInstance").resourceId("i-1").build());
    assertThat(ids(describe(params("TaskAction", "ImportImage")))).containsExactly(image.id());
    assertError(
        () -> describe(params("TaskAction", "StartInstance")),
        400,
        "InvalidParameter",
        "TaskAction");
  }

  @Test
  void filtersByCreationTimeWithBothEndsInclusive() {
    clock.set(Instant.parse("2020-11-23T15:09:59.9Z"));
    importImage("m-before");
    clock.set(Instant.parse("2020-11-23T15:10:00Z"));
    Task first = importImage("m-first");
    clock.set(Instant.parse("2020-11-23T15:16:00.7Z"));
    Task last = importImage("m-last");
    clock.set(Instant.parse("2020-11-23T15:16:01Z"));
    Task after = importImage("m-after");
    assertThat(
            ids(
                describe(
                    params(
                        "StartTime", "2020-11-23T15:10:00Z", "EndTime", "2020-11-23T15:16:00Z"))))
        .containsExactly(first.id(), last.id());
    // Written to the minute, EndTime includes its whole minute.
    assertThat(
            ids(describe(params("StartTime", "2020-11-23T15:10Z", "EndTime", "2020-11-23T15:16Z"))))
        .containsExactly(first.id(), last.id(), after.id());
    assertError(
        () -> describe(params("StartTime", "2020-11-23 15:10:00")),
        400,
        "InvalidParameter",
        "StartTime");
    assertError(() -> describe(params("EndTime", "yesterday")), 400, "InvalidParameter", "EndTime");
    assertError(
        () ->
            describe(
                params("StartTime", "2020-11-23T15:16:00Z", "EndTime", "2020-11-23T15:10:00Z")),
        400,
        "InvalidParameter",
        "EndTime");
  }

  @Test
  void filtersByNumberedResourceIdsAndIgnoresOwnerParameters() {
    Task one = importImage("m-1");
    importImage("m-2");
    assertThat(
            ids(
                describe(
                    params("ResourceIds.1", "m-1", "OwnerId", "123", "ResourceOwnerAccount", "x"))))
        .containsExactly(one.id());
    assertError(
        () -> describe(params("ResourceIds.101", "m-1")),
        400,
        "InvalidParameter",
        "ResourceIds.101");
  }

  @Test
  void supportCancelIsTrueWhileTheTaskCanStillBeCancelled() {
    Task pending = importImage("m-1");
    Task fixed = engine.submit(TaskSpec.builder(TENANT, "ImportImage").cancellable(false).build());
    Map<String, String> byId = new java.util.HashMap<>();
    describe(params()).taskSet().task().forEach(t -> byId.put(t.taskId(), t.supportCancel()));
    assertThat(byId).containsEntry(pending.id(), "true").containsEntry(fixed.id(), "false");
  }

  private static List<String> ids(EcsDescribeTasksResponse response) {
    Set<String> unique = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (EcsDescribeTasksResponse.EcsTask task : response.taskSet().task()) {
      assertThat(unique.add(task.taskId())).isTrue();
      ids.add(task.taskId());
    }
    return ids;
  }

  @Test
  void aPagePastTheOffsetWindowIsRefusedBeforeAnythingIsCounted() {
    CountingStore store = new CountingStore();
    TaskEngine counted = TestEngines.on(store, clock);
    counted.submit(TaskSpec.builder(TENANT, "ImportImage").resourceId("m-1").build());
    Runnable pastTheWindow =
        () ->
            EcsDescribeTasks.execute(
                counted,
                TENANT,
                "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
                EcsDescribeTasks.parse(params("PageNumber", "101", "PageSize", "100"), REGIONS));
    assertError(pastTheWindow, 400, "InvalidParameter", "PageNumber");
    assertThat(store.counts).hasValue(0);
    assertThat(store.pages).hasValue(0);

    EcsDescribeTasks.execute(
        counted,
        TENANT,
        "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        EcsDescribeTasks.parse(params(), REGIONS));
    assertThat(store.counts).hasValue(1);
    assertThat(store.pages).hasValue(1);
  }
}
