package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The store's own promises, called directly through the SPI: the guards the engine reaches only
 * when a race is lost (a stale compare-and-set, a stale cascade, a refused addition, a duplicate
 * client token) write nothing, deterministically; each unit of work writes exactly what its SPI
 * type documents and, when any part of it fails (a repeated id, a failing rollup), nothing at all;
 * and reads honour their snapshot, key and limit.
 */
interface StoreSpiContract extends ContractFixture {

  /** A rollup that keeps the batch as it is; the calls here are refused before it matters. */
  BatchRollup KEEP = (batch, now) -> batch;

  /** The child moves of the engine's batch cancel. */
  Map<TaskStatus, TaskStatus> CANCEL_CHILDREN =
      Map.of(
          TaskStatus.PENDING, TaskStatus.CANCELLED,
          TaskStatus.RUNNING, TaskStatus.CANCELLING);

  /** {@code task} moved to {@code status} as the engine would write it at {@code now}. */
  static Task moved(Task task, TaskStatus status, Instant now) {
    return task.toBuilder()
        .status(status)
        .version(task.version() + 1)
        .startedAt(status == TaskStatus.RUNNING ? now : task.startedAt())
        .finishedAt(status.isTerminal() ? now : task.finishedAt())
        .updatedAt(now)
        .build();
  }

  /** {@code child} moved to {@code status} through the SPI, with its parent's counter delta. */
  default Optional<UpdateResult> move(
      Task child, TaskStatus status, Instant now, BatchRollup rollup) {
    return store()
        .update(
            new TaskUpdate(
                child, moved(child, status, now), CounterDelta.move(child.status(), status), now),
            rollup);
  }

  /** A new PENDING child of {@code batch}, as the engine would make it. */
  static Task newChild(Task batch, Instant now) {
    return newChild(batch.tenant(), batch, now);
  }

  /** A new PENDING child of {@code batch} in {@code tenant}, as the engine would make it. */
  private static Task newChild(String tenant, Task batch, Instant now) {
    return Task.builder()
        .id("tck-" + UUID.randomUUID())
        .tenant(tenant)
        .parentId(batch.id())
        .level(Level.INSTANCE)
        .type(batch.type())
        .status(TaskStatus.PENDING)
        .invokeId(batch.invokeId())
        .resourceId("added")
        .operator(batch.operator())
        .cancellable(batch.cancellable())
        .createdAt(now)
        .updatedAt(now)
        .availableAt(now)
        .build();
  }

  @Test
  default void staleCompareAndSetWritesNothing() {
    Task batch = newBatch(2);
    Task child = childrenByResource(batch).get(0);
    Task started = engine().start(tenant(), child.id());
    Task batchNow = reload(batch);
    Instant now = clock().instant();

    // the child as a racer read it before the start: status and version are both stale
    TaskUpdate stale =
        new TaskUpdate(
            child,
            moved(child, TaskStatus.FAILED, now),
            CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
            now);
    assertThat(store().update(stale, KEEP)).as("stale status and version").isEmpty();

    // right status, stale version: a RUNNING task written by someone else since
    Task progressed = engine().recordProgress(tenant(), child.id(), "half");
    TaskUpdate staleVersion =
        new TaskUpdate(
            started,
            moved(started, TaskStatus.SUCCEEDED, now),
            CounterDelta.move(TaskStatus.RUNNING, TaskStatus.SUCCEEDED),
            now);
    assertThat(store().update(staleVersion, KEEP)).as("stale version").isEmpty();

    // right version, wrong status
    Task wrongStatus =
        progressed.toBuilder().status(TaskStatus.PENDING).startedAt(null).finishedAt(null).build();
    TaskUpdate wrong =
        new TaskUpdate(
            wrongStatus,
            moved(wrongStatus, TaskStatus.FAILED, now),
            CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
            now);
    assertThat(store().update(wrong, KEEP)).as("stale status").isEmpty();

    assertThat(reload(child)).isEqualTo(progressed);
    assertThat(reload(batch)).as("the parent's counters were not touched").isEqualTo(batchNow);

    TaskUpdate current =
        new TaskUpdate(
            progressed,
            moved(progressed, TaskStatus.SUCCEEDED, now),
            CounterDelta.move(TaskStatus.RUNNING, TaskStatus.SUCCEEDED),
            now);
    assertThat(store().update(current, KEEP)).as("the current read wins").isPresent();
    assertThat(reload(child).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(reload(batch).counters()).isEqualTo(new ChildCounters(2, 1, 0, 1, 0, 0));
  }

  @Test
  default void compareAndSetOfAnotherTenantsTaskWritesNothing() {
    Task task = engine().start(tenant(), newSingle().id());
    Instant now = clock().instant();
    Task foreign =
        Task.builder()
            .id(task.id())
            .tenant(otherTenant())
            .level(task.level())
            .type(task.type())
            .status(task.status())
            .createdAt(task.createdAt())
            .startedAt(task.startedAt())
            .updatedAt(task.updatedAt())
            .version(task.version())
            .build();
    TaskUpdate update =
        new TaskUpdate(foreign, moved(foreign, TaskStatus.SUCCEEDED, now), CounterDelta.ZERO, now);
    assertThat(store().update(update, KEEP)).isEmpty();
    assertThat(reload(task)).isEqualTo(task);
    assertThat(store().find(otherTenant(), task.id())).isEmpty();
  }

  @Test
  default void staleCascadeWritesNothing() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    Task staleBatch = reload(batch);
    engine().start(tenant(), children.get(0).id());
    Task batchNow = reload(batch);
    List<Task> childrenNow = childrenOf(batch);

    BatchCascade cascade =
        new BatchCascade(staleBatch, TaskStatus.CANCELLING, CANCEL_CHILDREN, clock().instant());
    assertThat(store().cascade(cascade, KEEP)).isEmpty();
    assertThat(reload(batch)).isEqualTo(batchNow);
    assertThat(childrenOf(batch)).isEqualTo(childrenNow);
  }

  @Test
  default void refusedChildAdditionsWriteNothing() {
    Task batch = newBatch(2);
    Task single = newSingle();
    Task before = reload(batch);
    List<Task> childrenBefore = childrenOf(batch);
    Instant now = clock().instant();
    Set<TaskStatus> open = EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING);

    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(), batch.id(), open, 2, List.of(newChild(batch, now)), now)))
        .as("past maxTotal")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(),
                        batch.id(),
                        open,
                        3,
                        List.of(newChild(batch, now), newChild(batch, now)),
                        now)))
        .as("two past a maxTotal that takes one")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(),
                        batch.id(),
                        EnumSet.of(TaskStatus.RUNNING),
                        10,
                        List.of(newChild(batch, now)),
                        now)))
        .as("a batch in a status that is not allowed")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        otherTenant(),
                        batch.id(),
                        open,
                        10,
                        List.of(newChild(otherTenant(), batch, now)),
                        now)))
        .as("another tenant's batch")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(), single.id(), open, 10, List.of(newChild(single, now)), now)))
        .as("a single task")
        .isEmpty();
    assertThat(reload(batch)).isEqualTo(before);
    assertThat(reload(single)).isEqualTo(single);
    assertThat(childrenOf(batch)).isEqualTo(childrenBefore);
    assertThat(childrenOf(single)).isEmpty();

    Task added = newChild(batch, now);
    assertThat(
            store()
                .addChildren(new ChildAddition(tenant(), batch.id(), open, 3, List.of(added), now)))
        .as("up to maxTotal")
        .hasValueSatisfying(
            b -> assertThat(b.counters()).isEqualTo(new ChildCounters(3, 3, 0, 0, 0, 0)));
    assertThat(store().find(tenant(), added.id())).contains(added);
  }

  @Test
  default void duplicateClientTokenInsertThrowsAndWritesNothing() {
    String token = "spi-" + UUID.randomUUID();
    Task first = engine().submit(TaskSpec.builder(tenant(), TYPE).clientToken(token).build());
    ClientTokenRecord record = store().findClientToken(tenant(), token).orElseThrow();
    assertThat(record.taskId()).isEqualTo(first.id());
    assertThat(store().findClientToken(otherTenant(), token)).isEmpty();

    Task second = newChildlessCopy(first);
    assertThatThrownBy(
            () ->
                store()
                    .insert(
                        new NewTasks(
                            second,
                            List.of(),
                            new ClientTokenRecord(tenant(), token, second.id(), "another hash"))))
        .isInstanceOf(DuplicateClientTokenException.class);
    assertThat(store().find(tenant(), second.id())).isEmpty();
    assertThat(store().findClientToken(tenant(), token)).contains(record);
  }

  private Task newChildlessCopy(Task task) {
    return Task.builder()
        .id("tck-" + UUID.randomUUID())
        .tenant(task.tenant())
        .level(Level.INSTANCE)
        .type(task.type())
        .status(TaskStatus.PENDING)
        .createdAt(task.createdAt())
        .updatedAt(task.createdAt())
        .build();
  }

  @Test
  default void countStopsAtTheLimitItIsGiven() {
    for (int i = 0; i < 5; i++) {
      newSingle();
    }
    TaskQuery all = TaskQuery.all(tenant());
    assertThat(store().count(all, 3)).isEqualTo(3);
    assertThat(store().count(all, 5)).isEqualTo(5);
    assertThat(store().count(all, 100)).isEqualTo(5);
    // the engine asks for countCap + 1, and a host may set a cap of billions
    assertThat(store().count(all, Integer.MAX_VALUE + 1L)).isEqualTo(5);
    assertThat(store().count(all, Long.MAX_VALUE)).isEqualTo(5);
  }

  /** A new PENDING single task of {@code tenant} created (and available) at {@code createdAt}. */
  static Task singleRow(String tenant, String id, Instant createdAt) {
    return Task.builder()
        .id(id)
        .tenant(tenant)
        .level(Level.INSTANCE)
        .type(TYPE)
        .status(TaskStatus.PENDING)
        .createdAt(createdAt)
        .updatedAt(createdAt)
        .availableAt(createdAt)
        .build();
  }

  /**
   * A new batch of {@code tenant} as the engine would insert it: its counters count {@code
   * children} PENDING children, whose ids are {@code batchId-1 .. batchId-n}.
   */
  static NewTasks batchRows(String tenant, String batchId, int children, Instant now) {
    Task batch =
        Task.builder()
            .id(batchId)
            .tenant(tenant)
            .level(Level.BATCH)
            .type(TYPE)
            .status(TaskStatus.PENDING)
            .createdAt(now)
            .updatedAt(now)
            .counters(CounterDelta.added(children).applyTo(ChildCounters.NONE))
            .build();
    List<Task> rows = new ArrayList<>();
    for (int i = 1; i <= children; i++) {
      rows.add(newChild(batch, now).toBuilder().id(batchId + "-" + i).build());
    }
    return new NewTasks(batch, rows, null);
  }

  /** Whether {@code cause} is {@code thrown} or one of its causes. */
  private static boolean causedBy(Throwable thrown, Throwable cause) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t == cause) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code write} with a rollup that throws: the rollup's exception (or a store exception
   * around it) must reach the caller.
   */
  private static void expectRollupFailureToReachTheCaller(
      String description, Function<BatchRollup, ?> write) {
    IllegalStateException boom = new IllegalStateException("the rollup failed on purpose");
    Throwable thrown =
        catchThrowable(
            () ->
                write.apply(
                    (batch, now) -> {
                      throw boom;
                    }));
    assertThat(causedBy(thrown, boom)).as("%s: got %s", description, thrown).isTrue();
  }

  @Test
  default void insertWithARepeatedIdInsideItWritesNothing() {
    Instant now = clock().instant();
    String batchId = "spi-" + UUID.randomUUID();
    NewTasks batch = batchRows(tenant(), batchId, 3, now);
    List<Task> children = batch.children();
    String token = "spi-" + UUID.randomUUID();
    ClientTokenRecord record = new ClientTokenRecord(tenant(), token, batchId, "hash");
    Task childWithTheBatchId = children.get(1).toBuilder().id(batchId).build();

    Tck.expectStoreFailure(
        "a child id twice in one insert",
        () ->
            store()
                .insert(
                    new NewTasks(
                        batch.root(),
                        List.of(children.get(0), children.get(1), children.get(0)),
                        record)));
    Tck.expectStoreFailure(
        "the batch id again as a child id",
        () ->
            store()
                .insert(
                    new NewTasks(
                        batch.root(),
                        List.of(children.get(0), childWithTheBatchId, children.get(2)),
                        record)));

    assertThat(store().find(tenant(), batchId)).isEmpty();
    for (Task child : children) {
      assertThat(store().find(tenant(), child.id())).as("child %s", child.id()).isEmpty();
    }
    assertThat(store().findClientToken(tenant(), token)).isEmpty();
    assertThat(store().count(TaskQuery.all(tenant()), 100)).isZero();

    store().insert(new NewTasks(batch.root(), children, record));
    assertThat(store().count(TaskQuery.all(tenant()), 100))
        .as("the same insert, fixed")
        .isEqualTo(4);
  }

  @Test
  default void failingRollupOfAnUpdateWritesNothing() {
    Task batch = newBatch(2);
    Task child = childrenByResource(batch).get(0);
    Task batchBefore = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    expectRollupFailureToReachTheCaller(
        "an update whose rollup throws", rollup -> move(child, TaskStatus.RUNNING, now, rollup));

    assertThat(reload(child)).as("the child").isEqualTo(child);
    assertThat(reload(batch)).as("the batch's counters").isEqualTo(batchBefore);
    assertThat(store().count(TaskQuery.builder(tenant()).statuses(TaskStatus.RUNNING).build(), 10))
        .isZero();
  }

  @Test
  default void zeroDeltaLeavesTheParentAlone() {
    Task batch = newBatch(2);
    // a running child reports progress: its status, and so its batch's counters, stay as they are
    Task child = engine().start(tenant(), childrenByResource(batch).get(0).id());
    Task batchBefore = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    Task progressed =
        child.toBuilder().result("half").updatedAt(now).version(child.version() + 1).build();
    BatchRollup wouldFinishIt =
        (parent, at) -> parent.toBuilder().status(TaskStatus.FAILED).finishedAt(at).build();

    UpdateResult result =
        store()
            .update(new TaskUpdate(child, progressed, CounterDelta.ZERO, now), wouldFinishIt)
            .orElseThrow();

    assertThat(result.task()).isEqualTo(progressed);
    assertThat(result.parent()).as("no parent is written for a zero delta").isEmpty();
    assertThat(reload(child)).isEqualTo(progressed);
    assertThat(reload(batch)).isEqualTo(batchBefore);
  }

  /** A new single task of {@link #tenant()} with every field a spec may set. */
  default Task newTaskWithEveryField() {
    return engine()
        .submit(
            TaskSpec.builder(tenant(), TYPE)
                .invokeId("inv-1")
                .resource("res-1", "phone-1")
                .operator("alice")
                .param("{\"reboot\":true}")
                .deadline(clock().instant().plus(Duration.ofHours(1)))
                .maxRunTime(Duration.ofMinutes(20))
                .retryPolicy(RetryPolicy.attempts(4))
                .build());
  }

  /**
   * {@code task} with every field that {@link TaskUpdate} lists changed at {@code now}: what a
   * store writes for a transition, whatever its status (the store checks no status machine).
   */
  static Task withEveryTransitionField(Task task, Instant now) {
    return task.toBuilder()
        .status(TaskStatus.FAILED)
        .result("partial")
        .errorCode("E1")
        .errorMessage("the phone did not answer")
        .startedAt(now.minusSeconds(1))
        .finishedAt(now)
        .updatedAt(now)
        .version(task.version() + 1)
        .attempt(task.attempt() + 3)
        .leaseOwner("worker-7")
        .leaseExpiresAt(now.plusSeconds(30))
        .availableAt(now.plusSeconds(7))
        .deadline(now.plus(Duration.ofMinutes(20)))
        .build();
  }

  /**
   * {@code written} with every field that a transition never writes changed too: a store keeps
   * those, so what it writes from this is {@code written}.
   */
  static Task withFieldsNoTransitionWrites(Task written, Instant now) {
    return written.toBuilder()
        .type("OtherType")
        .invokeId("inv-2")
        .resourceId("res-2")
        .resourceName("phone-2")
        .operator("bob")
        .param("other")
        .cancellable(false)
        .createdAt(now)
        .maxRunTime(Duration.ofDays(1))
        .retryPolicy(RetryPolicy.attempts(9))
        .build();
  }

  @Test
  default void updateWritesTheTransitionsFieldsAndNoOther() {
    Task task = newTaskWithEveryField();
    Instant now = clock().advance(Duration.ofSeconds(1));
    Task written = withEveryTransitionField(task, now);

    UpdateResult result =
        store()
            .update(
                new TaskUpdate(
                    task, withFieldsNoTransitionWrites(written, now), CounterDelta.ZERO, now),
                KEEP)
            .orElseThrow();

    assertThat(result.task()).as("what update returns").isEqualTo(written);
    assertThat(reload(task)).as("what the store keeps").isEqualTo(written);
    assertThat(store().count(TaskQuery.builder(tenant()).types(TYPE).build(), 10)).isEqualTo(1);
    assertThat(store().count(TaskQuery.builder(tenant()).types("OtherType").build(), 10)).isZero();
    assertThat(store().count(TaskQuery.builder(tenant()).statuses(TaskStatus.FAILED).build(), 10))
        .isEqualTo(1);

    Instant later = clock().advance(Duration.ofSeconds(1));
    Task cleared =
        written.toBuilder()
            .result(null)
            .errorCode(null)
            .errorMessage(null)
            .startedAt(null)
            .finishedAt(null)
            .leaseOwner(null)
            .leaseExpiresAt(null)
            .availableAt(null)
            .deadline(null)
            .updatedAt(later)
            .version(written.version() + 1)
            .build();
    store().update(new TaskUpdate(written, cleared, CounterDelta.ZERO, later), KEEP).orElseThrow();
    assertThat(reload(task)).as("every written field cleared").isEqualTo(cleared);
  }

  @Test
  default void updateWritesTheParentsDeltaAndRollupOnceAndReturnsIt() {
    Task batch = newBatch(2);
    List<Task> children = childrenByResource(batch);
    Task batchBefore = reload(batch);
    Instant startedAt = clock().advance(Duration.ofSeconds(1));
    List<ChildCounters> seen = new ArrayList<>();
    BatchRollup starts =
        (parent, at) -> {
          seen.add(parent.counters());
          return parent.toBuilder().status(TaskStatus.RUNNING).startedAt(at).build();
        };

    Task first = children.get(0);
    UpdateResult started = move(first, TaskStatus.RUNNING, startedAt, starts).orElseThrow();

    assertThat(seen)
        .as("the rollup sees the counters already moved")
        .containsExactly(new ChildCounters(2, 1, 1, 0, 0, 0));
    Task parent = started.parent().orElseThrow();
    assertThat(parent.counters()).isEqualTo(new ChildCounters(2, 1, 1, 0, 0, 0));
    assertThat(parent.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(parent.startedAt()).isEqualTo(startedAt);
    assertThat(parent.updatedAt()).isEqualTo(startedAt);
    assertThat(parent.version())
        .as("one more version for the delta, none for the rollup")
        .isEqualTo(batchBefore.version() + 1);
    assertThat(reload(batch)).isEqualTo(parent);
    assertThat(reload(first)).isEqualTo(started.task());

    Instant finishedAt = clock().advance(Duration.ofSeconds(1));
    BatchRollup finishes =
        (current, at) -> current.toBuilder().status(TaskStatus.FAILED).finishedAt(at).build();
    Task second = children.get(1);
    Task finished =
        move(second, TaskStatus.FAILED, finishedAt, finishes).orElseThrow().parent().orElseThrow();
    assertThat(finished.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(finished.startedAt()).isEqualTo(startedAt);
    assertThat(finished.finishedAt()).isEqualTo(finishedAt);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(2, 0, 1, 0, 1, 0));
    assertThat(finished.version()).isEqualTo(batchBefore.version() + 2);
    assertThat(reload(batch)).isEqualTo(finished);
  }

  @Test
  default void acceptedChildAdditionCountsTheChildrenAndWritesThemAll() {
    Task batch = newBatch(1);
    engine().start(tenant(), childrenByResource(batch).get(0).id());
    Task before = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    List<Task> more = List.of(newChild(batch, now), newChild(batch, now));

    Task updated =
        store()
            .addChildren(
                new ChildAddition(
                    tenant(),
                    batch.id(),
                    EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING),
                    3,
                    more,
                    now))
            .orElseThrow();

    assertThat(updated.counters()).isEqualTo(new ChildCounters(3, 2, 1, 0, 0, 0));
    assertThat(updated.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(updated.version()).isEqualTo(before.version() + 1);
    assertThat(updated.updatedAt()).isEqualTo(now);
    assertThat(reload(batch)).isEqualTo(updated);
    for (Task child : more) {
      assertThat(store().find(tenant(), child.id())).contains(child);
    }
    assertThat(store().count(TaskQuery.builder(tenant()).parentId(batch.id()).build(), 10))
        .isEqualTo(3);
  }

  @Test
  default void childAdditionWithARepeatedIdWritesNothing() {
    Task batch = newBatch(1);
    Task before = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    Task twin = newChild(batch, now);
    Task other = newChild(batch, now);
    Set<TaskStatus> open = EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING);

    Tck.expectStoreFailure(
        "one id twice in one addition",
        () ->
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(), batch.id(), open, 10, List.of(twin, other, twin), now)));

    assertThat(reload(batch)).isEqualTo(before);
    assertThat(store().find(tenant(), twin.id())).isEmpty();
    assertThat(store().find(tenant(), other.id())).isEmpty();
    assertThat(store().count(TaskQuery.builder(tenant()).parentId(batch.id()).build(), 10))
        .isEqualTo(1);
  }

  @Test
  default void cascadeAppliesTheChildMovesItIsGivenAndCountsThem() {
    Task batch = newBatch(4);
    List<Task> c = childrenByResource(batch);
    String done = c.get(0).id();
    engine().start(tenant(), done);
    engine().succeed(tenant(), done, "done");
    engine().start(tenant(), c.get(1).id());
    String cancelling = c.get(2).id();
    engine().start(tenant(), cancelling);
    engine().cancel(tenant(), cancelling);
    Task current = reload(batch);
    assertThat(current.counters()).isEqualTo(new ChildCounters(4, 1, 2, 1, 0, 0));
    List<Task> before = childrenByResource(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    // Not the engine's cancel: a store applies whatever moves it is given (say, a deadline that
    // fails every open child), never a mapping of its own.
    BatchRollup finishes =
        (parent, at) ->
            parent.counters().allTerminal() ? parent.toBuilder().finishedAt(at).build() : parent;

    Task failed =
        store()
            .cascade(
                new BatchCascade(
                    current,
                    TaskStatus.FAILED,
                    Map.of(
                        TaskStatus.PENDING, TaskStatus.FAILED,
                        TaskStatus.RUNNING, TaskStatus.FAILED,
                        TaskStatus.CANCELLING, TaskStatus.FAILED),
                    now),
                finishes)
            .orElseThrow();

    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.counters()).isEqualTo(new ChildCounters(4, 0, 0, 1, 3, 0));
    assertThat(failed.version()).isEqualTo(current.version() + 1);
    assertThat(failed.updatedAt()).isEqualTo(now);
    assertThat(failed.finishedAt()).isEqualTo(now);
    assertThat(reload(batch)).isEqualTo(failed);
    List<Task> after = childrenByResource(batch);
    assertThat(after.get(0)).as("a finished child is left alone").isEqualTo(before.get(0));
    for (int i = 1; i < 4; i++) {
      Task old = before.get(i);
      assertThat(after.get(i))
          .as("child %d, %s before", i, old.status())
          .isEqualTo(
              old.toBuilder()
                  .status(TaskStatus.FAILED)
                  .finishedAt(now)
                  .updatedAt(now)
                  .version(old.version() + 1)
                  .build());
    }
    assertThat(
            store()
                .count(
                    TaskQuery.builder(tenant())
                        .parentId(batch.id())
                        .statuses(TaskStatus.FAILED)
                        .build(),
                    10))
        .isEqualTo(3);
  }

  @Test
  default void failingRollupOfACascadeWritesNothing() {
    Task batch = newBatch(3);
    engine().start(tenant(), childrenByResource(batch).get(0).id());
    Task current = reload(batch);
    List<Task> children = childrenOf(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    expectRollupFailureToReachTheCaller(
        "a cascade whose rollup throws",
        rollup ->
            store()
                .cascade(
                    new BatchCascade(current, TaskStatus.CANCELLING, CANCEL_CHILDREN, now),
                    rollup));

    assertThat(reload(batch)).isEqualTo(current);
    assertThat(childrenOf(batch)).isEqualTo(children);
  }

  @Test
  default void pageShowsTasksUpToItsSnapshotStrictlyAfterItsKey() {
    String p = "spi-" + UUID.randomUUID() + "-";
    Instant t0 = clock().instant();
    // five creation times a microsecond apart, and a tie at the third that the id breaks
    for (int i = 0; i < 5; i++) {
      store()
          .insert(
              new NewTasks(singleRow(tenant(), p + i, t0.plusNanos(i * 1_000L)), List.of(), null));
    }
    store()
        .insert(new NewTasks(singleRow(tenant(), p + "2b", t0.plusNanos(2_000)), List.of(), null));
    Instant snapshot = t0.plusNanos(3_000);
    TaskQuery newest = TaskQuery.all(tenant());
    TaskQuery oldest = newest.toBuilder().order(SortOrder.OLDEST_FIRST).build();

    List<Task> first = store().findPage(new PageQuery(newest, snapshot, null, 2));
    assertThat(Tck.ids(first))
        .as("created at or before the snapshot, newest first, at most the limit")
        .containsExactly(p + 3, p + "2b");
    List<Task> rest =
        store().findPage(new PageQuery(newest, snapshot, SortKey.of(first.get(1)), 10));
    assertThat(Tck.ids(rest)).as("strictly after the key").containsExactly(p + 2, p + 1, p + 0);
    assertThat(
            Tck.ids(
                store()
                    .findPage(
                        new PageQuery(
                            oldest, snapshot, new SortKey(t0.plusNanos(1_000), p + 1), 10))))
        .as("oldest first, strictly after the key, up to the snapshot")
        .containsExactly(p + 2, p + "2b", p + 3);
    assertThat(store().findPage(new PageQuery(newest, t0.minusNanos(1_000), null, 10)))
        .as("a snapshot before every task")
        .isEmpty();
  }
}
