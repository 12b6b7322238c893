package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.LeaseLostException;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Tck.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Work governance under real threads against one store: concurrent claimers never receive the same
 * task, a worker's late report racing the sweep leaves exactly one outcome, and sweeps from two
 * engines at once give each task one outcome. Every race is checked afterwards, task by task, by
 * its version (one write each) and by the batches' counters against a recount. Randomized parts
 * print their seed ({@link Seeds}); every wait is bounded.
 */
interface WorkRaceContract extends WorkFixture {

  int CLAIMERS = 8;

  @Test
  default void concurrentClaimersReceiveEveryTaskExactlyOnce() throws Exception {
    long seed = Seeds.seed("WorkRaceContract.concurrentClaimersReceiveEveryTaskExactlyOnce");
    String type = workType();
    int rounds = 8;
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    try {
      for (int round = 0; round < rounds; round++) {
        clock().advance(Duration.ofSeconds(1));
        Task batch =
            engine()
                .submitBatch(
                    BatchSpec.builder(tenant(), type)
                        .children(resources("b" + round + "-", 12))
                        .build());
        Map<String, Task> backlog = new HashMap<>();
        childrenOf(batch).forEach(child -> backlog.put(child.id(), child));
        for (int i = 0; i < 10; i++) {
          Task mine = engine().submit(TaskSpec.builder(tenant(), type).build());
          backlog.put(mine.id(), mine);
        }
        for (int i = 0; i < 8; i++) {
          Task theirs = engine().submit(TaskSpec.builder(otherTenant(), type).build());
          backlog.put(theirs.id(), theirs);
        }
        Instant now = clock().advance(Duration.ofSeconds(1));

        List<Callable<List<List<Task>>>> claimers = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
          Random random = new Random(seed + round * CLAIMERS + c);
          // half claim one tenant's tasks, half every tenant's, as a provider's own workers do
          ClaimRequest.Builder request =
              (c % 2 == 0 ? ClaimRequest.forTenant(tenant()) : ClaimRequest.allTenants())
                  .owner("claimer-" + c)
                  .lease(LEASE)
                  .types(type);
          claimers.add(
              () -> {
                List<List<Task>> claims = new ArrayList<>();
                for (int call = 0; call < MAX_CALLS; call++) {
                  List<Task> claimed = engine().claim(request.limit(1 + random.nextInt(4)).build());
                  if (claimed.isEmpty()) {
                    return claims;
                  }
                  claims.add(claimed);
                }
                throw new AssertionError("a claimer still got tasks after " + MAX_CALLS + " calls");
              });
        }
        List<Outcome<List<List<Task>>>> outcomes = Tck.race(pool, claimers);

        String where = "round " + round + ", seed " + seed;
        Map<String, Task> received = new HashMap<>();
        for (int c = 0; c < CLAIMERS; c++) {
          Outcome<List<List<Task>>> outcome = outcomes.get(c);
          if (!outcome.succeeded()) {
            throw new AssertionError(where + ": claimer " + c + " failed", outcome.failure());
          }
          for (List<Task> claim : outcome.value()) {
            List<Task> sorted = new ArrayList<>(claim);
            sorted.sort(CLAIM_ORDER);
            assertThat(claim).as("%s: one claim, oldest first", where).isEqualTo(sorted);
            for (Task task : claim) {
              Task twice = received.put(task.id(), task);
              if (twice != null) {
                throw new AssertionError(
                    where
                        + ": "
                        + task.id()
                        + " was claimed by "
                        + twice.leaseOwner()
                        + " and by "
                        + task.leaseOwner());
              }
              assertThat(task.leaseOwner()).isEqualTo("claimer-" + c);
              if (c % 2 == 0) {
                assertThat(task.tenant()).as("%s: a one-tenant claim", where).isEqualTo(tenant());
              }
              assertThat(task)
                  .as("%s: claimed %s", where, task.id())
                  .isEqualTo(
                      WorkFixture.claimed(backlog.get(task.id()), task.leaseOwner(), LEASE, now));
            }
          }
        }
        assertThat(received.keySet())
            .as("%s: every task of the backlog claimed", where)
            .isEqualTo(backlog.keySet());
        for (Task task : received.values()) {
          assertThat(engine().get(task.tenant(), task.id()))
              .as("%s: the stored claim", where)
              .isEqualTo(task);
        }
        assertBatch(batch, new ChildCounters(12, 0, 12, 0, 0, 0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ChildSpec> resources(String prefix, int count) {
    List<ChildSpec> children = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      children.add(ChildSpec.of(prefix + i));
    }
    return children;
  }

  @Test
  default void aLateReportThatReadItsLeaseBeforeTheSweepWroteIsRefused() throws Exception {
    Task batch = newBatch(1);
    Task claimed = claimOnly(childrenOf(batch).get(0));
    Instant expiry = claimed.leaseExpiresAt();
    // The worker's clock says its lease still holds; the sweeper's says it has expired.
    MutableClock workerTime = MutableClock.at(expiry.minusNanos(1_000));
    clock().set(expiry);

    Outcome<Task> late =
        Tck.interleaved(
            engineBuilder(),
            workerTime,
            worker -> worker.succeed(claimed.lease(), "too late"),
            () -> sweep());

    assertThat(late.succeeded()).as("the late report, after the sweep wrote").isFalse();
    assertThat(late.failure())
        .as("the holder re-reads, and the sweep took the task")
        .isInstanceOf(LeaseLostException.class);
    WorkFixture.assertRetried(reload(claimed), claimed, RetryPolicy.DEFAULT, expiry);
    assertBatch(batch, new ChildCounters(1, 1, 0, 0, 0, 0));
  }

  @Test
  default void aHeartbeatThatReadItsTaskBeforeACancelWroteIsMadeAgain() throws Exception {
    Task batch = newBatch(1);
    Task claimed = claimOnly(childrenOf(batch).get(0));
    Instant now = clock().advance(Duration.ofSeconds(10));

    Outcome<Task> heartbeat =
        Tck.interleaved(
            engineBuilder(),
            clock(),
            worker -> worker.heartbeat(claimed.lease(), LEASE, "halfway"),
            () -> engine().cancel(tenant(), claimed.id()));

    assertThat(heartbeat.succeeded())
        .as("a heartbeat whose lease still holds after the race: %s", heartbeat.failure())
        .isTrue();
    Task renewed = heartbeat.value();
    assertThat(renewed.status()).as("it tells the worker to stop").isEqualTo(TaskStatus.CANCELLING);
    assertThat(renewed.leaseExpiresAt()).isEqualTo(now.plus(LEASE));
    assertThat(renewed.result()).isEqualTo("halfway");
    assertThat(renewed.version()).as("the cancel's write and the heartbeat's").isEqualTo(3);
    assertThat(reload(claimed)).isEqualTo(renewed);
    assertBatch(batch, new ChildCounters(1, 0, 1, 0, 0, 0));
  }

  @Test
  default void lateReportsRacingTheSweepLeaveExactlyOneOutcomePerTask() throws Exception {
    long seed =
        Seeds.seed("WorkRaceContract.lateReportsRacingTheSweepLeaveExactlyOneOutcomePerTask");
    Random random = new Random(seed);
    MutableClock workerTime = MutableClock.at(clock().instant());
    TaskEngine workerEngine = engineBuilder().clock(workerTime).build();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    int won = 0;
    int rounds = 5;
    try {
      for (int round = 0; round < rounds; round++) {
        won +=
            lateReportsRaceTheSweep(
                "round " + round + ", seed " + seed,
                new LateReportRace(pool, random, 16, 4, 2, workerTime),
                share -> {
                  Map<String, Outcome<Task>> reports = new HashMap<>();
                  for (Task task : share) {
                    try {
                      reports.put(
                          task.id(),
                          new Outcome<>(workerEngine.succeed(task.lease(), "done in time"), null));
                    } catch (RuntimeException failure) {
                      reports.put(task.id(), new Outcome<>(null, failure));
                    }
                  }
                  return reports;
                });
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(
        "WorkRaceContract.lateReports...: the worker won "
            + won
            + ", the sweep won "
            + (rounds * 24 - won));
  }

  @Test
  default void twoEnginesSweepingAtOnceGiveEachTaskOneOutcome() throws Exception {
    long seed = Seeds.seed("WorkRaceContract.twoEnginesSweepingAtOnceGiveEachTaskOneOutcome");
    Random random = new Random(seed);
    TaskEngine nodeA = engine();
    TaskEngine nodeB = engineBuilder().build();
    int sweepersPerNode = 2;
    ExecutorService pool = Executors.newFixedThreadPool(2 * sweepersPerNode);
    try {
      for (int round = 0; round < 3; round++) {
        String where = "round " + round + ", seed " + seed;
        Instant deadline = clock().instant().plus(LEASE);
        Task failing =
            engine()
                .submitBatch(batchSpec(tenant(), 15).retryPolicy(RetryPolicy.attempts(1)).build());
        Task retrying = newBatch(15);
        Task cancelled = newBatch(10);
        List<Task> late = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          late.add(engine().submit(TaskSpec.builder(tenant(), TYPE).deadline(deadline).build()));
        }
        assertThat(claim(100)).hasSize(50);
        engine().cancel(tenant(), cancelled.id());
        Map<String, Task> before = new HashMap<>();
        for (Task task : allTasks(tenant())) {
          if (!task.isBatch() && !task.isTerminal()) {
            before.put(task.id(), task);
          }
        }
        assertThat(before).as("%s: the open tasks", where).hasSize(50);
        clock().set(deadline);

        List<Callable<SweepResult>> sweepers = new ArrayList<>();
        for (int s = 0; s < 2 * sweepersPerNode; s++) {
          TaskEngine node = s % 2 == 0 ? nodeA : nodeB;
          int limit = 1 + random.nextInt(5);
          sweepers.add(() -> sweepWhileDue(node, limit));
        }
        SweepResult sum = SweepResult.NONE;
        for (Outcome<SweepResult> outcome : Tck.race(pool, sweepers)) {
          if (!outcome.succeeded()) {
            throw new AssertionError(where + ": a sweeper failed", outcome.failure());
          }
          sum = sum.plus(outcome.value());
        }
        sum = sum.plus(sweep());

        assertThat(sum.leaseExpired()).as("%s: %s", where, sum).isGreaterThanOrEqualTo(15);
        assertThat(sum.retried()).as("%s: %s", where, sum).isGreaterThanOrEqualTo(15);
        assertThat(sum.cancelled()).as("%s: %s", where, sum).isGreaterThanOrEqualTo(10);
        assertThat(sum.deadlineExceeded()).as("%s: %s", where, sum).isGreaterThanOrEqualTo(10);
        for (Task task : before.values()) {
          Task stored = reload(task);
          assertThat(stored.version())
              .as("%s: %s (%s before) written by one sweep only", where, task.id(), task.status())
              .isEqualTo(task.version() + 1);
          if (retrying.id().equals(task.parentId())) {
            WorkFixture.assertRetried(stored, task, RetryPolicy.DEFAULT, deadline);
          } else if (failing.id().equals(task.parentId())) {
            WorkFixture.assertSweptTo(TaskStatus.FAILED, LEASE_EXPIRED, stored, task, deadline);
          } else if (cancelled.id().equals(task.parentId())) {
            WorkFixture.assertSweptTo(TaskStatus.CANCELLED, null, stored, task, deadline);
          } else {
            WorkFixture.assertSweptTo(TaskStatus.FAILED, DEADLINE_EXCEEDED, stored, task, deadline);
          }
        }
        assertThat(assertBatch(failing, new ChildCounters(15, 0, 0, 0, 15, 0)).status())
            .isEqualTo(TaskStatus.FAILED);
        assertThat(assertBatch(cancelled, new ChildCounters(10, 0, 0, 0, 0, 10)).status())
            .isEqualTo(TaskStatus.CANCELLED);
        assertBatch(retrying, new ChildCounters(15, 15, 0, 0, 0, 0));
        // finish the retried children so that the next round starts from an empty backlog
        engine().cancel(tenant(), retrying.id());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
