package dev.taskengine.store.memory;

import static dev.taskengine.store.memory.TestTasks.ROLLUP;
import static dev.taskengine.store.memory.TestTasks.at;
import static dev.taskengine.store.memory.TestTasks.batch;
import static dev.taskengine.store.memory.TestTasks.child;
import static dev.taskengine.store.memory.TestTasks.children;
import static dev.taskengine.store.memory.TestTasks.moved;
import static dev.taskengine.store.memory.TestTasks.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryTaskStoreTest {

  private final MemoryTaskStore store = new MemoryTaskStore();

  @Test
  void insertedTaskIsFoundUnchangedAndOnlyInItsTenant() {
    Task task = single("t1", "a", at(1));
    store.insert(new NewTasks(task, List.of(), null));

    assertThat(store.find("t1", "a")).contains(task);
    assertThat(store.find("t2", "a")).isEmpty();
    assertThat(store.count(TaskQuery.all("t2"), 100)).isZero();
  }

  @Test
  void sameIdInAnotherTenantIsAllowed() {
    store.insert(new NewTasks(single("t1", "a", at(1)), List.of(), null));
    store.insert(new NewTasks(single("t2", "a", at(2)), List.of(), null));

    assertThat(store.find("t2", "a")).map(Task::createdAt).contains(at(2));
    assertThat(store.count(TaskQuery.all("t1"), 100)).isEqualTo(1);
  }

  @Test
  void insertWithAnExistingChildIdWritesNothing() {
    store.insert(new NewTasks(single("t1", "b-2", at(1)), List.of(), null));
    Task batch = batch("t1", "b", at(2), 3);
    ClientTokenRecord token = new ClientTokenRecord("t1", "tok", "b", "hash");

    assertThatThrownBy(() -> store.insert(new NewTasks(batch, children(batch, 3), token)))
        .isInstanceOf(StoreException.class)
        .hasMessage("task id b-2 already exists in tenant t1");

    assertThat(store.find("t1", "b")).isEmpty();
    assertThat(store.find("t1", "b-0")).isEmpty();
    assertThat(store.findClientToken("t1", "tok")).isEmpty();
    assertThat(store.count(TaskQuery.all("t1"), 100)).isEqualTo(1);
  }

  @Test
  void insertWithRepeatedIdsInsideItWritesNothing() {
    Task batch = batch("t1", "b", at(1), 2);
    List<Task> twins = List.of(child(batch, "c", at(1)), child(batch, "c", at(1)));

    assertThatThrownBy(() -> store.insert(new NewTasks(batch, twins, null)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("task id c already exists in tenant t1");

    assertThat(store.count(TaskQuery.all("t1"), 100)).isZero();
  }

  @Test
  void reusedClientTokenIsRejectedAndWritesNothing() {
    store.insert(
        new NewTasks(
            single("t1", "a", at(1)), List.of(), new ClientTokenRecord("t1", "tok", "a", "h1")));

    assertThatThrownBy(
            () ->
                store.insert(
                    new NewTasks(
                        single("t1", "b", at(2)),
                        List.of(),
                        new ClientTokenRecord("t1", "tok", "b", "h2"))))
        .isInstanceOf(DuplicateClientTokenException.class);

    assertThat(store.find("t1", "b")).isEmpty();
    assertThat(store.findClientToken("t1", "tok"))
        .contains(new ClientTokenRecord("t1", "tok", "a", "h1"));
    assertThat(store.findClientToken("t2", "tok")).isEmpty();
  }

  @Test
  void updateIsCompareAndSetOnStatusAndVersion() {
    Task task = single("t1", "a", at(1));
    store.insert(new NewTasks(task, List.of(), null));
    Task running = moved(task, TaskStatus.RUNNING, at(5));

    Optional<UpdateResult> first =
        store.update(new TaskUpdate(task, running, CounterDelta.ZERO, at(5)), ROLLUP);
    Optional<UpdateResult> stale =
        store.update(
            new TaskUpdate(task, moved(task, TaskStatus.FAILED, at(6)), CounterDelta.ZERO, at(6)),
            ROLLUP);

    assertThat(first).contains(new UpdateResult(running, Optional.empty()));
    assertThat(stale).isEmpty();
    assertThat(store.find("t1", "a")).contains(running);
  }

  @Test
  void updateNeverChangesTheFieldsTheIndexesAreKeyedOn() {
    Task task = single("t1", "a", at(1));
    store.insert(new NewTasks(task, List.of(), null));
    Task sneaky =
        task.toBuilder()
            .type("OtherType")
            .status(TaskStatus.RUNNING)
            .invokeId("other-invoke")
            .resourceId("other-res")
            .result("progress")
            .createdAt(at(99))
            .startedAt(at(5))
            .updatedAt(at(5))
            .version(1)
            .build();

    Task written =
        store
            .update(new TaskUpdate(task, sneaky, CounterDelta.ZERO, at(5)), ROLLUP)
            .orElseThrow()
            .task();

    assertThat(written.type()).isEqualTo("Restart");
    assertThat(written.createdAt()).isEqualTo(at(1));
    assertThat(written.result()).isEqualTo("progress");
    assertThat(written.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(store.count(TaskQuery.builder("t1").types("Restart").build(), 10)).isEqualTo(1);
  }

  @Test
  void childTransitionsMoveTheBatchCountersAndStatusInTheSameWrite() {
    Task batch = batch("t1", "b", at(1), 2);
    List<Task> children = children(batch, 2);
    store.insert(new NewTasks(batch, children, null));

    Task first = children.get(0);
    Task firstRunning = moved(first, TaskStatus.RUNNING, at(2));
    UpdateResult started =
        store
            .update(
                new TaskUpdate(
                    first,
                    firstRunning,
                    CounterDelta.move(TaskStatus.PENDING, TaskStatus.RUNNING),
                    at(2)),
                ROLLUP)
            .orElseThrow();

    Task parent = started.parent().orElseThrow();
    assertThat(parent.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(parent.startedAt()).isEqualTo(at(2));
    assertThat(parent.updatedAt()).isEqualTo(at(2));
    assertThat(parent.version()).isEqualTo(1);
    assertThat(parent.counters()).isEqualTo(new ChildCounters(2, 1, 1, 0, 0, 0));
    assertThat(store.find("t1", "b")).contains(parent);

    store.update(
        new TaskUpdate(
            firstRunning,
            moved(firstRunning, TaskStatus.SUCCEEDED, at(3)),
            CounterDelta.move(TaskStatus.RUNNING, TaskStatus.SUCCEEDED),
            at(3)),
        ROLLUP);
    Task second = children.get(1);
    Task finished =
        store
            .update(
                new TaskUpdate(
                    second,
                    moved(second, TaskStatus.FAILED, at(4)),
                    CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
                    at(4)),
                ROLLUP)
            .orElseThrow()
            .parent()
            .orElseThrow();

    assertThat(finished.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(finished.finishedAt()).isEqualTo(at(4));
    assertThat(finished.version()).isEqualTo(3);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(2, 0, 0, 1, 1, 0));
    assertThat(store.count(TaskQuery.builder("t1").statuses(TaskStatus.FAILED).build(), 10))
        .isEqualTo(2);
    assertThat(store.count(TaskQuery.builder("t1").statuses(TaskStatus.PENDING).build(), 10))
        .isZero();
  }

  @Test
  void zeroDeltaLeavesTheParentAlone() {
    Task batch = batch("t1", "b", at(1), 1);
    Task child = children(batch, 1).get(0);
    store.insert(new NewTasks(batch, List.of(child), null));
    Task progressed = child.toBuilder().result("half").updatedAt(at(2)).version(1).build();

    UpdateResult result =
        store
            .update(new TaskUpdate(child, progressed, CounterDelta.ZERO, at(2)), ROLLUP)
            .orElseThrow();

    assertThat(result.parent()).isEmpty();
    assertThat(store.find("t1", "b")).contains(batch);
  }

  @Test
  void failingRollupWritesNothing() {
    Task batch = batch("t1", "b", at(1), 1);
    Task child = children(batch, 1).get(0);
    store.insert(new NewTasks(batch, List.of(child), null));

    assertThatThrownBy(
            () ->
                store.update(
                    new TaskUpdate(
                        child,
                        moved(child, TaskStatus.RUNNING, at(2)),
                        CounterDelta.move(TaskStatus.PENDING, TaskStatus.RUNNING),
                        at(2)),
                    (parent, now) -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(store.find("t1", child.id())).contains(child);
    assertThat(store.find("t1", "b")).contains(batch);
    assertThat(store.count(TaskQuery.builder("t1").statuses(TaskStatus.RUNNING).build(), 10))
        .isZero();
  }

  @Test
  void addChildrenCountsThemAndInsertsThem() {
    Task batch = batch("t1", "b", at(1), 1);
    store.insert(new NewTasks(batch, children(batch, 1), null));
    List<Task> more = List.of(child(batch, "n1", at(3)), child(batch, "n2", at(3)));

    Task updated =
        store
            .addChildren(
                new ChildAddition(
                    "t1", "b", EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING), 3, more, at(3)))
            .orElseThrow();

    assertThat(updated.counters()).isEqualTo(new ChildCounters(3, 3, 0, 0, 0, 0));
    assertThat(updated.version()).isEqualTo(1);
    assertThat(updated.updatedAt()).isEqualTo(at(3));
    assertThat(store.find("t1", "b")).contains(updated);
    assertThat(store.count(TaskQuery.builder("t1").parentId("b").build(), 10)).isEqualTo(3);
  }

  @Test
  void addChildrenRefusesAndWritesNothingWhenTheBatchCannotTakeThem() {
    Task batch = batch("t1", "b", at(1), 1);
    store.insert(new NewTasks(batch, children(batch, 1), null));
    store.insert(new NewTasks(single("t1", "s", at(2)), List.of(), null));
    Set<TaskStatus> open = EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING);
    List<Task> one = List.of(child(batch, "n1", at(3)));

    assertThat(store.addChildren(new ChildAddition("t1", "b", open, 1, one, at(3)))).isEmpty();
    assertThat(
            store.addChildren(
                new ChildAddition("t1", "b", Set.of(TaskStatus.RUNNING), 10, one, at(3))))
        .isEmpty();
    assertThat(store.addChildren(new ChildAddition("t1", "missing", open, 10, List.of(), at(3))))
        .isEmpty();
    Task sameIdInOtherTenant = batch("t2", "b", at(1), 1);
    store.insert(new NewTasks(single("t2", "other", at(1)), List.of(), null));
    assertThat(
            store.addChildren(
                new ChildAddition(
                    "t2", "b", open, 10, List.of(child(sameIdInOtherTenant, "n1", at(3))), at(3))))
        .isEmpty();
    Task notABatch = store.find("t1", "s").orElseThrow();
    assertThat(
            store.addChildren(
                new ChildAddition(
                    "t1", "s", open, 10, List.of(child(notABatch, "n9", at(3))), at(3))))
        .isEmpty();
    assertThatThrownBy(
            () ->
                store.addChildren(
                    new ChildAddition(
                        "t1", "b", open, 10, List.of(child(batch, "b-0", at(3))), at(3))))
        .isInstanceOf(StoreException.class)
        .hasMessage("task id b-0 already exists in tenant t1");

    assertThat(store.find("t1", "b")).contains(batch);
    assertThat(store.find("t1", "n1")).isEmpty();
  }

  @Test
  void cascadeMovesChildrenAdjustsCountersAndRollsUp() {
    Task batch = batch("t1", "b", at(1), 3);
    List<Task> children = children(batch, 3);
    store.insert(new NewTasks(batch, children, null));
    UpdateResult started =
        store
            .update(
                new TaskUpdate(
                    children.get(0),
                    moved(children.get(0), TaskStatus.RUNNING, at(2)),
                    CounterDelta.move(TaskStatus.PENDING, TaskStatus.RUNNING),
                    at(2)),
                ROLLUP)
            .orElseThrow();
    Task running = started.parent().orElseThrow();

    Task cancelling =
        store
            .cascade(
                new BatchCascade(
                    running,
                    TaskStatus.CANCELLING,
                    Map.of(
                        TaskStatus.PENDING, TaskStatus.CANCELLED,
                        TaskStatus.RUNNING, TaskStatus.CANCELLING),
                    at(3)),
                ROLLUP)
            .orElseThrow();

    assertThat(cancelling.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancelling.version()).isEqualTo(running.version() + 1);
    assertThat(cancelling.counters()).isEqualTo(new ChildCounters(3, 0, 1, 0, 0, 2));
    Task cancelledChild = store.find("t1", "b-1").orElseThrow();
    assertThat(cancelledChild.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelledChild.finishedAt()).isEqualTo(at(3));
    assertThat(cancelledChild.version()).isEqualTo(1);
    Task cancellingChild = store.find("t1", "b-0").orElseThrow();
    assertThat(cancellingChild.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancellingChild.finishedAt()).isNull();
    assertThat(cancellingChild.version()).isEqualTo(2);
    assertThat(
            store.count(
                TaskQuery.builder("t1").parentId("b").statuses(TaskStatus.CANCELLED).build(), 10))
        .isEqualTo(2);

    // A stale batch (the version moved) is not cascaded again.
    assertThat(
            store.cascade(
                new BatchCascade(running, TaskStatus.CANCELLING, Map.of(), at(4)), ROLLUP))
        .isEmpty();
  }

  @Test
  void cascadeThatLeavesNoChildRunningFinishesTheBatch() {
    Task batch = batch("t1", "b", at(1), 2);
    store.insert(new NewTasks(batch, children(batch, 2), null));

    Task cancelled =
        store
            .cascade(
                new BatchCascade(
                    batch,
                    TaskStatus.CANCELLING,
                    Map.of(TaskStatus.PENDING, TaskStatus.CANCELLED),
                    at(3)),
                ROLLUP)
            .orElseThrow();

    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelled.finishedAt()).isEqualTo(at(3));
    assertThat(cancelled.version()).isEqualTo(1);
    // Now a finished root: purge finds it through the finished index.
    assertThat(store.purgeFinished("t1", at(4))).isEqualTo(3);
  }

  @Test
  void purgeDeletesFinishedRootsWithTheirChildrenAndTokensOnly() {
    Task done = single("t1", "done", at(1));
    Task late = single("t1", "late", at(2));
    Task open = single("t1", "open", at(3));
    store.insert(new NewTasks(done, List.of(), new ClientTokenRecord("t1", "k1", "done", "h")));
    store.insert(new NewTasks(late, List.of(), null));
    store.insert(new NewTasks(open, List.of(), null));
    Task batch = batch("t1", "b", at(4), 1);
    Task batchChild = children(batch, 1).get(0);
    store.insert(
        new NewTasks(batch, List.of(batchChild), new ClientTokenRecord("t1", "k2", "b", "h")));
    store.insert(new NewTasks(single("t2", "done", at(1)), List.of(), null));
    store.update(
        new TaskUpdate(done, moved(done, TaskStatus.CANCELLED, at(10)), CounterDelta.ZERO, at(10)),
        ROLLUP);
    store.update(
        new TaskUpdate(late, moved(late, TaskStatus.CANCELLED, at(20)), CounterDelta.ZERO, at(20)),
        ROLLUP);
    store.update(
        new TaskUpdate(
            batchChild,
            moved(batchChild, TaskStatus.FAILED, at(11)),
            CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
            at(11)),
        ROLLUP);

    long deleted = store.purgeFinished("t1", at(20));

    assertThat(deleted).isEqualTo(3);
    assertThat(store.find("t1", "done")).isEmpty();
    assertThat(store.find("t1", "b")).isEmpty();
    assertThat(store.find("t1", batchChild.id())).isEmpty();
    assertThat(store.findClientToken("t1", "k1")).isEmpty();
    assertThat(store.findClientToken("t1", "k2")).isEmpty();
    assertThat(store.find("t1", "late")).isPresent(); // finishedAt == before is not "before"
    assertThat(store.find("t1", "open")).isPresent();
    assertThat(store.find("t2", "done")).isPresent();
    assertThat(store.count(TaskQuery.builder("t1").parentId("b").build(), 10)).isZero();
    assertThat(store.count(TaskQuery.builder("t1").statuses(TaskStatus.FAILED).build(), 10))
        .isZero();
    assertThat(store.count(TaskQuery.all("t1"), 10)).isEqualTo(2);
    assertThat(store.purgeFinished("t1", at(20))).isZero();
  }

  @Test
  void pageShowsNothingCreatedAfterTheSnapshotAndContinuesStrictlyAfterTheKey() {
    for (int i = 0; i < 5; i++) {
      store.insert(new NewTasks(single("t1", "a" + i, at(i)), List.of(), null));
    }
    TaskQuery newest = TaskQuery.all("t1");

    List<Task> first = store.findPage(new PageQuery(newest, at(3), null, 2));
    List<Task> second = store.findPage(new PageQuery(newest, at(3), SortKey.of(first.get(1)), 10));
    List<Task> oldest =
        store.findPage(
            new PageQuery(
                newest.toBuilder().order(SortOrder.OLDEST_FIRST).build(),
                at(3),
                new SortKey(at(1), "a1"),
                10));

    assertThat(first).extracting(Task::id).containsExactly("a3", "a2");
    assertThat(second).extracting(Task::id).containsExactly("a1", "a0");
    assertThat(oldest).extracting(Task::id).containsExactly("a2", "a3");
  }

  @Test
  void returnedListsCannotChangeTheStore() {
    store.insert(new NewTasks(single("t1", "a", at(1)), List.of(), null));

    List<Task> page = store.findPage(new PageQuery(TaskQuery.all("t1"), at(9), null, 10));

    assertThatThrownBy(page::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void racingWritersOfOneTaskGiveExactlyOneWinner() throws Exception {
    Task task = single("t1", "a", at(1));
    store.insert(new NewTasks(task, List.of(), null));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger winners = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Instant now = at(10 + i);
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  Optional<UpdateResult> result =
                      store.update(
                          new TaskUpdate(
                              task, moved(task, TaskStatus.RUNNING, now), CounterDelta.ZERO, now),
                          ROLLUP);
                  result.ifPresent(unused -> winners.incrementAndGet());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(winners).hasValue(1);
    assertThat(store.find("t1", "a").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void concurrentChildUpdatesKeepCountersTrueAndReadersNeverSeeHalfABatch() throws Exception {
    int batches = 20;
    int childrenPerBatch = 50;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger tornReads = new AtomicInteger();
    try {
      Future<?> reader =
          pool.submit(
              () -> {
                while (!done.get()) {
                  for (int b = 0; b < batches; b++) {
                    long seen =
                        store.count(TaskQuery.builder("t1").parentId("b" + b).build(), 10_000);
                    if (seen != 0 && seen != childrenPerBatch) {
                      tornReads.incrementAndGet();
                    }
                  }
                }
                return null;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int b = writer; b < batches; b += 4) {
                    Task batch = batch("t1", "b" + b, at(b), childrenPerBatch);
                    List<Task> children = children(batch, childrenPerBatch);
                    store.insert(new NewTasks(batch, children, null));
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
      // Now every child of every batch, moved by 4 threads that each take every 4th child.
      List<Future<?>> movers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int mover = w;
        movers.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    for (int c = mover; c < childrenPerBatch; c += 4) {
                      Task child = store.find("t1", "b" + b + "-" + c).orElseThrow();
                      TaskStatus to = c % 3 == 0 ? TaskStatus.FAILED : TaskStatus.RUNNING;
                      assertThat(
                              store.update(
                                  new TaskUpdate(
                                      child,
                                      moved(child, to, at(1000)),
                                      CounterDelta.move(TaskStatus.PENDING, to),
                                      at(1000)),
                                  ROLLUP))
                          .isPresent();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> mover : movers) {
        mover.get(30, TimeUnit.SECONDS);
      }
      done.set(true);
      reader.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(tornReads).hasValue(0);
    for (int b = 0; b < batches; b++) {
      ChildCounters counters = store.find("t1", "b" + b).orElseThrow().counters();
      assertThat(counters.isConsistent()).isTrue();
      TaskQuery children = TaskQuery.builder("t1").parentId("b" + b).build();
      assertThat(counters.total()).isEqualTo(childrenPerBatch);
      assertThat(counters.failed())
          .isEqualTo(store.count(children.toBuilder().statuses(TaskStatus.FAILED).build(), 10_000));
      assertThat(counters.running())
          .isEqualTo(
              store.count(children.toBuilder().statuses(TaskStatus.RUNNING).build(), 10_000));
      assertThat(counters.pending()).isZero();
    }
  }
}
