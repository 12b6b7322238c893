package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Limits;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.tck.Tck.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Real threads against one store: compare-and-set gives one winner per task, and batch counters
 * stay exact under any interleaving of child transitions, batch cancels and added children. Free
 * races show what a store does under load; races staged with a {@link PausingClock} (which stops an
 * engine call between its read and its write while another writer goes first) make the lost race
 * happen every time, however fast the store.
 */
interface ConcurrencyContract extends ContractFixture {

  int THREADS = 8;

  @Test
  default void twoWorkersRacingToFinishOneTaskYieldExactlyOneWinner() throws Exception {
    TaskEngine engine = engine();
    String tenant = tenant();
    int rounds = 100;
    Task batch = newBatch(rounds / 2);
    List<Task> children = childrenByResource(batch);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        // even rounds race on a single task, odd rounds on a child, whose batch counts the winner
        Task task = round % 2 == 0 ? newSingle() : children.get(round / 2);
        String id = task.id();
        engine.start(tenant, id);
        // two different finishing reports, so that a racer reading after the winner cannot no-op
        List<Callable<Task>> reports =
            switch (round % 3) {
              case 0 ->
                  List.of(
                      () -> engine.succeed(tenant, id, "by worker A"),
                      () -> engine.succeed(tenant, id, "by worker B"));
              case 1 ->
                  List.of(
                      () -> engine.succeed(tenant, id, "by worker A"),
                      () -> engine.fail(tenant, id, "WORKER_B", "gave up"));
              default ->
                  List.of(
                      () -> engine.fail(tenant, id, "WORKER_A", "broken"),
                      () -> engine.fail(tenant, id, "WORKER_B", "broken"));
            };
        Task winner = onlyWinner("round " + round, Tck.race(pool, reports));
        assertThat(winner.version()).as("round %d: winner's version", round).isEqualTo(2);
        assertThat(winner.status().isTerminal()).as("round %d: winner's status", round).isTrue();
        assertThat(engine.get(tenant, id))
            .as("round %d: the stored task is the winner's", round)
            .isEqualTo(winner);
      }
    } finally {
      pool.shutdownNow();
    }
    Task stored = reload(batch);
    assertThat(stored.counters().succeeded() + stored.counters().failed())
        .as("each child race counted once in %s", stored.counters())
        .isEqualTo(rounds / 2);
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
  }

  /**
   * Runs {@code slowCall} on an engine whose clock pauses it between its read and its write, runs
   * {@code write} (with the test's normal engine) in that pause, then lets the slow call finish.
   */
  private <T> Outcome<T> interleaved(
      UnaryOperator<TaskEngines.Builder> settings, Function<TaskEngine, T> slowCall, Runnable write)
      throws Exception {
    return Tck.interleaved(settings.apply(engineBuilder()), clock(), slowCall, write);
  }

  @Test
  default void aWriterThatReadBeforeTheWinnerWroteLosesAndWritesNothing() throws Exception {
    Task batch = newBatch(2);
    for (Task task : List.of(newSingle(), childrenByResource(batch).get(0))) {
      String id = task.id();
      engine().start(tenant(), id);
      List<Task> winner = new ArrayList<>();
      Outcome<Task> loser =
          interleaved(
              builder -> builder,
              slow -> slow.succeed(tenant(), id, "by the slow worker"),
              () -> winner.add(engine().fail(tenant(), id, "FAST", "the fast worker won")));
      assertThat(loser.succeeded()).as("the slow worker's report of %s", task.level()).isFalse();
      assertThat(loser.failure())
          .as("it read RUNNING, so the store's compare-and-set must refuse its write")
          .isInstanceOf(ConcurrentUpdateException.class);
      assertThat(engine().get(tenant(), id)).isEqualTo(winner.get(0));
    }
    Task stored = reload(batch);
    assertThat(stored.counters()).isEqualTo(new ChildCounters(2, 1, 0, 0, 1, 0));
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void childAdditionThatReadAnOpenBatchFailsOnceTheBatchIsCancelled() throws Exception {
    Task batch = newBatch(2);
    engine().start(tenant(), childrenByResource(batch).get(0).id());

    Outcome<List<Task>> late =
        interleaved(
            builder -> builder,
            slow -> slow.addChildren(tenant(), batch.id(), List.of(ChildSpec.of("late"))),
            () -> engine().cancel(tenant(), batch.id()));

    assertThat(late.succeeded()).as("adding to a batch cancelled meanwhile").isFalse();
    assertThat(Tck.isLostRace(late.failure())).as("%s", late.failure()).isTrue();
    Task stored = reload(batch);
    assertThat(stored.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(childrenOf(batch)).hasSize(2);
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void childAdditionThatReadRoomForItFailsOnceTheLimitIsReached() throws Exception {
    Limits limits = Limits.defaults().toBuilder().maxChildrenPerBatch(3).build();
    TaskEngine engine = engineBuilder().limits(limits).build();
    Task batch = engine.submitBatch(batchSpec(tenant(), 2).build());

    Outcome<List<Task>> late =
        interleaved(
            builder -> builder.limits(limits),
            slow -> slow.addChildren(tenant(), batch.id(), List.of(ChildSpec.of("slow"))),
            () -> engine.addChildren(tenant(), batch.id(), List.of(ChildSpec.of("fast"))));

    assertThat(late.succeeded()).as("a 4th child past a limit of 3").isFalse();
    assertThat(late.failure())
        .isInstanceOfAny(InvalidRequestException.class, ConcurrentUpdateException.class);
    assertThat(childrenOf(batch))
        .extracting(Task::resourceId)
        .containsExactlyInAnyOrder("r-1", "r-2", "fast");
    Tck.assertBatchFollowsChildren(reload(batch), childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void batchCancelThatReadAStaleBatchIsRetriedAndCatchesEveryChild() throws Exception {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    engine().start(tenant(), children.get(0).id());

    Outcome<Task> cancel =
        interleaved(
            builder -> builder,
            slow -> slow.cancel(tenant(), batch.id()),
            () -> engine().start(tenant(), children.get(1).id()));

    if (cancel.succeeded()) {
      assertThat(cancel.value().status()).isEqualTo(TaskStatus.CANCELLING);
      assertThat(cancel.value().counters()).isEqualTo(new ChildCounters(3, 0, 2, 0, 0, 1));
    } else {
      assertThat(cancel.failure()).isInstanceOf(ConcurrentUpdateException.class);
    }
    Task stored = reload(batch);
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
    if (stored.status() == TaskStatus.CANCELLING) {
      assertThat(childrenOf(batch))
          .extracting(Task::status)
          .containsExactlyInAnyOrder(
              TaskStatus.CANCELLING, TaskStatus.CANCELLING, TaskStatus.CANCELLED);
    }
  }

  @Test
  default void manyWorkersRacingToStartOneTaskYieldExactlyOneWinner() throws Exception {
    TaskEngine engine = engine();
    String tenant = tenant();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 20; round++) {
        String id = newSingle().id();
        List<Callable<Task>> starts = new ArrayList<>();
        for (int worker = 0; worker < THREADS; worker++) {
          starts.add(() -> engine.start(tenant, id));
        }
        Task winner = onlyWinner("round " + round, Tck.race(pool, starts));
        assertThat(winner.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(winner.version()).isEqualTo(1);
        assertThat(engine.get(tenant, id)).isEqualTo(winner);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The one successful outcome; every other racer must have lost in a documented way. */
  private static Task onlyWinner(String what, List<Outcome<Task>> outcomes) {
    List<Task> winners = new ArrayList<>();
    for (Outcome<Task> outcome : outcomes) {
      if (outcome.succeeded()) {
        winners.add(outcome.value());
      } else if (!Tck.isLostRace(outcome.failure())) {
        throw new AssertionError(
            what
                + ": a losing racer must get ConcurrentUpdateException or"
                + " IllegalTransitionException, got "
                + outcome.failure(),
            outcome.failure());
      }
    }
    assertThat(winners).as("%s: successful racers", what).hasSize(1);
    return winners.get(0);
  }

  @Test
  default void concurrentChildTransitionsOfOneBatchLoseNoCounterUpdate() throws Exception {
    TaskEngine engine = engine();
    String tenant = tenant();
    int perWorker = 5;
    Task batch = newBatch(THREADS * perWorker);
    List<Task> children = childrenByResource(batch);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Outcome<Integer>> outcomes;
    try {
      List<Callable<Integer>> workers = new ArrayList<>();
      for (int worker = 0; worker < THREADS; worker++) {
        List<Task> mine = children.subList(worker * perWorker, (worker + 1) * perWorker);
        workers.add(
            () -> {
              int failed = 0;
              for (int i = 0; i < mine.size(); i++) {
                String id = mine.get(i).id();
                engine.start(tenant, id);
                if (i % 2 == 0) {
                  engine.succeed(tenant, id, "ok");
                } else {
                  engine.fail(tenant, id, "E", "failed");
                  failed++;
                }
              }
              return failed;
            });
      }
      outcomes = Tck.race(pool, workers);
    } finally {
      pool.shutdownNow();
    }
    int failed = 0;
    for (Outcome<Integer> outcome : outcomes) {
      if (!outcome.succeeded()) {
        throw new AssertionError(
            "workers own distinct children, so no transition may fail", outcome.failure());
      }
      failed += outcome.value();
    }
    int total = THREADS * perWorker;
    Task stored = reload(batch);
    assertThat(stored.counters())
        .isEqualTo(new ChildCounters(total, 0, 0, total - failed, failed, 0));
    assertThat(stored.version())
        .as("one batch write per start and per finish")
        .isEqualTo(2L * total);
    assertThat(stored.status()).isEqualTo(TaskStatus.FAILED);
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void racingChildAdditionsNeverPassTheChildLimit() throws Exception {
    int limit = 10;
    TaskEngine engine =
        engineBuilder()
            .limits(Limits.defaults().toBuilder().maxChildrenPerBatch(limit).build())
            .build();
    String tenant = tenant();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 10; round++) {
        Task batch = engine.submitBatch(batchSpec(tenant, 2).build());
        List<Callable<List<Task>>> additions = new ArrayList<>();
        for (int worker = 0; worker < THREADS; worker++) {
          List<ChildSpec> two =
              List.of(ChildSpec.of("w" + worker + "-a"), ChildSpec.of("w" + worker + "-b"));
          additions.add(() -> engine.addChildren(tenant, batch.id(), two));
        }
        int added = 0;
        for (Outcome<List<Task>> outcome : Tck.race(pool, additions)) {
          if (outcome.succeeded()) {
            added += outcome.value().size();
          } else if (!(outcome.failure() instanceof InvalidRequestException)
              && !(outcome.failure() instanceof ConcurrentUpdateException)) {
            throw new AssertionError("round " + round + ": unexpected failure", outcome.failure());
          }
        }
        Task stored = engine.get(tenant, batch.id());
        List<Task> children = childrenOf(batch);
        assertThat(children)
            .as("round %d: children", round)
            .hasSize(2 + added)
            .hasSizeLessThanOrEqualTo(limit);
        Tck.assertBatchFollowsChildren(stored, children, RollupPolicy.DEFAULT);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void batchCancelRacingChildAdditionsLeavesNoPendingChildBehind() throws Exception {
    TaskEngine engine = engine();
    String tenant = tenant();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 10; round++) {
        Task batch = newBatch(2);
        engine.start(tenant, childrenByResource(batch).get(0).id());
        List<Callable<Object>> calls = new ArrayList<>();
        calls.add(() -> engine.cancel(tenant, batch.id()));
        for (int worker = 1; worker < THREADS; worker++) {
          List<ChildSpec> one = List.of(ChildSpec.of("w" + worker));
          calls.add(() -> engine.addChildren(tenant, batch.id(), one));
        }
        List<Outcome<Object>> outcomes = Tck.race(pool, calls);
        for (Outcome<Object> outcome : outcomes) {
          if (!outcome.succeeded() && !Tck.isLostRace(outcome.failure())) {
            throw new AssertionError("round " + round + ": unexpected failure", outcome.failure());
          }
        }
        Task stored = engine.get(tenant, batch.id());
        List<Task> children = childrenOf(batch);
        if (outcomes.get(0).succeeded()) {
          assertThat(stored.status())
              .as("round %d: cancelled batch", round)
              .isEqualTo(TaskStatus.CANCELLING);
          assertThat(children)
              .as("round %d: no child may be added to a cancelling batch", round)
              .noneMatch(child -> child.status() == TaskStatus.PENDING);
        }
        Tck.assertBatchFollowsChildren(stored, children, RollupPolicy.DEFAULT);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void randomConcurrentTransitionsKeepEveryBatchsCountersAndStatusTrue() throws Exception {
    long seed =
        Seeds.seed(
            "ConcurrencyContract.randomConcurrentTransitionsKeepEveryBatchsCountersAndStatusTrue");
    TaskEngine engine = engine();
    String tenant = tenant();
    int batchCount = 20;
    int childrenPerBatch = 20;
    int operationsPerWorker = 250;

    List<Task> batches = new ArrayList<>();
    List<List<String>> childIds = new ArrayList<>();
    for (int b = 0; b < batchCount; b++) {
      Task batch = newBatch(childrenPerBatch);
      batches.add(batch);
      childIds.add(new CopyOnWriteArrayList<>(Tck.ids(childrenOf(batch))));
    }

    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        Random random = new Random(seed * 31 + w);
        int worker = w;
        workers.add(
            () -> {
              for (int op = 0; op < operationsPerWorker; op++) {
                int b = random.nextInt(batchCount);
                List<String> ids = childIds.get(b);
                String child = ids.get(random.nextInt(ids.size()));
                int dice = random.nextInt(100);
                try {
                  if (dice < 25) {
                    engine.start(tenant, child);
                  } else if (dice < 45) {
                    engine.succeed(tenant, child, "ok-" + worker);
                  } else if (dice < 55) {
                    engine.fail(tenant, child, "E" + worker, "failed by " + worker);
                  } else if (dice < 65) {
                    engine.cancel(tenant, child);
                  } else if (dice < 75) {
                    engine.confirmCancelled(tenant, child);
                  } else if (dice < 94) {
                    engine.recordProgress(tenant, child, "progress " + op);
                  } else if (dice < 95) {
                    engine.cancel(tenant, batches.get(b).id());
                  } else {
                    List<ChildSpec> more = new ArrayList<>();
                    for (int i = 1 + random.nextInt(3); i > 0; i--) {
                      more.add(ChildSpec.of("added-" + worker + "-" + op + "-" + i));
                    }
                    for (Task added : engine.addChildren(tenant, batches.get(b).id(), more)) {
                      ids.add(added.id());
                    }
                  }
                } catch (RuntimeException failure) {
                  if (!Tck.isLostRace(failure)) {
                    unexpected.add(failure);
                  }
                }
              }
              return null;
            });
      }
      for (Outcome<Void> outcome : Tck.race(pool, workers)) {
        if (!outcome.succeeded()) {
          unexpected.add(outcome.failure());
        }
      }
      assertNoUnexpected(seed, unexpected);

      for (Task batch : batches) {
        Tck.assertBatchFollowsChildren(reload(batch), childrenOf(batch), RollupPolicy.DEFAULT);
      }

      // drain: every worker finishes the open children of its own batches, so nothing may fail
      List<Callable<Void>> drainers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        int worker = w;
        drainers.add(
            () -> {
              for (int b = worker; b < batchCount; b += THREADS) {
                int index = 0;
                for (Task child : childrenOf(batches.get(b))) {
                  String id = child.id();
                  switch (child.status()) {
                    case PENDING -> {
                      if (index++ % 2 == 0) {
                        engine.fail(tenant, id, "DRAINED", null);
                      } else {
                        engine.start(tenant, id);
                        engine.succeed(tenant, id, "drained");
                      }
                    }
                    case RUNNING -> engine.succeed(tenant, id, "drained");
                    case CANCELLING -> engine.confirmCancelled(tenant, id);
                    default -> {}
                  }
                }
              }
              return null;
            });
      }
      for (Outcome<Void> outcome : Tck.race(pool, drainers)) {
        if (!outcome.succeeded()) {
          unexpected.add(outcome.failure());
        }
      }
      assertNoUnexpected(seed, unexpected);
    } finally {
      pool.shutdownNow();
    }

    for (Task batch : batches) {
      Task stored = reload(batch);
      List<Task> children = childrenOf(batch);
      assertThat(children).hasSizeGreaterThanOrEqualTo(childrenPerBatch);
      assertThat(stored.isTerminal())
          .as("batch %s after every child finished (%s)", stored.id(), stored.counters())
          .isTrue();
      Tck.assertBatchFollowsChildren(stored, children, RollupPolicy.DEFAULT);
    }
  }

  private static void assertNoUnexpected(long seed, ConcurrentLinkedQueue<Throwable> unexpected) {
    if (!unexpected.isEmpty()) {
      AssertionError error =
          new AssertionError(
              unexpected.size()
                  + " unexpected failures (seed "
                  + seed
                  + "), the first: "
                  + unexpected.peek(),
              unexpected.peek());
      unexpected.stream().skip(1).limit(5).forEach(error::addSuppressed);
      throw error;
    }
  }

  @Test
  default void readersSeeABatchWithAllItsChildrenOrNone() throws Exception {
    int batches = 12;
    int children = 50;
    String prefix = "whole-" + UUID.randomUUID() + "-";
    Instant now = clock().instant();
    AtomicBoolean written = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<String> torn = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?> reader =
          pool.submit(
              () -> {
                do {
                  for (int b = 0; b < batches; b++) {
                    TaskQuery query = TaskQuery.builder(tenant()).parentId(prefix + b).build();
                    long counted = store().count(query, 1_000);
                    int paged = store().findPage(new PageQuery(query, now, null, 1_000)).size();
                    for (long seen : new long[] {counted, paged}) {
                      if (seen != 0 && seen != children) {
                        torn.add("batch " + b + ": " + seen + " of " + children + " children");
                      }
                    }
                    reads.incrementAndGet();
                  }
                } while (!written.get());
                return null;
              });
      List<Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int writer = w;
        writers.add(
            () -> {
              for (int b = writer; b < batches; b += 3) {
                store().insert(StoreSpiContract.batchRows(tenant(), prefix + b, children, now));
              }
              return null;
            });
      }
      List<Outcome<Void>> outcomes = Tck.race(pool, writers);
      written.set(true);
      reader.get(60, TimeUnit.SECONDS);
      for (Outcome<Void> outcome : outcomes) {
        if (!outcome.succeeded()) {
          throw new AssertionError("an insert failed", outcome.failure());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(torn).as("a reader saw part of a batch (of %d reads)", reads.get()).isEmpty();
    assertThat(reads.get()).isPositive();
    for (int b = 0; b < batches; b++) {
      assertThat(store().count(TaskQuery.builder(tenant()).parentId(prefix + b).build(), 1_000))
          .isEqualTo(children);
    }
  }

  @Test
  default void racingInsertsWithACollidingIdLeaveOneWholeAndNothingOfTheOther() throws Exception {
    Instant now = clock().instant();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String prefix = "collide-" + UUID.randomUUID() + "-";
        String shared = prefix + "shared";
        List<NewTasks> inserts = new ArrayList<>();
        for (String name : List.of("a", "b")) {
          NewTasks rows = StoreSpiContract.batchRows(tenant(), prefix + name, 3, now);
          List<Task> children = new ArrayList<>(rows.children());
          // the last child of one batch and the first of the other have the same id
          int colliding = name.equals("a") ? 2 : 0;
          children.set(colliding, children.get(colliding).toBuilder().id(shared).build());
          inserts.add(new NewTasks(rows.root(), children, null));
        }
        List<Callable<NewTasks>> racers = new ArrayList<>();
        for (NewTasks insert : inserts) {
          racers.add(
              () -> {
                store().insert(insert);
                return insert;
              });
        }
        List<Outcome<NewTasks>> outcomes = Tck.race(pool, racers);

        List<NewTasks> winners = new ArrayList<>();
        for (Outcome<NewTasks> outcome : outcomes) {
          if (outcome.succeeded()) {
            winners.add(outcome.value());
          } else {
            Tck.expectStoreFailure(
                "round " + round + ": the losing insert",
                () -> {
                  throw outcome.failure();
                });
          }
        }
        assertThat(winners).as("round %d: inserts that went in", round).hasSize(1);
        NewTasks winner = winners.get(0);
        NewTasks loser = inserts.get(winner == inserts.get(0) ? 1 : 0);
        assertThat(store().find(tenant(), winner.root().id())).contains(winner.root());
        for (Task child : winner.children()) {
          assertThat(store().find(tenant(), child.id())).contains(child);
        }
        assertThat(store().find(tenant(), loser.root().id()))
            .as("round %d: the losing batch", round)
            .isEmpty();
        for (Task child : loser.children()) {
          if (!child.id().equals(shared)) {
            assertThat(store().find(tenant(), child.id()))
                .as("round %d: a child of the losing batch", round)
                .isEmpty();
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
