package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The store's promises for work governance, called directly through the SPI: {@link
 * dev.taskengine.spi.TaskStore#pick} selects exactly the tasks its selection describes (PENDING
 * instance tasks available by now, oldest first, within the filters; or instance tasks of any
 * tenant whose lease expired or whose deadline passed), writes only the tasks its change altered
 * and only the fields a transition writes, adds each parent's summed delta once and rolls it up
 * once, and never hands one task to two picks at once; {@link
 * dev.taskengine.spi.TaskStore#updateAll} writes every row still as expected and skips the others,
 * and moves each parent once by the sum of its written children; the work fields round-trip exactly
 * through insert and every read. (That update writes them is {@link StoreSpiContract}'s.)
 */
interface WorkSpiContract extends WorkFixture, StoreSpiContract {

  /** A rollup that must not be called. */
  BatchRollup NEVER =
      (batch, now) -> {
        throw new AssertionError("the rollup of " + batch.id() + " was called");
      };

  /** A PENDING instance task of {@code tenant} created at {@code createdAt}, available then. */
  static Task.Builder row(String tenant, String id, Instant createdAt) {
    return StoreSpiContract.singleRow(tenant, id, createdAt).toBuilder();
  }

  /** Inserts single tasks, each in its own unit of work. */
  default void insert(Task... tasks) {
    for (Task task : tasks) {
      store().insert(new NewTasks(task, List.of(), null));
    }
  }

  /** The change of a claim by {@code owner} at {@code now}, as the engine makes it. */
  static UnaryOperator<Task> claimBy(String owner, Instant now) {
    return task -> WorkFixture.claimed(task, owner, LEASE, now);
  }

  /** The stored tasks, by id, in the order given. */
  default List<Task> stored(List<Task> tasks) {
    List<Task> stored = new ArrayList<>();
    for (Task task : tasks) {
      stored.add(store().find(task.tenant(), task.id()).orElseThrow());
    }
    return stored;
  }

  @Test
  default void claimablePickTakesPendingInstanceTasksAvailableByNowOldestFirst() {
    Instant now = clock().instant();
    String p = "pick-" + UUID.randomUUID() + "-";
    Instant earlier = now.minusSeconds(60);
    Task c = row(tenant(), p + "c", earlier).availableAt(now.minusSeconds(3)).build();
    Task b = row(tenant(), p + "b", earlier).availableAt(now.minusSeconds(3)).build();
    Task a =
        row(tenant(), p + "a", earlier.minusSeconds(60)).availableAt(now.minusSeconds(1)).build();
    Task atNow = row(tenant(), p + "d", earlier).availableAt(now).build();
    Task future = row(tenant(), p + "e", earlier).availableAt(now.plusNanos(1_000)).build();
    Task running =
        row(tenant(), p + "f", earlier)
            .status(TaskStatus.RUNNING)
            .availableAt(now.minusSeconds(10))
            .startedAt(earlier)
            .attempt(1)
            .build();
    Task cancelled =
        row(tenant(), p + "g", earlier)
            .status(TaskStatus.CANCELLED)
            .availableAt(now.minusSeconds(10))
            .finishedAt(earlier)
            .build();
    insert(c, b, a, atNow, future, running, cancelled);
    // a batch row is never selected, even one that (wrongly) carries an availableAt
    Task batch =
        row(tenant(), p + "batch", earlier)
            .level(Level.BATCH)
            .availableAt(now.minusSeconds(3600))
            .counters(new ChildCounters(1, 1, 0, 0, 0, 0))
            .build();
    Task child =
        row(tenant(), p + "batch-1", earlier)
            .parentId(batch.id())
            .availableAt(now.minusSeconds(2))
            .build();
    store().insert(new NewTasks(batch, List.of(child), null));
    Pick.Claimable mine = new Pick.Claimable(tenant(), Set.of(), Set.of());

    List<UpdateResult> first = store().pick(new Pick(mine, 2, now, claimBy("spi", now)), KEEP);
    List<UpdateResult> rest = store().pick(new Pick(mine, 10, now, claimBy("spi", now)), KEEP);

    assertThat(tasksOf(first))
        .as("the two oldest available; equal availableAt ordered by id")
        .containsExactly(
            WorkFixture.claimed(b, "spi", LEASE, now), WorkFixture.claimed(c, "spi", LEASE, now));
    assertThat(tasksOf(rest))
        .as("the rest, available at or before now, oldest first")
        .containsExactly(
            WorkFixture.claimed(child, "spi", LEASE, now),
            WorkFixture.claimed(a, "spi", LEASE, now),
            WorkFixture.claimed(atNow, "spi", LEASE, now));
    assertThat(stored(tasksOf(first))).isEqualTo(tasksOf(first));
    assertThat(stored(tasksOf(rest))).isEqualTo(tasksOf(rest));
    assertThat(stored(List.of(future, running, cancelled)))
        .as("not yet available, not PENDING")
        .containsExactly(future, running, cancelled);
    Task batchNow = store().find(tenant(), batch.id()).orElseThrow();
    assertThat(batchNow.counters()).isEqualTo(new ChildCounters(1, 0, 1, 0, 0, 0));
    assertThat(batchNow.status()).as("a batch row is not claimed").isEqualTo(TaskStatus.PENDING);
    assertThat(batchNow.leaseOwner()).isNull();
  }

  private static List<Task> tasksOf(List<UpdateResult> results) {
    return results.stream().map(UpdateResult::task).toList();
  }

  /** Picks with a change that records what it saw and alters nothing; returns what it saw. */
  private Set<String> seenBy(Pick.Selection selection, Instant now) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<UpdateResult> written =
        store()
            .pick(
                new Pick(
                    selection,
                    10_000,
                    now,
                    task -> {
                      seen.add(task.tenant() + "/" + task.id());
                      return task;
                    }),
                NEVER);
    assertThat(written).as("a change that alters nothing writes nothing").isEmpty();
    return seen;
  }

  private static Set<String> keys(Task... tasks) {
    Set<String> keys = new HashSet<>();
    for (Task task : tasks) {
      keys.add(task.tenant() + "/" + task.id());
    }
    return keys;
  }

  @Test
  default void claimablePickSelectsByTenantTypesAndResources() {
    Instant now = clock().instant();
    String p = "pick-" + UUID.randomUUID() + "-";
    String x = workType() + "-x";
    String y = workType() + "-y";
    Task x1 = row(tenant(), p + "1", now).type(x).resourceId("r1").build();
    Task y2 = row(tenant(), p + "2", now).type(y).resourceId("r2").build();
    Task x2 = row(tenant(), p + "3", now).type(x).resourceId("r2").build();
    Task none = row(tenant(), p + "4", now).type(x).build();
    Task theirs = row(otherTenant(), p + "5", now.minusSeconds(5)).type(x).resourceId("r1").build();
    insert(x1, y2, x2, none, theirs);

    assertThat(seenBy(new Pick.Claimable(tenant(), Set.of(x), Set.of()), now))
        .isEqualTo(keys(x1, x2, none));
    assertThat(seenBy(new Pick.Claimable(tenant(), Set.of(), Set.of("r2", "r9")), now))
        .isEqualTo(keys(y2, x2));
    assertThat(seenBy(new Pick.Claimable(tenant(), Set.of(x, "Other"), Set.of("r2")), now))
        .isEqualTo(keys(x2));
    assertThat(seenBy(new Pick.Claimable(tenant(), Set.of(), Set.of()), now))
        .isEqualTo(keys(x1, y2, x2, none));
    assertThat(seenBy(new Pick.Claimable(null, Set.of(x), Set.of("r1")), now))
        .as("every tenant's")
        .isEqualTo(keys(x1, theirs));
    assertThat(stored(List.of(x1, y2, x2, none)))
        .as("picks whose change altered nothing wrote nothing")
        .containsExactly(x1, y2, x2, none);
    assertThat(store().find(otherTenant(), theirs.id())).contains(theirs);
  }

  @Test
  default void aChangeThatAltersNothingWritesNothing() {
    Task batch = newBatch(3);
    Task single = newSingle();
    List<Task> children = childrenOf(batch);
    Task batchBefore = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));

    Set<String> seen = seenBy(new Pick.Claimable(tenant(), Set.of(), Set.of()), now);

    assertThat(seen).hasSize(4);
    assertThat(reload(batch)).as("no delta, no rollup, no write").isEqualTo(batchBefore);
    assertThat(childrenOf(batch)).isEqualTo(children);
    assertThat(reload(single)).isEqualTo(single);
  }

  @Test
  default void pickWritesOnlyTheTasksItsChangeAlteredAndReturnsThemInSelectionOrder() {
    List<Task> singles = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      singles.add(newSingle());
      clock().advance(Duration.ofSeconds(1));
    }
    Instant now = clock().instant();
    Set<String> altered = Set.of(singles.get(1).id(), singles.get(3).id(), singles.get(4).id());
    UnaryOperator<Task> someOf =
        task -> altered.contains(task.id()) ? WorkFixture.claimed(task, "spi", LEASE, now) : task;

    List<UpdateResult> written =
        store()
            .pick(
                new Pick(new Pick.Claimable(tenant(), Set.of(), Set.of()), 10, now, someOf), NEVER);

    assertThat(tasksOf(written))
        .containsExactly(
            WorkFixture.claimed(singles.get(1), "spi", LEASE, now),
            WorkFixture.claimed(singles.get(3), "spi", LEASE, now),
            WorkFixture.claimed(singles.get(4), "spi", LEASE, now));
    for (UpdateResult result : written) {
      assertThat(result.parent()).as("a single task has no parent").isEmpty();
    }
    assertThat(stored(singles))
        .containsExactly(
            singles.get(0),
            written.get(0).task(),
            singles.get(2),
            written.get(1).task(),
            written.get(2).task(),
            singles.get(5));
  }

  @Test
  default void pickAddsEachParentsSummedDeltaOnceAndRollsItUpOnce() {
    Task first = newBatch(4);
    Task second = newBatch(2);
    Task single = newSingle();
    List<Task> firstChildren = childrenByResource(first);
    Task firstBefore = reload(first);
    Task secondBefore = reload(second);
    Instant now = clock().advance(Duration.ofSeconds(1));
    String failedId = firstChildren.get(2).id();
    String leftAlone = firstChildren.get(3).id();
    UnaryOperator<Task> change =
        task -> {
          if (task.id().equals(leftAlone)) {
            return task;
          }
          if (task.id().equals(failedId)) {
            return task.toBuilder()
                .status(TaskStatus.FAILED)
                .errorCode("E")
                .finishedAt(now)
                .updatedAt(now)
                .version(task.version() + 1)
                .build();
          }
          return WorkFixture.claimed(task, "spi", LEASE, now);
        };
    Map<String, List<ChildCounters>> rolledUp = new HashMap<>();
    BatchRollup startsIt =
        (batch, at) -> {
          synchronized (rolledUp) {
            rolledUp.computeIfAbsent(batch.id(), id -> new ArrayList<>()).add(batch.counters());
          }
          return batch.toBuilder().status(TaskStatus.RUNNING).startedAt(at).build();
        };

    List<UpdateResult> written =
        store()
            .pick(
                new Pick(new Pick.Claimable(tenant(), Set.of(), Set.of()), 10, now, change),
                startsIt);

    assertThat(written).hasSize(6);
    ChildCounters firstCounters = new ChildCounters(4, 1, 2, 0, 1, 0);
    ChildCounters secondCounters = new ChildCounters(2, 0, 2, 0, 0, 0);
    assertThat(rolledUp)
        .as("one rollup per parent, of its counters after every child's move")
        .isEqualTo(
            Map.of(first.id(), List.of(firstCounters), second.id(), List.of(secondCounters)));
    Map<String, Task> expectedParents = new HashMap<>();
    for (Task before : List.of(firstBefore, secondBefore)) {
      Task stored = reload(before);
      assertThat(stored)
          .as("batch %s: one write of the summed delta and its rollup", before.id())
          .isEqualTo(
              before.toBuilder()
                  .counters(before.id().equals(first.id()) ? firstCounters : secondCounters)
                  .status(TaskStatus.RUNNING)
                  .startedAt(now)
                  .updatedAt(now)
                  .version(before.version() + 1)
                  .build());
      expectedParents.put(stored.id(), stored);
    }
    for (UpdateResult result : written) {
      Task task = result.task();
      assertThat(reload(task)).isEqualTo(task);
      result
          .parent()
          .ifPresent(
              parent ->
                  assertThat(parent)
                      .as("the parent returned with %s", task.id())
                      .isEqualTo(expectedParents.get(task.parentId())));
    }
    assertThat(reload(single).status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(store().find(tenant(), leftAlone)).contains(firstChildren.get(3));
    Tck.assertBatchFollowsChildren(reload(second), childrenOf(second), RollupPolicy.DEFAULT);
  }

  @Test
  default void pickWritesTheTransitionsFieldsAndNoOther() {
    Task task = newTaskWithEveryField();
    Instant now = clock().advance(Duration.ofSeconds(1));
    Task written = StoreSpiContract.withEveryTransitionField(task, now);
    Task sneaky = StoreSpiContract.withFieldsNoTransitionWrites(written, now);

    List<UpdateResult> result =
        store()
            .pick(
                new Pick(new Pick.Claimable(tenant(), Set.of(), Set.of()), 10, now, t -> sneaky),
                NEVER);

    assertThat(tasksOf(result)).as("what pick returns").containsExactly(written);
    assertThat(reload(task)).as("what the store keeps").isEqualTo(written);
  }

  @Test
  default void duePickTakesInstanceTasksWhoseLeaseExpiredOrDeadlinePassed() {
    Instant now = clock().instant();
    Instant earlier = now.minusSeconds(3600);
    String p = "due-" + UUID.randomUUID() + "-";
    Task leaseEnded = leased(p + "lease-ended", TaskStatus.RUNNING, earlier, now).build();
    Task leaseHolds =
        leased(p + "lease-holds", TaskStatus.RUNNING, earlier, now.plusNanos(1_000)).build();
    Task cancelling =
        leased(p + "cancelling", TaskStatus.CANCELLING, earlier, now.minusSeconds(1)).build();
    Task pendingLate = row(tenant(), p + "pending-late", earlier).deadline(now).build();
    Task pendingInTime =
        row(tenant(), p + "pending-in-time", earlier).deadline(now.plusNanos(1_000)).build();
    Task renewedButLate =
        leased(p + "renewed-late", TaskStatus.RUNNING, earlier, now.plusSeconds(3600))
            .deadline(now.minusSeconds(1))
            .build();
    Task startedWithoutLease =
        row(tenant(), p + "started", earlier)
            .status(TaskStatus.RUNNING)
            .startedAt(earlier)
            .attempt(1)
            .build();
    Task pending = row(tenant(), p + "pending", earlier).build();
    Task finished =
        leased(p + "finished", TaskStatus.SUCCEEDED, earlier, now.minusSeconds(60))
            .deadline(now.minusSeconds(60))
            .finishedAt(earlier)
            .build();
    Task failed =
        row(tenant(), p + "failed", earlier)
            .status(TaskStatus.FAILED)
            .deadline(now.minusSeconds(60))
            .finishedAt(earlier)
            .build();
    insert(
        leaseEnded,
        leaseHolds,
        cancelling,
        pendingLate,
        pendingInTime,
        renewedButLate,
        startedWithoutLease,
        pending,
        finished,
        failed);
    Task batch =
        row(tenant(), p + "batch", earlier)
            .level(Level.BATCH)
            .availableAt(null)
            .deadline(now.minusSeconds(60))
            .counters(new ChildCounters(1, 1, 0, 0, 0, 0))
            .build();
    Task child =
        row(tenant(), p + "batch-1", earlier)
            .parentId(batch.id())
            .deadline(now.minusSeconds(60))
            .build();
    store().insert(new NewTasks(batch, List.of(child), null));

    Set<String> seen = seenBy(new Pick.Due(), now);

    Set<String> mine = new HashSet<>();
    for (String key : seen) {
      if (key.startsWith(tenant() + "/")) {
        mine.add(key);
      }
    }
    assertThat(mine)
        .as("this test's due tasks among every tenant's")
        .isEqualTo(keys(leaseEnded, cancelling, pendingLate, renewedButLate, child));
    assertThat(store().find(tenant(), batch.id())).contains(batch);
  }

  /** A claimed task of {@link #tenant()} whose lease ends at {@code leaseExpiresAt}. */
  private Task.Builder leased(
      String id, TaskStatus status, Instant earlier, Instant leaseExpiresAt) {
    return row(tenant(), id, earlier)
        .status(status)
        .startedAt(earlier)
        .attempt(1)
        .leaseOwner("spi")
        .leaseExpiresAt(leaseExpiresAt);
  }

  @Test
  default void picksRunningAtOnceNeverWriteOneTaskTwice() throws Exception {
    List<Task> singles = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      singles.add(newSingle());
    }
    Instant now = clock().advance(Duration.ofSeconds(1));
    Pick.Claimable mine = new Pick.Claimable(tenant(), Set.of(), Set.of());
    ExecutorService other = Executors.newSingleThreadExecutor();
    List<Future<List<UpdateResult>>> inner = new ArrayList<>();
    boolean[] finishedInside = new boolean[1];
    try {
      UnaryOperator<Task> claimAndStartAnother =
          task -> {
            synchronized (inner) {
              if (inner.isEmpty()) {
                // The second pick starts while the first one's transaction is open. A store that
                // skips held rows answers at once; one with a single writer makes it wait.
                Future<List<UpdateResult>> second =
                    other.submit(
                        () -> store().pick(new Pick(mine, 10, now, claimBy("second", now)), KEEP));
                inner.add(second);
                try {
                  second.get(500, TimeUnit.MILLISECONDS);
                  finishedInside[0] = true;
                } catch (TimeoutException waiting) {
                  // it waits for this transaction: fine, it must still not get these rows
                } catch (Exception failure) {
                  throw new AssertionError("the second pick failed", failure);
                }
              }
            }
            return WorkFixture.claimed(task, "first", LEASE, now);
          };

      List<UpdateResult> first = store().pick(new Pick(mine, 4, now, claimAndStartAnother), KEEP);
      List<UpdateResult> second = inner.get(0).get(60, TimeUnit.SECONDS);

      System.out.println(
          "WorkSpiContract.picksRunningAtOnce...: the second pick finished inside the first: "
              + finishedInside[0]);
      assertThat(first).hasSize(4);
      assertThat(second).as("the rows the first pick did not hold").hasSize(6);
      Map<String, Task> written = new HashMap<>();
      for (UpdateResult result : first) {
        written.put(result.task().id(), result.task());
      }
      for (UpdateResult result : second) {
        Task twice = written.put(result.task().id(), result.task());
        assertThat(twice).as("%s written by both picks", result.task().id()).isNull();
      }
      for (Task single : singles) {
        assertThat(reload(single)).isEqualTo(written.get(single.id()));
        assertThat(reload(single).version()).isEqualTo(single.version() + 1);
      }
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  default void workFieldsRoundTripExactlyThroughInsertAndEveryRead() {
    Instant now = clock().instant();
    String p = "round-trip-" + UUID.randomUUID() + "-";
    Task full =
        row(tenant(), p + "full", now)
            .status(TaskStatus.RUNNING)
            .startedAt(now.minusNanos(1_000))
            .attempt(Integer.MAX_VALUE)
            .leaseOwner("wörker-ß-" + "x".repeat(200))
            .leaseExpiresAt(now.plus(Duration.ofDays(1)).plusNanos(123_000))
            .availableAt(now.minusNanos(999_000))
            .deadline(now.plus(Duration.ofDays(3650)).plusNanos(1_000))
            .maxRunTime(Duration.ofDays(3650).plusNanos(1_000))
            .retryPolicy(
                new RetryPolicy(1_000_000, Duration.ofNanos(1_000), RetryPolicy.MAX_BACKOFF))
            .build();
    Task tiny =
        row(tenant(), p + "tiny", now)
            .maxRunTime(Duration.ofNanos(1_000))
            .retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
            .build();
    Task bare = row(tenant(), p + "bare", now).availableAt(null).build();
    insert(full, tiny, bare);

    for (Task task : List.of(full, tiny, bare)) {
      assertThat(store().find(tenant(), task.id())).as("find %s", task.id()).contains(task);
    }
    TaskQuery query = TaskQuery.builder(tenant()).order(SortOrder.OLDEST_FIRST).build();
    assertThat(store().findPage(new PageQuery(query, now, null, 10)))
        .containsExactlyInAnyOrder(full, tiny, bare);
    assertThat(store().findOffset(query, 0, 10)).containsExactlyInAnyOrder(full, tiny, bare);
  }

  @Test
  default void updateAllWritesTheCurrentRowsAndMovesEachParentOnce() {
    Task batch = newBatch(3);
    Task other = newBatch(1);
    claim(4);
    List<Task> children = childrenByResource(batch);
    Task otherChild = childrenOf(other).get(0);
    Task stale = reload(children.get(2));
    Task renewed = engine().heartbeat(stale.lease(), LEASE);
    Task batchBefore = reload(batch);
    Task otherBefore = reload(other);
    Instant now = clock().advance(Duration.ofSeconds(1));
    AtomicInteger rollups = new AtomicInteger();
    BatchRollup counting =
        (rolled, at) -> {
          rollups.incrementAndGet();
          return rolled;
        };

    List<TaskUpdate> updates =
        List.of(
            finish(reload(children.get(0)), TaskStatus.SUCCEEDED, now),
            finish(reload(children.get(1)), TaskStatus.FAILED, now),
            finish(stale, TaskStatus.SUCCEEDED, now),
            finish(reload(otherChild), TaskStatus.SUCCEEDED, now));
    List<Optional<UpdateResult>> results = store().updateAll(updates, counting);

    assertThat(results).hasSize(4);
    assertThat(results.get(2)).as("a row another write changed").isEmpty();
    assertThat(reload(stale)).isEqualTo(renewed);
    for (int i : new int[] {0, 1, 3}) {
      UpdateResult written = results.get(i).orElseThrow();
      assertThat(written.task())
          .as("update %d as written", i)
          .isEqualTo(TaskUpdate.written(updates.get(i).before(), updates.get(i).after()));
      assertThat(reload(written.task())).isEqualTo(written.task());
    }
    Task batchAfter = reload(batch);
    assertThat(batchAfter.counters()).isEqualTo(new ChildCounters(3, 0, 1, 1, 1, 0));
    assertThat(batchAfter.version())
        .as("one delta for two children")
        .isEqualTo(batchBefore.version() + 1);
    assertThat(batchAfter.updatedAt()).isEqualTo(now);
    assertThat(results.get(0).orElseThrow().parent()).contains(batchAfter);
    assertThat(results.get(1).orElseThrow().parent()).contains(batchAfter);
    Task otherAfter = reload(other);
    assertThat(otherAfter.counters()).isEqualTo(new ChildCounters(1, 0, 0, 1, 0, 0));
    assertThat(otherAfter.version()).isEqualTo(otherBefore.version() + 1);
    assertThat(results.get(3).orElseThrow().parent()).contains(otherAfter);
    assertThat(rollups.get()).as("one rollup per parent").isEqualTo(2);

    TaskUpdate twice = finish(renewed, TaskStatus.SUCCEEDED, now);
    assertThatThrownBy(() -> store().updateAll(List.of(twice, twice), counting))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(reload(renewed)).as("nothing written").isEqualTo(renewed);
    assertThat(store().updateAll(List.of(), counting)).isEmpty();
  }

  /**
   * The update that finishes a running child in {@code status} at {@code now}, as the engine makes
   * it.
   */
  private static TaskUpdate finish(Task running, TaskStatus status, Instant now) {
    Task after =
        running.toBuilder()
            .status(status)
            .result(status == TaskStatus.SUCCEEDED ? "ok" : null)
            .errorCode(status == TaskStatus.FAILED ? "E" : null)
            .finishedAt(now)
            .leaseExpiresAt(null)
            .updatedAt(now)
            .version(running.version() + 1)
            .build();
    return new TaskUpdate(running, after, CounterDelta.move(running.status(), status), now);
  }
}
