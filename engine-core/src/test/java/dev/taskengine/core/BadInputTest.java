package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Limits;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every public entry point refuses bad arguments with an {@link InvalidRequestException} that names
 * the argument (and states the limit), before anything is written; never a NullPointerException.
 */
class BadInputTest extends EngineOnMemoryStore {

  /** One past the short-string limit of 256 characters. */
  static final String LONG = "x".repeat(257);

  static final List<String> SHORT_LIMIT = List.of("256");
  static final List<String> PAYLOAD_LIMIT =
      List.of("65536", "65,536", "64 KiB", "64KiB", "64 KB", "64KB");
  static final List<String> FILTER_LIMIT = List.of("100");

  /** Payloads one character past 64 KiB of UTF-8, in 1-, 2-, 3- and 4-byte characters. */
  private static List<String> oversizedPayloads() {
    return List.of("a".repeat(65_537), "é".repeat(32_769), "中".repeat(21_846), "😀".repeat(16_385));
  }

  private static String describe(String value) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    return value.length() + " chars / " + bytes + " UTF-8 bytes of '" + value.charAt(0) + "'";
  }

  /** Collects rejections to check, so that one run reports every wrong one. */
  static final class Rejections {
    private final List<String> failures = new ArrayList<>();
    private int checked;

    /** The call must be refused naming one of the fields. */
    void expect(String description, ThrowingCallable call, String... fields) {
      expect(description, List.of(), call, fields);
    }

    /** The call must be refused naming one of the fields, with a message stating the limit. */
    void expect(String description, List<String> limit, ThrowingCallable call, String... fields) {
      checked++;
      try {
        InvalidRequestException failure = Failures.invalid(description, call, fields);
        if (!limit.isEmpty() && limit.stream().noneMatch(failure.getMessage()::contains)) {
          failures.add(
              description
                  + ": the message \""
                  + failure.getMessage()
                  + "\" should state the limit");
        }
      } catch (AssertionError wrong) {
        failures.add(wrong.getMessage());
      }
    }

    void assertAll() {
      assertThat(checked).isPositive();
      assertThat(failures).as("wrong answers to bad input (of %d checked)", checked).isEmpty();
    }
  }

  @Test
  void submitRefusesBadSpecs() {
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    String t = tenant;
    rejections.expect("submit(null)", () -> engine.submit(null), "spec", "taskSpec");
    for (String tenant : Arrays.asList(null, "", "   ")) {
      rejections.expect(
          "tenant " + tenant,
          () -> engine.submit(TaskSpec.builder(tenant, TYPE).build()),
          "tenant");
    }
    rejections.expect(
        "tenant too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(LONG, TYPE).build()),
        "tenant");
    for (String type : Arrays.asList(null, "", " \t")) {
      rejections.expect(
          "type " + type, () -> engine.submit(TaskSpec.builder(t, type).build()), "type");
    }
    rejections.expect(
        "type too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, LONG).build()),
        "type");
    rejections.expect(
        "invokeId too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, TYPE).invokeId(LONG).build()),
        "invokeId");
    rejections.expect(
        "resourceId too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, TYPE).resourceId(LONG).build()),
        "resourceId");
    rejections.expect(
        "resourceName too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, TYPE).resource("r", LONG).build()),
        "resourceName");
    rejections.expect(
        "operator too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, TYPE).operator(LONG).build()),
        "operator");
    rejections.expect(
        "clientToken too long",
        SHORT_LIMIT,
        () -> engine.submit(TaskSpec.builder(t, TYPE).clientToken(LONG).build()),
        "clientToken");
    for (String param : oversizedPayloads()) {
      rejections.expect(
          "param of " + describe(param),
          PAYLOAD_LIMIT,
          () -> engine.submit(TaskSpec.builder(t, TYPE).param(param).build()),
          "param");
    }
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);
  }

  @Test
  void submitBatchRefusesBadSpecs() {
    TaskEngine engine =
        engineBuilder()
            .limits(Limits.defaults().toBuilder().maxChildrenPerBatch(3).build())
            .build();
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    String t = tenant;
    Function<String, BatchSpec.Builder> spec =
        tenant -> BatchSpec.builder(tenant, TYPE).child("r-1");
    rejections.expect("submitBatch(null)", () -> engine.submitBatch(null), "spec", "batchSpec");
    for (String tenant : Arrays.asList(null, "", "   ")) {
      rejections.expect(
          "tenant " + tenant, () -> engine.submitBatch(spec.apply(tenant).build()), "tenant");
    }
    rejections.expect(
        "tenant too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(LONG).build()),
        "tenant");
    for (String type : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "type " + type,
          () -> engine.submitBatch(BatchSpec.builder(t, type).child("r-1").build()),
          "type");
    }
    rejections.expect(
        "type too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(BatchSpec.builder(t, LONG).child("r-1").build()),
        "type");
    rejections.expect(
        "invokeId too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(t).invokeId(LONG).build()),
        "invokeId");
    rejections.expect(
        "operator too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(t).operator(LONG).build()),
        "operator");
    rejections.expect(
        "clientToken too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(t).clientToken(LONG).build()),
        "clientToken");
    for (String param : oversizedPayloads()) {
      rejections.expect(
          "batch param of " + describe(param),
          PAYLOAD_LIMIT,
          () -> engine.submitBatch(spec.apply(t).param(param).build()),
          "param");
      rejections.expect(
          "child param of " + describe(param),
          PAYLOAD_LIMIT,
          () -> engine.submitBatch(spec.apply(t).child(new ChildSpec("r-2", null, param)).build()),
          "param");
    }
    rejections.expect(
        "no children", () -> engine.submitBatch(BatchSpec.builder(t, TYPE).build()), "children");
    rejections.expect(
        "children null",
        () ->
            engine.submitBatch(
                new BatchSpec(t, TYPE, null, null, null, true, null, null, null, null, null)),
        "children");
    rejections.expect(
        "a null child",
        () -> engine.submitBatch(spec.apply(t).child((ChildSpec) null).build()),
        "children");
    for (String resourceId : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "child resourceId " + resourceId,
          () ->
              engine.submitBatch(spec.apply(t).child(new ChildSpec(resourceId, "n", null)).build()),
          "resourceId");
    }
    rejections.expect(
        "child resourceId too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(t).child(LONG).build()),
        "resourceId");
    rejections.expect(
        "child resourceName too long",
        SHORT_LIMIT,
        () -> engine.submitBatch(spec.apply(t).child(new ChildSpec("r-2", LONG, null)).build()),
        "resourceName");
    rejections.expect(
        "4 children past a limit of 3",
        List.of("3"),
        () -> engine.submitBatch(batchSpec(t, 4).build()),
        "children");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);

    assertThat(engine.submitBatch(batchSpec(t, 3).build()).counters().total())
        .as("3 children are fine")
        .isEqualTo(3);
  }

  @Test
  void addChildrenRefusesBadArguments() {
    TaskEngine engine =
        engineBuilder()
            .limits(Limits.defaults().toBuilder().maxChildrenPerBatch(3).build())
            .build();
    Task batch = engine.submitBatch(batchSpec(tenant, 2).build());
    engine.start(tenant, children(batch).get(0).id());
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    String t = tenant;
    String id = batch.id();
    List<ChildSpec> one = List.of(ChildSpec.of("r-3"));
    for (String tenant : Arrays.asList(null, "", "  ")) {
      rejections.expect("tenant " + tenant, () -> engine.addChildren(tenant, id, one), "tenant");
    }
    rejections.expect(
        "tenant too long", SHORT_LIMIT, () -> engine.addChildren(LONG, id, one), "tenant");
    for (String batchId : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "batch id " + batchId,
          () -> engine.addChildren(t, batchId, one),
          "batchId",
          "taskId",
          "id");
    }
    rejections.expect(
        "batch id too long",
        SHORT_LIMIT,
        () -> engine.addChildren(t, LONG, one),
        "batchId",
        "taskId",
        "id");
    rejections.expect("children null", () -> engine.addChildren(t, id, null), "children");
    rejections.expect(
        "a null child",
        () -> engine.addChildren(t, id, Arrays.asList(ChildSpec.of("r-3"), null)),
        "children");
    rejections.expect(
        "child resourceId too long",
        SHORT_LIMIT,
        () -> engine.addChildren(t, id, List.of(ChildSpec.of(LONG))),
        "resourceId");
    rejections.expect(
        "child resourceName too long",
        SHORT_LIMIT,
        () -> engine.addChildren(t, id, List.of(new ChildSpec("r-3", LONG, null))),
        "resourceName");
    for (String param : oversizedPayloads()) {
      rejections.expect(
          "child param of " + describe(param),
          PAYLOAD_LIMIT,
          () -> engine.addChildren(t, id, List.of(new ChildSpec("r-3", null, param))),
          "param");
    }
    rejections.expect(
        "a 4th and 5th child past a limit of 3",
        List.of("3"),
        () -> engine.addChildren(t, id, List.of(ChildSpec.of("r-3"), ChildSpec.of("r-4"))),
        "children");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);

    assertThat(engine.addChildren(t, id, one)).as("the 3rd child is fine").hasSize(1);
  }

  @Test
  void transitionsRefuseBadArguments() {
    Task running = engine.start(tenant, newSingle().id());
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    String t = tenant;
    String id = running.id();
    List<BiFunction<String, String, Task>> calls =
        List.of(
            engine::start,
            (tenant, taskId) -> engine.succeed(tenant, taskId, "r"),
            (tenant, taskId) -> engine.fail(tenant, taskId, "E", "m"),
            engine::cancel,
            engine::confirmCancelled,
            (tenant, taskId) -> engine.recordProgress(tenant, taskId, "r"),
            engine::get,
            (tenant, taskId) -> engine.find(tenant, taskId).orElse(null));
    List<String> names =
        List.of(
            "start",
            "succeed",
            "fail",
            "cancel",
            "confirmCancelled",
            "recordProgress",
            "get",
            "find");
    for (int i = 0; i < calls.size(); i++) {
      BiFunction<String, String, Task> call = calls.get(i);
      String name = names.get(i);
      for (String tenant : Arrays.asList(null, "", "  ")) {
        rejections.expect(name + " with tenant " + tenant, () -> call.apply(tenant, id), "tenant");
      }
      rejections.expect(
          name + " with a too long tenant", SHORT_LIMIT, () -> call.apply(LONG, id), "tenant");
      for (String taskId : Arrays.asList(null, "", "  ")) {
        rejections.expect(
            name + " with task id " + taskId, () -> call.apply(t, taskId), "taskId", "id");
      }
      rejections.expect(
          name + " with a too long task id",
          SHORT_LIMIT,
          () -> call.apply(t, LONG),
          "taskId",
          "id");
    }
    for (String result : oversizedPayloads()) {
      rejections.expect(
          "succeed with a result of " + describe(result),
          PAYLOAD_LIMIT,
          () -> engine.succeed(t, id, result),
          "result");
      rejections.expect(
          "recordProgress with a result of " + describe(result),
          PAYLOAD_LIMIT,
          () -> engine.recordProgress(t, id, result),
          "result");
      rejections.expect(
          "fail with a message of " + describe(result),
          PAYLOAD_LIMIT,
          () -> engine.fail(t, id, "E", result),
          "errorMessage");
    }
    for (String code : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "fail with error code " + code, () -> engine.fail(t, id, code, "m"), "errorCode");
    }
    rejections.expect(
        "fail with a too long error code",
        SHORT_LIMIT,
        () -> engine.fail(t, id, LONG, "m"),
        "errorCode");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);
  }

  /** A filter past a limit, the field it must be refused with and the limit it must state. */
  private record QueryRefusal(
      String what, List<String> limit, UnaryOperator<TaskQuery.Builder> filter, String field) {}

  @Test
  void queriesRefuseBadArguments() {
    newSingle();
    newSingle();
    TaskEngine narrow =
        engineBuilder().limits(Limits.defaults().toBuilder().maxFilterValues(2).build()).build();
    String t = tenant;
    TaskQuery all = TaskQuery.all(t);
    String token = engine.query(all, PageRequest.first(1)).nextToken().orElseThrow();
    List<String> many = IntStream.range(0, 101).mapToObj(i -> "v-" + i).toList();
    Rejections rejections = new Rejections();

    rejections.expect("query(null, page)", () -> engine.query(null, PageRequest.first()), "query");
    rejections.expect(
        "query(query, null)", () -> engine.query(all, null), "page", "pageRequest", "request");
    for (int size : new int[] {0, -1, 101, Integer.MIN_VALUE}) {
      rejections.expect(
          "page size " + size,
          () -> engine.query(all, PageRequest.first(size)),
          "size",
          "pageSize");
    }
    rejections.expect(
        "page size 0 with a token",
        () -> engine.query(all, PageRequest.after(token, 0)),
        "size",
        "pageSize");
    rejections.expect(
        "page size 101 with a token",
        () -> engine.query(all, PageRequest.after(token, 101)),
        "size",
        "pageSize");
    List<QueryRefusal> refusals =
        List.of(
            new QueryRefusal("101 ids", FILTER_LIMIT, q -> q.ids(many), "ids"),
            new QueryRefusal(
                "101 resourceIds", FILTER_LIMIT, q -> q.resourceIds(many), "resourceIds"),
            new QueryRefusal("101 invokeIds", FILTER_LIMIT, q -> q.invokeIds(many), "invokeIds"),
            new QueryRefusal("101 types", FILTER_LIMIT, q -> q.types(many), "types"),
            new QueryRefusal("a too long id", SHORT_LIMIT, q -> q.ids(LONG), "ids"),
            new QueryRefusal(
                "a too long resourceId",
                SHORT_LIMIT,
                q -> q.resourceIds("ok", LONG),
                "resourceIds"),
            new QueryRefusal(
                "a too long invokeId", SHORT_LIMIT, q -> q.invokeIds(LONG), "invokeIds"),
            new QueryRefusal("a too long type", SHORT_LIMIT, q -> q.types(LONG), "types"),
            new QueryRefusal("a too long parentId", SHORT_LIMIT, q -> q.parentId(LONG), "parentId"),
            new QueryRefusal(
                "a too long resourceName", SHORT_LIMIT, q -> q.resourceName(LONG), "resourceName"),
            new QueryRefusal(
                "a too long operator", SHORT_LIMIT, q -> q.operator(LONG), "operator"));
    for (QueryRefusal refusal : refusals) {
      TaskQuery query = refusal.filter().apply(TaskQuery.builder(t)).build();
      String what = refusal.what();
      List<String> limit = refusal.limit();
      String field = refusal.field();
      rejections.expect(
          what + " in query", limit, () -> engine.query(query, PageRequest.first()), field);
      rejections.expect(
          what + " in queryByOffset", limit, () -> engine.queryByOffset(query, 0, 10), field);
      rejections.expect(what + " in count", limit, () -> engine.count(query), field);
    }
    TaskQuery threeStatuses =
        TaskQuery.builder(t)
            .statuses(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.FAILED)
            .build();
    rejections.expect(
        "3 statuses past a limit of 2",
        () -> narrow.query(threeStatuses, PageRequest.first()),
        "statuses");
    rejections.expect(
        "3 ids past a limit of 2",
        () -> narrow.count(TaskQuery.builder(t).ids("a", "b", "c").build()),
        "ids");
    rejections.expect(
        "a too long tenant in query",
        SHORT_LIMIT,
        () -> engine.query(TaskQuery.all(LONG), PageRequest.first()),
        "tenant");
    rejections.expect(
        "a too long tenant in queryByOffset",
        SHORT_LIMIT,
        () -> engine.queryByOffset(TaskQuery.all(LONG), 0, 10),
        "tenant");
    rejections.expect(
        "a too long tenant in count",
        SHORT_LIMIT,
        () -> engine.count(TaskQuery.all(LONG)),
        "tenant");
    for (String tenant : Arrays.asList(null, "", " ")) {
      rejections.expect(
          "query tenant " + tenant, () -> engine.count(TaskQuery.all(tenant)), "tenant");
    }
    rejections.expect(
        "a null id value", () -> engine.count(TaskQuery.builder(t).ids("a", null).build()), "ids");
    rejections.expect(
        "a null status value",
        () -> engine.count(TaskQuery.builder(t).statuses((TaskStatus) null).build()),
        "statuses");
    rejections.expect(
        "a null order",
        () -> engine.count(TaskQuery.builder(t).order((SortOrder) null).build()),
        "order");
    Instant now = clock.instant();
    rejections.expect(
        "createdFrom after createdBefore",
        () -> engine.count(TaskQuery.builder(t).createdBetween(now.plusSeconds(1), now).build()),
        "createdFrom",
        "createdBefore");
    rejections.expect("queryByOffset(null, ...)", () -> engine.queryByOffset(null, 0, 10), "query");
    rejections.expect("count(null)", () -> engine.count(null), "query");
    rejections.assertAll();
  }

  @Test
  void purgeAndBuilderRefuseBadArguments() {
    Task finished = engine.fail(tenant, newSingle().id(), "E", "m");
    Rejections rejections = new Rejections();
    Instant later = clock.instant().plusSeconds(3_600);
    for (String tenant : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "purge tenant " + tenant, () -> engine.purgeFinished(tenant, later), "tenant");
    }
    rejections.expect(
        "purge with a too long tenant",
        SHORT_LIMIT,
        () -> engine.purgeFinished(LONG, later),
        "tenant");
    rejections.expect(
        "purge before null", () -> engine.purgeFinished(tenant, null), "finishedBefore", "before");
    rejections.expect("an engine without a store", () -> TaskEngines.builder().build(), "store");
    rejections.expect("a null store", () -> TaskEngines.builder().store(null), "store");
    rejections.expect("a null clock", () -> engineBuilder().clock(null), "clock");
    rejections.expect("null limits", () -> engineBuilder().limits(null), "limits");
    rejections.expect(
        "a null rollup policy", () -> engineBuilder().rollupPolicy(null), "rollupPolicy");
    rejections.expect("null token keys", () -> engineBuilder().tokenKeys(null), "tokenKeys");
    rejections.assertAll();
    assertThat(reload(finished)).isEqualTo(finished);
  }

  @Test
  void offsetAndLimitOutOfRangeOrPastTheWindowAreRejected() {
    newSingle();
    newSingle();
    newSingle();
    TaskQuery query = TaskQuery.all(tenant);
    Failures.invalid("negative offset", () -> engine.queryByOffset(query, -1, 10), "offset");
    Failures.invalid("limit 0", () -> engine.queryByOffset(query, 0, 0), "limit");
    Failures.invalid("negative limit", () -> engine.queryByOffset(query, 0, -5), "limit");
    Failures.invalid(
        "limit past maxPageSize",
        () -> engine.queryByOffset(query, 0, Limits.defaults().maxPageSize() + 1),
        "limit");
    Failures.invalid(
        "offset past the default window",
        () -> engine.queryByOffset(query, Limits.defaults().maxOffsetWindow(), 1),
        "offset");
    Failures.invalid(
        "overflowing offset + limit",
        () -> engine.queryByOffset(query, Integer.MAX_VALUE, 100),
        "offset");
    assertThat(engine.queryByOffset(query, 0, Limits.defaults().maxPageSize())).hasSize(3);
  }
}
