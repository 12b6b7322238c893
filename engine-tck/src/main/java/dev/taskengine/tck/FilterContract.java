package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every filter alone and combined, in both orders, against a brute-force expectation computed from
 * the tasks the test created: keyset pages, offset pages and counts must all agree with it.
 */
interface FilterContract extends ContractFixture {

  List<String> FILTER_TYPES = List.of("StartInstance", "StopInstance", "RebootInstance");
  List<String> INVOKE_IDS = List.of("inv-a", "inv-b", "inv-c");
  List<String> OPERATORS = List.of("alice", "bob");
  List<String> RESOURCE_NAMES = List.of("phone-1", "phone-2");

  /**
   * Creates a varied data set of single tasks and batches with seeded random attributes, creation
   * times (ties included) and statuses, plus look-alike tasks in the other tenant; returns every
   * task of the tenant as stored.
   */
  private List<Task> createDataSet(Random random) {
    for (int i = 0; i < 24; i++) {
      advanceRandomly(random);
      TaskSpec spec =
          TaskSpec.builder(tenant(), pick(random, FILTER_TYPES))
              .invokeId(pickOrNull(random, INVOKE_IDS))
              .resource(
                  random.nextInt(5) == 0 ? null : "res-" + random.nextInt(7),
                  pickOrNull(random, RESOURCE_NAMES))
              .operator(pickOrNull(random, OPERATORS))
              .build();
      Task task = engine().submit(spec);
      moveRandomly(random, task);
      engine()
          .submit(
              TaskSpec.builder(otherTenant(), spec.type())
                  .invokeId(spec.invokeId())
                  .resource(spec.resourceId(), spec.resourceName())
                  .operator(spec.operator())
                  .build());
    }
    for (int b = 0; b < 5; b++) {
      advanceRandomly(random);
      BatchSpec.Builder spec =
          BatchSpec.builder(tenant(), pick(random, FILTER_TYPES))
              .invokeId(pickOrNull(random, INVOKE_IDS))
              .operator(pickOrNull(random, OPERATORS));
      for (int c = 2 + random.nextInt(4); c > 0; c--) {
        spec.child(
            new ChildSpec("res-" + random.nextInt(7), pickOrNull(random, RESOURCE_NAMES), null));
      }
      Task batch = engine().submitBatch(spec.build());
      for (Task child : childrenOf(batch)) {
        moveRandomly(random, child);
      }
      if (random.nextInt(3) == 0 && !reload(batch).isTerminal()) {
        engine().cancel(tenant(), batch.id());
      }
    }
    return allTasks(tenant());
  }

  private void advanceRandomly(Random random) {
    switch (random.nextInt(3)) {
      case 0 -> {} // a tie on createdAt: the id decides the order
      case 1 -> clock().advance(Duration.ofNanos(1_000));
      default -> clock().advance(Duration.ofSeconds(1 + random.nextInt(100)));
    }
  }

  private void moveRandomly(Random random, Task task) {
    String id = task.id();
    switch (random.nextInt(6)) {
      case 0 -> {}
      case 1 -> engine().start(tenant(), id);
      case 2 -> {
        engine().start(tenant(), id);
        engine().succeed(tenant(), id, "ok");
      }
      case 3 -> engine().fail(tenant(), id, "E", "m");
      case 4 -> engine().cancel(tenant(), id);
      default -> {
        engine().start(tenant(), id);
        engine().cancel(tenant(), id);
      }
    }
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static <T> T pickOrNull(Random random, List<T> values) {
    int index = random.nextInt(values.size() + 1);
    return index == values.size() ? null : values.get(index);
  }

  /** The filters to try: each alone, then combinations. */
  private List<Function<TaskQuery.Builder, TaskQuery.Builder>> filters(
      List<Task> tasks, Random random) {
    List<Task> batches = tasks.stream().filter(t -> t.level() == Level.BATCH).toList();
    List<Task> singles =
        tasks.stream().filter(t -> t.level() == Level.INSTANCE && t.parentId() == null).toList();
    Task someBatch = batches.get(random.nextInt(batches.size()));
    Task otherBatch = batches.get((batches.indexOf(someBatch) + 1) % batches.size());
    Task someSingle = singles.get(random.nextInt(singles.size()));
    List<Instant> times = tasks.stream().map(Task::createdAt).distinct().sorted().toList();
    Instant early = times.get(times.size() / 4);
    Instant middle = times.get(times.size() / 2);
    Instant late = times.get(times.size() * 3 / 4);
    List<String> someIds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      someIds.add(tasks.get(random.nextInt(tasks.size())).id());
    }
    String foreignId = allTasks(otherTenant()).get(0).id();

    List<Function<TaskQuery.Builder, TaskQuery.Builder>> filters = new ArrayList<>();
    filters.add(q -> q);
    filters.add(q -> q.ids(someIds));
    filters.add(q -> q.ids(someIds.get(0), foreignId, "no-such-task"));
    filters.add(q -> q.resourceIds("res-1"));
    filters.add(q -> q.resourceIds("res-2", "res-5", "res-404"));
    filters.add(q -> q.parentId(someBatch.id()));
    filters.add(q -> q.parentId(someSingle.id()));
    filters.add(q -> q.invokeIds("inv-a"));
    filters.add(q -> q.invokeIds("inv-a", "inv-c"));
    filters.add(q -> q.types("StopInstance"));
    filters.add(q -> q.types("StartInstance", "RebootInstance"));
    for (TaskStatus status : TaskStatus.values()) {
      filters.add(q -> q.statuses(status));
    }
    filters.add(q -> q.statuses(TaskStatus.RUNNING, TaskStatus.CANCELLING));
    filters.add(q -> q.statuses(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED));
    filters.add(q -> q.level(Level.BATCH));
    filters.add(q -> q.level(Level.INSTANCE));
    filters.add(q -> q.resourceName("phone-1"));
    filters.add(q -> q.operator("bob"));
    filters.add(q -> q.createdBetween(middle, null));
    filters.add(q -> q.createdBetween(null, middle));
    filters.add(q -> q.createdBetween(early, late));
    filters.add(q -> q.createdBetween(middle, middle));
    filters.add(q -> q.createdBetween(times.get(0), times.get(times.size() - 1).plusNanos(1_000)));
    // combinations
    filters.add(
        q ->
            q.types("StartInstance", "StopInstance")
                .statuses(TaskStatus.PENDING, TaskStatus.RUNNING));
    filters.add(
        q -> q.level(Level.INSTANCE).invokeIds("inv-b", "inv-c").createdBetween(early, null));
    filters.add(
        q ->
            q.parentId(someBatch.id())
                .statuses(TaskStatus.CANCELLED, TaskStatus.CANCELLING, TaskStatus.PENDING));
    filters.add(q -> q.resourceName("phone-2").operator("alice"));
    filters.add(
        q ->
            q.resourceIds("res-1", "res-3")
                .level(Level.INSTANCE)
                .types("RebootInstance", "StopInstance"));
    filters.add(q -> q.ids(someIds).level(Level.INSTANCE).createdBetween(null, late));
    filters.add(
        q ->
            q.ids(someBatch.id(), otherBatch.id()).level(Level.BATCH).statuses(someBatch.status()));
    filters.add(
        q ->
            q.operator("alice")
                .invokeIds("inv-a")
                .createdBetween(early, late)
                .statuses(TaskStatus.FAILED, TaskStatus.SUCCEEDED));
    filters.add(
        q ->
            q.ids(someIds)
                .resourceIds("res-1", "res-2", "res-3")
                .invokeIds(INVOKE_IDS)
                .types(FILTER_TYPES)
                .statuses(TaskStatus.values())
                .level(Level.INSTANCE)
                .resourceName("phone-1")
                .operator("alice")
                .createdBetween(times.get(0), late));
    return filters;
  }

  @Test
  default void everyFilterAloneAndCombinedMatchesABruteForceExpectation() {
    long seed =
        Seeds.seed("FilterContract.everyFilterAloneAndCombinedMatchesABruteForceExpectation");
    Random random = new Random(seed);
    List<Task> tasks = createDataSet(random);
    assertThat(tasks).hasSizeGreaterThan(30);

    SoftAssertions softly = new SoftAssertions();
    int nonEmpty = 0;
    for (Function<TaskQuery.Builder, TaskQuery.Builder> filter : filters(tasks, random)) {
      for (SortOrder order : SortOrder.values()) {
        TaskQuery query = filter.apply(TaskQuery.builder(tenant())).order(order).build();
        List<String> expected = Tck.ids(Tck.expected(tasks, query));
        nonEmpty += expected.isEmpty() ? 0 : 1;
        softly
            .assertThat(Tck.ids(Tck.readAll(engine(), query, 7)))
            .as("keyset pages of %s (seed %d)", query, seed)
            .isEqualTo(expected);
        softly
            .assertThat(Tck.ids(engine().queryByOffset(query, 0, 100)))
            .as("offset page of %s (seed %d)", query, seed)
            .isEqualTo(expected);
        softly
            .assertThat(engine().count(query))
            .as("count of %s (seed %d)", query, seed)
            .isEqualTo(new TaskCount(expected.size(), false));
      }
    }
    softly.assertAll();
    assertThat(nonEmpty).as("most filters should match something").isGreaterThan(30);
  }

  @Test
  default void createdRangeIsInclusiveFromAndExclusiveBefore() {
    Task first = newSingle();
    Instant boundary = clock().advance(Duration.ofSeconds(1));
    Task atBoundary = newSingle();
    clock().advance(Duration.ofNanos(1_000));
    Task afterBoundary = newSingle();

    assertThat(
            Tck.ids(
                Tck.readAll(
                    engine(),
                    TaskQuery.builder(tenant())
                        .createdBetween(boundary, null)
                        .order(SortOrder.OLDEST_FIRST)
                        .build(),
                    10)))
        .containsExactly(atBoundary.id(), afterBoundary.id());
    assertThat(
            Tck.ids(
                Tck.readAll(
                    engine(),
                    TaskQuery.builder(tenant()).createdBetween(null, boundary).build(),
                    10)))
        .containsExactly(first.id());
    assertThat(
            Tck.ids(
                Tck.readAll(
                    engine(),
                    TaskQuery.builder(tenant())
                        .createdBetween(boundary, afterBoundary.createdAt())
                        .build(),
                    10)))
        .containsExactly(atBoundary.id());
  }

  @Test
  default void tasksWithOneCreatedAtAreOrderedById() {
    List<Task> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(newSingle());
    }
    List<String> ascending =
        Tck.ids(created.stream().sorted(Tck.order(SortOrder.OLDEST_FIRST)).toList());
    List<String> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);

    assertThat(
            Tck.ids(
                Tck.readAll(
                    engine(),
                    TaskQuery.builder(tenant()).order(SortOrder.OLDEST_FIRST).build(),
                    5)))
        .isEqualTo(ascending);
    assertThat(Tck.ids(Tck.readAll(engine(), TaskQuery.all(tenant()), 5))).isEqualTo(descending);
  }
}
