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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store driven directly through the SPI: its own error messages, its indexes kept in
 * step with cascades and purges, and lists that cannot change it. Every store's promises are
 * checked by the contract suite (engine-tck), which runs on this store as well.
 */
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
}
