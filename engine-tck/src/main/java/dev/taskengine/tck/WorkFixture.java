package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.ErrorCode;
import dev.taskengine.api.LeaseLostException;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Tck.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the work-governance contracts share: claims as a worker makes them, a sweep that runs until
 * nothing is due, and the expected shapes of a claimed, retried or failed task.
 *
 * <p>A store shared by every test (a database) holds other tests' tasks, and both {@code
 * sweepExpired} and all-tenant claims see every tenant. So these contracts assert what happened to
 * their own tasks, never a sweep's totals or the size of an all-tenant claim, and every all-tenant
 * claim names {@link #workType()}, a type no other test uses.
 */
interface WorkFixture extends ContractFixture {

  /** The lease of the suite's claims. */
  Duration LEASE = Duration.ofSeconds(30);

  /**
   * How often a racing claimer or sweeper may come back before the suite decides it never stops.
   */
  int MAX_CALLS = 10_000;

  /** The worker that claims, unless a test needs two. */
  String OWNER = "worker-1";

  /** The error codes of the sweep's failures. */
  String LEASE_EXPIRED = SweepResult.LEASE_EXPIRED;

  String DEADLINE_EXCEEDED = SweepResult.DEADLINE_EXCEEDED;

  /** The order of a claim: {@code availableAt}, then id. */
  Comparator<Task> CLAIM_ORDER = Comparator.comparing(Task::availableAt).thenComparing(Task::id);

  /** A task type that only the running test uses, for claims across all tenants. */
  default String workType() {
    return "Work-" + tenant();
  }

  /** A claim of {@link #tenant()}'s tasks by {@link #OWNER} for {@link #LEASE}. */
  default ClaimRequest.Builder claimRequest() {
    return ClaimRequest.forTenant(tenant()).owner(OWNER).lease(LEASE);
  }

  /** Claims up to {@code limit} of {@link #tenant()}'s tasks as {@link #OWNER}. */
  default List<Task> claim(int limit) {
    return engine().claim(claimRequest().limit(limit).build());
  }

  /**
   * Claims {@code task}, which must be the only one claimed: the tenant's only available task, or
   * the only available one on its resource.
   */
  default Task claimOnly(Task task) {
    ClaimRequest.Builder request = claimRequest().limit(10);
    if (task.resourceId() != null) {
      request.resourceIds(List.of(task.resourceId()));
    }
    List<Task> claimed = engine().claim(request.build());
    assertThat(Tck.ids(claimed)).as("the claim of %s", task.id()).containsExactly(task.id());
    return claimed.get(0);
  }

  /**
   * Asserts that the batch as stored now has {@code counters}, that they equal a recount of its
   * children and that its status follows them (with the default rollup); returns the stored batch.
   */
  default Task assertBatch(Task batch, ChildCounters counters) {
    Task stored = reload(batch);
    assertThat(stored.counters()).as("counters of batch %s", batch.id()).isEqualTo(counters);
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
    return stored;
  }

  /**
   * Sweeps with {@code engine} until a call changes nothing, and returns the sum of the results. On
   * a shared store the sum includes other tests' tasks: assert on it only with {@code >=}.
   */
  default SweepResult sweep(TaskEngine engine) {
    SweepResult sum = SweepResult.NONE;
    for (int call = 0; call < 1_000; call++) {
      SweepResult result = engine.sweepExpired(10_000);
      if (result.total() == 0) {
        return sum;
      }
      sum = sum.plus(result);
    }
    throw new AssertionError("sweepExpired still changed tasks after 1,000 calls: " + sum);
  }

  /**
   * Calls {@code sweepExpired(limit)} until a call changes nothing, and sums the results: a sweeper
   * racing other calls, in small steps.
   */
  default SweepResult sweepWhileDue(TaskEngine engine, int limit) {
    SweepResult sum = SweepResult.NONE;
    for (int call = 0; call < MAX_CALLS; call++) {
      SweepResult result = engine.sweepExpired(limit);
      if (result.total() == 0) {
        return sum;
      }
      sum = sum.plus(result);
    }
    throw new AssertionError("a sweeper still changed tasks after " + MAX_CALLS + " calls");
  }

  /**
   * The threads and clocks of {@link #lateReportsRaceTheSweep}.
   *
   * @param pool at least {@code reporters + sweepers} threads
   * @param random the test's seeded randomness
   * @param children the children of the round's batch (which also has 8 single tasks beside it)
   * @param reporters how many threads report, each a share of the tasks
   * @param sweepers how many threads sweep at once, in small steps
   * @param workerTime the reporters' clock: the round sets it a microsecond before the leases end
   */
  record LateReportRace(
      ExecutorService pool,
      Random random,
      int children,
      int reporters,
      int sweepers,
      MutableClock workerTime) {}

  /**
   * One round of late reports racing the sweep, the body of the contracts that race a holder's
   * reports (one by one, or in bulk) against sweepers: a batch whose children fail when their lease
   * ends, and 8 single tasks that are retried, all claimed; the reporters' clock a microsecond
   * before the leases end, the sweepers' at their end. Each reporter thread gives {@code report} a
   * shuffled share of the tasks while the sweepers sweep. Then every task must have been written
   * exactly once: by its report, which stands, or by the sweep, the report then refused with
   * LEASE_LOST; and the batch must follow its children. The retried singles are finished, so that
   * the next round claims only its own tasks. Returns how many reports won.
   *
   * @param report what a reporter does with its share: the outcome of each task's report, by id
   */
  default int lateReportsRaceTheSweep(
      String where, LateReportRace race, Function<List<Task>, Map<String, Outcome<Task>>> report)
      throws InterruptedException {
    Task batch =
        engine()
            .submitBatch(
                batchSpec(tenant(), race.children()).retryPolicy(RetryPolicy.attempts(1)).build());
    for (int i = 0; i < 8; i++) {
      engine().submit(TaskSpec.builder(tenant(), TYPE).build());
    }
    int total = race.children() + 8;
    List<Task> claimed = claim(total);
    assertThat(claimed).hasSize(total);
    Instant expiry = claimed.get(0).leaseExpiresAt();
    race.workerTime().set(expiry.minusNanos(1_000));
    clock().set(expiry);

    Map<String, Outcome<Task>> reports = new ConcurrentHashMap<>();
    List<Callable<SweepResult>> racers = new ArrayList<>();
    for (int r = 0; r < race.reporters(); r++) {
      List<Task> share = new ArrayList<>();
      for (int i = r; i < claimed.size(); i += race.reporters()) {
        share.add(claimed.get(i));
      }
      Collections.shuffle(share, race.random());
      racers.add(
          () -> {
            reports.putAll(report.apply(share));
            return SweepResult.NONE;
          });
    }
    for (int s = 0; s < race.sweepers(); s++) {
      int limit = 1 + race.random().nextInt(3);
      racers.add(() -> sweepWhileDue(engine(), limit));
    }
    for (Outcome<SweepResult> racer : Tck.race(race.pool(), racers)) {
      if (!racer.succeeded()) {
        throw new AssertionError(where + ": a racer failed", racer.failure());
      }
    }
    sweep();

    int won = 0;
    for (Task task : claimed) {
      Outcome<Task> outcome = reports.get(task.id());
      Task stored = reload(task);
      assertThat(stored.version())
          .as("%s: %s written once, by its report or by the sweep", where, task.id())
          .isEqualTo(task.version() + 1);
      if (outcome.succeeded()) {
        won++;
        assertThat(stored).as("%s: the report stands", where).isEqualTo(outcome.value());
        assertThat(stored.status()).isEqualTo(TaskStatus.SUCCEEDED);
      } else {
        if (!(outcome.failure() instanceof LeaseLostException)) {
          throw new AssertionError(
              where + ": the late report of " + task.id() + " failed unexpectedly",
              outcome.failure());
        }
        if (task.parentId() == null) {
          assertRetried(stored, task, RetryPolicy.DEFAULT, expiry);
        } else {
          assertSweptTo(TaskStatus.FAILED, LEASE_EXPIRED, stored, task, expiry);
        }
      }
    }
    Task stored = reload(batch);
    assertThat(stored.isTerminal()).as("%s: every child finished", where).isTrue();
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);
    clock().set(expiry.plus(RetryPolicy.DEFAULT.initialBackoff()));
    for (Task single : claim(total)) {
      engine().succeed(single.lease(), "second attempt");
    }
    return won;
  }

  /** {@link #sweep(TaskEngine)} with the test's engine. */
  default SweepResult sweep() {
    return sweep(engine());
  }

  /**
   * {@code pending} as a claim by {@code owner} at {@code now} must leave it: RUNNING, leased until
   * {@code now + lease}, the next attempt, started now unless it started before, and its deadline
   * cut to the first start plus its maxRunTime. Every other field as it was.
   */
  static Task claimed(Task pending, String owner, Duration lease, Instant now) {
    Instant startedAt = pending.startedAt() == null ? now : pending.startedAt();
    Instant deadline = pending.deadline();
    if (pending.startedAt() == null && pending.maxRunTime() != null) {
      Instant runOut = now.plus(pending.maxRunTime());
      deadline = deadline == null || runOut.isBefore(deadline) ? runOut : deadline;
    }
    return pending.toBuilder()
        .status(TaskStatus.RUNNING)
        .leaseOwner(owner)
        .leaseExpiresAt(now.plus(lease))
        .attempt(pending.attempt() + 1)
        .startedAt(startedAt)
        .deadline(deadline)
        .updatedAt(now)
        .version(pending.version() + 1)
        .build();
  }

  /**
   * Asserts that the sweep at {@code now} put {@code running} back to PENDING for another attempt:
   * no lease, available again after the policy's backoff (within its jitter bounds), every other
   * field as it was. Returns the retried task.
   */
  static Task assertRetried(Task retried, Task running, RetryPolicy policy, Instant now) {
    int attempt = running.attempt();
    assertThat(retried.availableAt())
        .as("availableAt of %s after attempt %d expired at %s", running.id(), attempt, now)
        .isNotNull()
        .isBetween(
            now.plus(policy.backoff(attempt, 0)),
            now.plus(policy.backoff(attempt, Math.nextDown(1.0))));
    assertThat(retried)
        .as("%s retried after attempt %d", running.id(), attempt)
        .isEqualTo(
            running.toBuilder()
                .status(TaskStatus.PENDING)
                .leaseOwner(null)
                .leaseExpiresAt(null)
                .availableAt(retried.availableAt())
                .updatedAt(now)
                .version(running.version() + 1)
                .build());
    return retried;
  }

  /**
   * Asserts that the sweep at {@code now} finished {@code open} in {@code status} with {@code
   * errorCode} (null for CANCELLED): finished now, the lease's expiry cleared and its owner kept
   * (who held it last), every other field as it was but the error message, which the engine words.
   */
  static void assertSweptTo(
      TaskStatus status, String errorCode, Task swept, Task open, Instant now) {
    assertThat(swept)
        .as("%s swept to %s (%s)", open.id(), status, errorCode)
        .isEqualTo(
            open.toBuilder()
                .status(status)
                .errorCode(errorCode)
                .errorMessage(swept.errorMessage())
                .finishedAt(now)
                .leaseExpiresAt(null)
                .updatedAt(now)
                .version(open.version() + 1)
                .build());
  }

  /** Runs {@code call}, which must be refused with {@link LeaseLostException} for {@code task}. */
  static LeaseLostException expectLeaseLost(Task task, String description, ThrowingCallable call) {
    LeaseLostException lost =
        Tck.expectFailure(LeaseLostException.class, ErrorCode.LEASE_LOST, description, call);
    assertThat(lost.taskId()).as("%s: the task named", description).isEqualTo(task.id());
    return lost;
  }
}
