package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sweep as the store keeps it: an expired lease goes back to PENDING after the policy's backoff
 * while attempts remain (the task's own policy, else the engine's default), then fails with {@code
 * LeaseExpired}; a passed deadline (the spec's, the batch's, or the first start plus maxRunTime)
 * fails the task with {@code DeadlineExceeded} whatever attempts remain; a CANCELLING task becomes
 * CANCELLED. Each move is one write with its batch's counters and status; a second sweep at the
 * same instant changes nothing; a sweep changes no more than its limit. Nothing is due a
 * microsecond before its instant, and everything is due at it.
 */
interface SweepContract extends WorkFixture {

  @Test
  default void anExpiredLeaseIsRetriedAfterItsBackoffThenClaimedAgainAndSucceeds() {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(40));
    Task batch = engine().submitBatch(batchSpec(tenant(), 2).retryPolicy(policy).build());
    List<Task> claimed = claim(2);
    clock().advance(Duration.ofSeconds(20));
    Task alive = engine().heartbeat(claimed.get(0).lease(), LEASE);
    Task dying = claimed.get(1);

    clock().set(dying.leaseExpiresAt().minusNanos(1_000));
    sweep();
    assertThat(reload(dying)).as("a microsecond before its lease ends").isEqualTo(dying);

    Instant expiry = dying.leaseExpiresAt();
    clock().set(expiry);
    SweepResult result = sweep();
    Task retried = WorkFixture.assertRetried(reload(dying), dying, policy, expiry);
    assertThat(result.retried()).isGreaterThanOrEqualTo(1);
    assertThat(reload(alive)).as("a renewed lease").isEqualTo(alive);
    Task batchNow = assertBatch(batch, new ChildCounters(2, 1, 1, 0, 0, 0));

    sweep();
    assertThat(reload(dying)).as("a second sweep at the same instant").isEqualTo(retried);
    assertThat(reload(batch)).isEqualTo(batchNow);

    clock().set(retried.availableAt().minusNanos(1_000));
    assertThat(claim(5)).as("a microsecond before its backoff ends").isEmpty();
    Instant available = retried.availableAt();
    clock().set(available);
    List<Task> again = engine().claim(claimRequest().owner("worker-2").limit(5).build());
    assertThat(again)
        .as("claimed again: the second attempt, still started at the first start")
        .containsExactly(WorkFixture.claimed(retried, "worker-2", LEASE, available));

    clock().advance(Duration.ofSeconds(1));
    engine().succeed(again.get(0).lease(), "second time lucky");
    engine().succeed(alive.lease(), "first time");
    Task done = assertBatch(batch, new ChildCounters(2, 0, 0, 2, 0, 0));
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(reload(dying).attempt()).isEqualTo(2);
  }

  @Test
  default void aRetriedTaskQueuesBehindTasksThatBecameAvailableBeforeIt() {
    Task early = newSingle();
    Task first = claimOnly(early);
    clock().advance(Duration.ofSeconds(1));
    Task later = newSingle();
    clock().set(first.leaseExpiresAt());
    sweep();
    Task retried = reload(early);
    assertThat(retried.availableAt()).isAfter(later.availableAt());

    clock().set(retried.availableAt());
    assertThat(Tck.ids(claim(1)))
        .as("oldest available first, not oldest created")
        .containsExactly(later.id());
    assertThat(Tck.ids(claim(1))).containsExactly(early.id());
  }

  @Test
  default void tasksRetriedTogetherComeBackAtJitteredTimesWithinTheirBackoff() {
    Task batch = newBatch(8);
    List<Task> claimed = claim(8);
    Instant expiry = clock().advance(LEASE);
    sweep();
    Set<Instant> returns = new HashSet<>();
    for (Task task : claimed) {
      returns.add(
          WorkFixture.assertRetried(reload(task), task, RetryPolicy.DEFAULT, expiry).availableAt());
    }
    assertThat(returns).as("eight backoffs with equal jitter").hasSizeGreaterThan(1);
    Task stored = assertBatch(batch, new ChildCounters(8, 8, 0, 0, 0, 0));
    assertThat(stored.status())
        .as("a batch that started stays started")
        .isEqualTo(TaskStatus.RUNNING);
  }

  @Test
  default void expiryFailsTheTaskWithLeaseExpiredOnceItsAttemptsAreSpent() {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(15));
    Task batch = engine().submitBatch(batchSpec(tenant(), 1).retryPolicy(policy).build());
    Task single = engine().submit(TaskSpec.builder(tenant(), TYPE).retryPolicy(policy).build());
    clock().advance(Duration.ofSeconds(1));
    List<Task> running = claim(2);
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(running).hasSize(2);
      Instant expiry = running.get(0).leaseExpiresAt();
      clock().set(expiry);
      sweep();
      List<Task> retried = new ArrayList<>();
      for (Task task : running) {
        assertThat(task.attempt()).isEqualTo(attempt);
        Task swept = reload(task);
        if (attempt < 3) {
          // the second backoff is capped: min(15 s, 10 s * 2)
          retried.add(WorkFixture.assertRetried(swept, task, policy, expiry));
        } else {
          WorkFixture.assertSweptTo(TaskStatus.FAILED, LEASE_EXPIRED, swept, task, expiry);
        }
      }
      if (attempt < 3) {
        retried.sort(CLAIM_ORDER);
        clock().set(retried.get(1).availableAt());
        running = claim(5);
      }
    }
    assertThat(reload(single).status()).isEqualTo(TaskStatus.FAILED);
    sweep();
    assertThat(claim(5)).as("a failed task is never claimed").isEmpty();
    Task stored = assertBatch(batch, new ChildCounters(1, 0, 0, 0, 1, 0));
    assertThat(stored.status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  default void tasksWithoutAPolicyOfTheirOwnFollowTheEnginesDefault() {
    TaskEngine once = engineBuilder().retryPolicy(RetryPolicy.attempts(1)).build();
    Task plain = once.submit(TaskSpec.builder(tenant(), TYPE).build());
    Task own =
        once.submit(TaskSpec.builder(tenant(), TYPE).retryPolicy(RetryPolicy.attempts(2)).build());
    List<Task> claimed = once.claim(claimRequest().limit(2).build());
    Instant expiry = clock().advance(LEASE);
    sweep(once);

    Task failed = once.get(tenant(), plain.id());
    WorkFixture.assertSweptTo(
        TaskStatus.FAILED, LEASE_EXPIRED, failed, find(claimed, plain), expiry);
    Task retried =
        WorkFixture.assertRetried(
            once.get(tenant(), own.id()), find(claimed, own), RetryPolicy.attempts(2), expiry);
    clock().set(retried.availableAt());
    once.succeed(claimOnly(retried).lease(), "second attempt");

    // The suite's engine sets no default, so RetryPolicy.DEFAULT applies: three attempts.
    Task task = newSingle();
    for (int attempt = 1; attempt <= RetryPolicy.DEFAULT.maxAttempts(); attempt++) {
      clock().set(reload(task).availableAt());
      Task running = claimOnly(task);
      clock().set(running.leaseExpiresAt());
      sweep();
      if (attempt < RetryPolicy.DEFAULT.maxAttempts()) {
        WorkFixture.assertRetried(reload(task), running, RetryPolicy.DEFAULT, clock().instant());
      } else {
        WorkFixture.assertSweptTo(
            TaskStatus.FAILED, LEASE_EXPIRED, reload(task), running, clock().instant());
      }
    }
  }

  private static Task find(List<Task> tasks, Task wanted) {
    return tasks.stream()
        .filter(task -> task.id().equals(wanted.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(wanted.id() + " is not in " + Tck.ids(tasks)));
  }

  @Test
  default void aPassedDeadlineFailsPendingAndRunningTasksWhateverAttemptsRemain() {
    Instant deadline = clock().instant().plus(Duration.ofMinutes(10));
    TaskSpec.Builder spec =
        TaskSpec.builder(tenant(), TYPE).deadline(deadline).retryPolicy(RetryPolicy.attempts(5));
    Task renewed = engine().submit(spec.build());
    Task leasedToTheDeadline = engine().submit(spec.build());
    Task retried = engine().submit(spec.build());
    List<Task> claimed = claim(3);
    assertThat(Tck.ids(claimed))
        .containsExactlyInAnyOrder(renewed.id(), leasedToTheDeadline.id(), retried.id());
    clock().advance(Duration.ofSeconds(10));
    engine().heartbeat(find(claimed, renewed).lease(), Duration.ofMinutes(20));
    engine()
        .heartbeat(
            find(claimed, leasedToTheDeadline).lease(),
            Duration.between(clock().instant(), deadline));
    clock().advance(LEASE);
    sweep();
    assertThat(reload(retried).status()).isEqualTo(TaskStatus.PENDING);
    Task pending = engine().submit(spec.build());

    List<Task> open = new ArrayList<>();
    for (Task task : List.of(renewed, leasedToTheDeadline, retried, pending)) {
      open.add(reload(task));
    }
    clock().set(deadline.minusNanos(1_000));
    sweep();
    for (Task task : open) {
      assertThat(reload(task)).as("a microsecond before the deadline").isEqualTo(task);
    }

    clock().set(deadline);
    SweepResult result = sweep();
    assertThat(result.deadlineExceeded()).isGreaterThanOrEqualTo(open.size());
    for (Task task : open) {
      WorkFixture.assertSweptTo(TaskStatus.FAILED, DEADLINE_EXCEEDED, reload(task), task, deadline);
    }
    sweep();
    for (Task task : open) {
      assertThat(reload(task).version()).as("a second sweep").isEqualTo(task.version() + 1);
    }
  }

  @Test
  default void maxRunTimeCountsFromTheFirstStartAcrossRetries() {
    Instant created = clock().instant();
    Task task =
        engine()
            .submit(
                TaskSpec.builder(tenant(), TYPE)
                    .maxRunTime(Duration.ofMinutes(10))
                    .retryPolicy(RetryPolicy.attempts(3))
                    .build());
    Task capped =
        engine()
            .submit(
                TaskSpec.builder(tenant(), TYPE)
                    .maxRunTime(Duration.ofMinutes(10))
                    .deadline(created.plus(Duration.ofMinutes(5)))
                    .build());
    assertThat(task.deadline()).as("no deadline before the task starts").isNull();
    Instant started = clock().advance(Duration.ofMinutes(1));
    List<Task> claimed = claim(2);
    Task first = find(claimed, task);
    assertThat(first.deadline()).isEqualTo(started.plus(Duration.ofMinutes(10)));
    assertThat(find(claimed, capped).deadline())
        .as("the spec's deadline, earlier than start plus maxRunTime")
        .isEqualTo(created.plus(Duration.ofMinutes(5)));
    engine().succeed(find(claimed, capped).lease(), "done");

    clock().set(first.leaseExpiresAt());
    sweep();
    Task retried = reload(task);
    assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
    clock().set(retried.availableAt());
    Task second = claimOnly(task);
    assertThat(second.startedAt()).isEqualTo(started);
    assertThat(second.deadline()).as("not reset by a retry").isEqualTo(first.deadline());
    Task renewed = engine().heartbeat(second.lease(), Duration.ofHours(1));

    clock().set(first.deadline().minusNanos(1_000));
    sweep();
    assertThat(reload(task)).isEqualTo(renewed);
    clock().set(first.deadline());
    sweep();
    WorkFixture.assertSweptTo(
        TaskStatus.FAILED, DEADLINE_EXCEEDED, reload(task), renewed, first.deadline());
  }

  @Test
  default void maxRunTimeCountsFromAStartWithoutAClaimToo() {
    Task task =
        engine().submit(TaskSpec.builder(tenant(), TYPE).maxRunTime(Duration.ofMinutes(3)).build());
    Instant started = clock().advance(Duration.ofSeconds(5));
    Task running = engine().start(tenant(), task.id());
    assertThat(running.deadline()).isEqualTo(started.plus(Duration.ofMinutes(3)));
    assertThat(running.leaseExpiresAt()).as("no claim, no lease").isNull();

    clock().set(running.deadline());
    sweep();
    WorkFixture.assertSweptTo(
        TaskStatus.FAILED, DEADLINE_EXCEEDED, reload(task), running, running.deadline());
  }

  @Test
  default void aBatchsDeadlineFailsEveryOpenChildAddedBeforeOrAfter() {
    Instant deadline = clock().instant().plus(Duration.ofMinutes(5));
    Task batch = engine().submitBatch(batchSpec(tenant(), 3).deadline(deadline).build());
    List<Task> children = childrenByResource(batch);
    clock().advance(Duration.ofSeconds(1));
    Task finished = claimOnly(children.get(0));
    finished = engine().succeed(finished.lease(), "in time");
    Task running = claimOnly(children.get(1));
    running = engine().heartbeat(running.lease(), Duration.ofHours(1));
    clock().advance(Duration.ofSeconds(1));
    Task added = engine().addChildren(tenant(), batch.id(), List.of(ChildSpec.of("late"))).get(0);
    assertThat(added.deadline()).isEqualTo(deadline);
    List<Task> open = List.of(running, reload(children.get(2)), added);

    clock().set(deadline);
    sweep();

    for (Task task : open) {
      WorkFixture.assertSweptTo(TaskStatus.FAILED, DEADLINE_EXCEEDED, reload(task), task, deadline);
    }
    assertThat(reload(finished)).as("a child that finished in time").isEqualTo(finished);
    Task stored = assertBatch(batch, new ChildCounters(4, 0, 0, 1, 3, 0));
    assertThat(stored.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(stored.finishedAt()).isEqualTo(deadline);
  }

  @Test
  default void aCancellingTaskWhoseLeaseExpiresOrDeadlinePassesIsCancelled() {
    Task batch = newBatch(3);
    List<Task> claimed = claim(2);
    engine().cancel(tenant(), batch.id());
    clock().advance(Duration.ofSeconds(10));
    Task stopping = engine().heartbeat(claimed.get(1).lease(), Duration.ofMinutes(5));
    assertThat(stopping.status()).isEqualTo(TaskStatus.CANCELLING);
    Task abandoned = reload(claimed.get(0));
    assertThat(abandoned.status()).isEqualTo(TaskStatus.CANCELLING);

    clock().set(abandoned.leaseExpiresAt());
    sweep();
    WorkFixture.assertSweptTo(
        TaskStatus.CANCELLED, null, reload(abandoned), abandoned, abandoned.leaseExpiresAt());
    assertThat(reload(stopping)).isEqualTo(stopping);
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.CANCELLING);
    engine().confirmCancelled(stopping.lease());
    Task stored = assertBatch(batch, new ChildCounters(3, 0, 0, 0, 0, 3));
    assertThat(stored.status()).isEqualTo(TaskStatus.CANCELLED);

    Instant deadline = clock().instant().plus(Duration.ofMinutes(1));
    Task single = engine().submit(TaskSpec.builder(tenant(), TYPE).deadline(deadline).build());
    Task leased = claimOnly(single);
    engine().cancel(tenant(), single.id());
    Task cancelling = engine().heartbeat(leased.lease(), Duration.ofHours(1));
    clock().set(deadline);
    sweep();
    WorkFixture.assertSweptTo(TaskStatus.CANCELLED, null, reload(single), cancelling, deadline);
  }

  @Test
  default void aSweepChangesNoMoreTasksThanItsLimit() {
    for (int i = 0; i < 5; i++) {
      engine()
          .submit(TaskSpec.builder(tenant(), TYPE).retryPolicy(RetryPolicy.attempts(1)).build());
    }
    List<Task> claimed = claim(5);
    clock().advance(LEASE);

    assertThat(engine().sweepExpired(2).total())
        .as("at least five tasks are due, and the limit is two")
        .isEqualTo(2);
    assertThat(engine().sweepExpired(1).total()).isEqualTo(1);
    sweep();
    for (Task task : claimed) {
      WorkFixture.assertSweptTo(
          TaskStatus.FAILED, LEASE_EXPIRED, reload(task), task, clock().instant());
    }
  }
}
