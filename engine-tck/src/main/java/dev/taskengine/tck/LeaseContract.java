package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Lease;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Leases as the store keeps them: the holder renews its lease by heartbeat (and records progress)
 * and finishes its task; a lease that names another owner or attempt, or that has expired, is
 * refused with {@code LEASE_LOST} and writes nothing, so that a worker presumed dead cannot
 * overwrite a task that was retried, re-claimed or failed meanwhile. A finished task keeps the
 * owner who finished it and holds no lease any more.
 */
interface LeaseContract extends WorkFixture {

  @Test
  default void heartbeatExtendsTheLeaseAndRecordsProgress() {
    Task batch = newBatch(1);
    Task claimed = claimOnly(childrenOf(batch).get(0));
    Task batchClaimed = reload(batch);
    Lease lease = claimed.lease();

    Instant first = clock().advance(Duration.ofSeconds(20));
    Task renewed = engine().heartbeat(lease, Duration.ofMinutes(1));
    assertThat(renewed)
        .isEqualTo(
            claimed.toBuilder()
                .leaseExpiresAt(first.plus(Duration.ofMinutes(1)))
                .updatedAt(first)
                .version(claimed.version() + 1)
                .build());
    assertThat(reload(claimed)).isEqualTo(renewed);

    Instant second = clock().advance(Duration.ofSeconds(50));
    Task progressed = engine().heartbeat(lease, Duration.ofMinutes(1), "40%");
    assertThat(progressed)
        .isEqualTo(
            renewed.toBuilder()
                .result("40%")
                .leaseExpiresAt(second.plus(Duration.ofMinutes(1)))
                .updatedAt(second)
                .version(renewed.version() + 1)
                .build());
    assertThat(reload(claimed)).isEqualTo(progressed);
    assertThat(reload(batch)).as("a heartbeat leaves the batch alone").isEqualTo(batchClaimed);

    clock().set(second.plus(Duration.ofMinutes(1)).minusNanos(1_000));
    sweep();
    assertThat(reload(claimed))
        .as("a renewed lease, a microsecond before it ends, is not due")
        .isEqualTo(progressed);
  }

  @Test
  default void heartbeatOfACancellingTaskTellsTheWorkerToStop() {
    Task batch = newBatch(2);
    List<Task> claimed = claim(2);
    Task cancelling = engine().cancel(tenant(), claimed.get(0).id());
    assertThat(cancelling.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancelling.leaseOwner()).as("a cancel keeps the lease").isEqualTo(OWNER);
    assertThat(cancelling.leaseExpiresAt()).isEqualTo(claimed.get(0).leaseExpiresAt());

    Instant now = clock().advance(Duration.ofSeconds(10));
    Task renewed = engine().heartbeat(claimed.get(0).lease(), LEASE, "stopping");
    assertThat(renewed.status())
        .as("what the heartbeat tells the worker")
        .isEqualTo(TaskStatus.CANCELLING);
    assertThat(renewed.leaseExpiresAt()).isEqualTo(now.plus(LEASE));
    assertThat(renewed.result()).isEqualTo("stopping");

    Instant done = clock().advance(Duration.ofSeconds(1));
    Task cancelled = engine().confirmCancelled(claimed.get(0).lease());
    assertThat(cancelled)
        .isEqualTo(
            renewed.toBuilder()
                .status(TaskStatus.CANCELLED)
                .leaseExpiresAt(null)
                .finishedAt(done)
                .updatedAt(done)
                .version(renewed.version() + 1)
                .build());
    assertThat(reload(cancelled)).isEqualTo(cancelled);
    Task succeeded = engine().succeed(claimed.get(1).lease(), "done");
    assertThat(succeeded.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertBatch(batch, new ChildCounters(2, 0, 0, 1, 0, 1));
  }

  @Test
  default void theHolderFinishesItsTaskAndARepeatedReportChangesNothing() {
    Task batch = newBatch(3);
    List<Task> claimed = claim(3);
    Instant now = clock().advance(Duration.ofSeconds(10));

    Task succeeded = engine().succeed(claimed.get(0).lease(), "ok");
    assertThat(succeeded)
        .isEqualTo(
            claimed.get(0).toBuilder()
                .status(TaskStatus.SUCCEEDED)
                .result("ok")
                .leaseExpiresAt(null)
                .finishedAt(now)
                .updatedAt(now)
                .version(claimed.get(0).version() + 1)
                .build());
    Task failed = engine().fail(claimed.get(1).lease(), "PHONE_GONE", "the phone did not answer");
    assertThat(failed)
        .isEqualTo(
            claimed.get(1).toBuilder()
                .status(TaskStatus.FAILED)
                .errorCode("PHONE_GONE")
                .errorMessage("the phone did not answer")
                .leaseExpiresAt(null)
                .finishedAt(now)
                .updatedAt(now)
                .version(claimed.get(1).version() + 1)
                .build());
    Task batchNow = reload(batch);

    assertThat(engine().succeed(claimed.get(0).lease(), "ok")).isEqualTo(succeeded);
    assertThat(engine().fail(claimed.get(1).lease(), "PHONE_GONE", "the phone did not answer"))
        .isEqualTo(failed);
    clock().advance(LEASE.multipliedBy(10));
    assertThat(engine().succeed(claimed.get(0).lease(), "ok"))
        .as("the same report, long after the lease would have ended")
        .isEqualTo(succeeded);
    sweep();
    assertThat(reload(succeeded)).as("a finished task is never due").isEqualTo(succeeded);
    assertThat(reload(failed)).isEqualTo(failed);
    assertThat(reload(claimed.get(2)).status())
        .as("the third, whose lease expired, is retried")
        .isEqualTo(TaskStatus.PENDING);
    assertThat(batchNow.counters()).isEqualTo(new ChildCounters(3, 0, 1, 1, 1, 0));
    assertBatch(batch, new ChildCounters(3, 1, 0, 1, 1, 0));
  }

  @Test
  default void reportsWithoutALeaseFinishTheTaskAndEndItsLease() {
    for (int i = 0; i < 3; i++) {
      newSingle();
    }
    List<Task> claimed = claim(3);
    Instant now = clock().advance(Duration.ofSeconds(1));

    Task succeeded = engine().succeed(tenant(), claimed.get(0).id(), "by the operator");
    Task failed = engine().fail(tenant(), claimed.get(1).id(), "E", "by the operator");
    Task cancelling = engine().cancel(tenant(), claimed.get(2).id());

    for (Task finished : List.of(succeeded, failed)) {
      assertThat(finished.leaseExpiresAt()).as("a finished task holds no lease").isNull();
      assertThat(finished.leaseOwner()).as("who held it last").isEqualTo(OWNER);
      assertThat(finished.finishedAt()).isEqualTo(now);
    }
    assertThat(cancelling.leaseExpiresAt())
        .as("a cancel leaves the worker its lease, to confirm or finish")
        .isEqualTo(claimed.get(2).leaseExpiresAt());
    clock().advance(LEASE.multipliedBy(2));
    sweep();
    assertThat(reload(succeeded)).isEqualTo(succeeded);
    assertThat(reload(failed)).isEqualTo(failed);
    assertThat(reload(cancelling).status())
        .as("a cancelling task whose lease expired")
        .isEqualTo(TaskStatus.CANCELLED);
  }

  /** Every lease-checked call, each of which must be refused for a lease that is not held. */
  private Map<String, ThrowingCallable> leaseCalls(TaskEngine engine, Lease lease) {
    return Map.of(
        "heartbeat", () -> engine.heartbeat(lease, LEASE),
        "heartbeat with progress", () -> engine.heartbeat(lease, LEASE, "50%"),
        "succeed", () -> engine.succeed(lease, "zombie result"),
        "fail", () -> engine.fail(lease, "ZOMBIE", "zombie failure"),
        "confirmCancelled", () -> engine.confirmCancelled(lease));
  }

  /** Asserts every lease-checked call with {@code lease} is refused and writes nothing. */
  private void assertRefused(String why, Task task, Lease lease) {
    Task before = reload(task);
    Task parentBefore = task.parentId() == null ? null : engine().get(tenant(), task.parentId());
    leaseCalls(engine(), lease)
        .forEach(
            (call, callable) -> WorkFixture.expectLeaseLost(task, why + ": " + call, callable));
    assertThat(reload(task)).as("%s: the task after every refused call", why).isEqualTo(before);
    if (parentBefore != null) {
      assertThat(engine().get(tenant(), task.parentId()))
          .as("%s: the batch", why)
          .isEqualTo(parentBefore);
    }
  }

  @Test
  default void aLeaseOfAnotherOwnerOrAttemptIsRefusedAndWritesNothing() {
    Task batch = newBatch(1);
    Task claimed = claimOnly(childrenOf(batch).get(0));
    clock().advance(Duration.ofSeconds(1));

    assertRefused("another owner", claimed, new Lease(tenant(), claimed.id(), "intruder", 1));
    assertRefused("a later attempt", claimed, new Lease(tenant(), claimed.id(), OWNER, 2));
    Tck.expectNotFound(
        "a lease naming another tenant",
        () -> engine().succeed(new Lease(otherTenant(), claimed.id(), OWNER, 1), "foreign"));
    assertThat(reload(claimed)).isEqualTo(claimed);

    assertThat(engine().succeed(claimed.lease(), "the holder").status())
        .isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  default void aLeaseIsRefusedFromTheInstantItExpiresEvenBeforeASweep() {
    Task claimed = claimOnly(newSingle());
    Lease lease = claimed.lease();

    clock().set(claimed.leaseExpiresAt().minusNanos(1_000));
    Task renewed = engine().heartbeat(lease, LEASE);
    assertThat(renewed.leaseExpiresAt()).isEqualTo(clock().instant().plus(LEASE));

    clock().set(renewed.leaseExpiresAt());
    assertRefused("an expired lease", claimed, lease);

    Task never = claimOnly(newSingle());
    clock().advance(LEASE.multipliedBy(3));
    assertRefused("a lease long expired", never, never.lease());
  }

  @Test
  default void aWorkerPresumedDeadCannotOverwriteItsRetriedTask() {
    Task batch =
        engine().submitBatch(batchSpec(tenant(), 1).retryPolicy(RetryPolicy.attempts(3)).build());
    Task first = claimOnly(childrenOf(batch).get(0));
    clock().set(first.leaseExpiresAt());
    sweep();
    Task retried = reload(first);
    assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
    assertRefused("a retried task, not yet claimed again", retried, first.lease());

    clock().set(retried.availableAt());
    // The same owner name claims it again: only the attempt tells the two leases apart.
    Task second = claimOnly(retried);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.leaseOwner()).isEqualTo(first.leaseOwner());
    assertRefused("a task claimed again", second, first.lease());

    Task done = engine().succeed(second.lease(), "second attempt");
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertRefused("a task another attempt finished", done, first.lease());
    assertBatch(batch, new ChildCounters(1, 0, 0, 1, 0, 0));
  }

  @Test
  default void aWorkerPresumedDeadCannotOverwriteTheSweepsFailure() {
    Task expiring =
        engine()
            .submit(TaskSpec.builder(tenant(), TYPE).retryPolicy(RetryPolicy.attempts(1)).build());
    Task late =
        engine()
            .submit(
                TaskSpec.builder(tenant(), TYPE)
                    .deadline(clock().instant().plus(Duration.ofMinutes(1)))
                    .build());
    List<Task> claimed = claim(2);
    Instant now = clock().advance(Duration.ofMinutes(1));
    sweep();

    Task leaseExpired = reload(expiring);
    Task deadlineExceeded = reload(late);
    assertThat(leaseExpired.errorCode()).isEqualTo(LEASE_EXPIRED);
    assertThat(deadlineExceeded.errorCode()).isEqualTo(DEADLINE_EXCEEDED);
    assertThat(deadlineExceeded.finishedAt()).isEqualTo(now);
    for (Task task : claimed) {
      assertRefused("a task the sweep failed", task, task.lease());
    }
  }

  // An engine remembers the leased tasks it wrote and starts a holder's call from that copy; these
  // change the task through another engine on the same store in between, so the copy is out of
  // date, and the outcome must be the one the stored task gives.

  @Test
  default void aLeaseAnotherEngineRenewedStillHoldsForTheEngineThatClaimed() {
    Task batch = newBatch(1);
    Task claimed = claimOnly(childrenOf(batch).get(0));
    TaskEngine otherNode = engineBuilder().build();

    clock().advance(LEASE.dividedBy(2));
    Task renewed = otherNode.heartbeat(claimed.lease(), LEASE.multipliedBy(2), "halfway");
    Instant afterFirstLease = claimed.leaseExpiresAt().plusSeconds(1);
    clock().set(afterFirstLease);
    assertThat(afterFirstLease).isBefore(renewed.leaseExpiresAt());

    Task again = engine().heartbeat(claimed.lease(), LEASE);
    assertThat(again.leaseExpiresAt()).isEqualTo(afterFirstLease.plus(LEASE));
    assertThat(again.result()).as("the other engine's progress").isEqualTo("halfway");
    assertThat(again.version()).isEqualTo(renewed.version() + 1);

    otherNode.heartbeat(claimed.lease(), LEASE, "three quarters");
    Task done = engine().succeed(claimed.lease(), "done");
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.result()).isEqualTo("done");
    assertThat(done.version())
        .as("after a heartbeat of each, the report")
        .isEqualTo(again.version() + 2);
    assertThat(reload(claimed)).isEqualTo(done);
    assertBatch(batch, new ChildCounters(1, 0, 0, 1, 0, 0));
  }

  @Test
  default void aLeaseAnotherEngineSweptAndClaimedAgainIsLostToTheEngineThatClaimedFirst() {
    Task batch =
        engine().submitBatch(batchSpec(tenant(), 1).retryPolicy(RetryPolicy.attempts(3)).build());
    Task first = claimOnly(childrenOf(batch).get(0));
    TaskEngine otherNode = engineBuilder().build();
    clock().set(first.leaseExpiresAt());
    sweep(otherNode);
    clock().set(otherNode.get(tenant(), first.id()).availableAt());
    Task second =
        otherNode
            .claim(claimRequest().owner("worker-2").resourceIds(List.of("r-1")).build())
            .get(0);
    assertThat(second.attempt()).isEqualTo(2);

    assertRefused("a lease the other engine's sweep ended", second, first.lease());
    assertThat(engine().succeed(second.lease(), "second attempt").status())
        .as("the new holder, reporting through the first engine")
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertBatch(batch, new ChildCounters(1, 0, 0, 1, 0, 0));
  }

  @Test
  default void aCancelThroughAnotherEngineIsConfirmedThroughTheEngineThatClaimed() {
    Task batch = newBatch(2);
    List<Task> claimed = claim(2);
    TaskEngine otherNode = engineBuilder().build();
    assertThat(otherNode.cancel(tenant(), batch.id()).status()).isEqualTo(TaskStatus.CANCELLING);

    Task stopping = engine().heartbeat(claimed.get(0).lease(), LEASE);
    assertThat(stopping.status())
        .as("what the heartbeat tells the worker")
        .isEqualTo(TaskStatus.CANCELLING);
    assertThat(engine().confirmCancelled(claimed.get(0).lease()).status())
        .isEqualTo(TaskStatus.CANCELLED);
    assertThat(engine().confirmCancelled(claimed.get(1).lease()).status())
        .as("a worker that learnt of the cancel elsewhere, without a heartbeat")
        .isEqualTo(TaskStatus.CANCELLED);
    assertBatch(batch, new ChildCounters(2, 0, 0, 0, 0, 2));
  }
}
