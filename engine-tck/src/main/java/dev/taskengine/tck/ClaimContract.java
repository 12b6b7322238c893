package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claims as the store keeps them: a claim moves the oldest available PENDING instance tasks that
 * match its filters to RUNNING under a lease, and their batches' counters and status with them, in
 * one call; it takes no more than its limit, never a batch, never a task of another tenant (unless
 * it spans all tenants), and nothing that is not PENDING. New tasks carry the work fields their
 * specs gave them. Which claims are valid (lease length, limit, filter sizes) is the engine's rule,
 * tested in engine-core.
 */
interface ClaimContract extends WorkFixture {

  @Test
  default void newTasksAreAvailableFromCreationAndKeepTheWorkFieldsOfTheirSpecs() {
    Instant deadline = clock().instant().plus(Duration.ofHours(2));
    Duration maxRunTime = Duration.ofMinutes(15).plusNanos(123_000);
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(40));

    Task plain = newSingle();
    assertThat(plain.availableAt()).as("availableAt of a new task").isEqualTo(plain.createdAt());
    assertThat(plain.attempt()).isZero();
    assertThat(plain.leaseOwner()).isNull();
    assertThat(plain.leaseExpiresAt()).isNull();
    assertThat(plain.deadline()).isNull();
    assertThat(plain.maxRunTime()).isNull();
    assertThat(plain.retryPolicy()).as("no policy of its own: the engine's applies").isNull();
    assertThat(reload(plain)).isEqualTo(plain);

    clock().advance(Duration.ofSeconds(1));
    Task governed =
        engine()
            .submit(
                TaskSpec.builder(tenant(), TYPE)
                    .deadline(deadline)
                    .maxRunTime(maxRunTime)
                    .retryPolicy(policy)
                    .build());
    assertThat(governed.availableAt()).isEqualTo(governed.createdAt());
    assertThat(governed.deadline()).isEqualTo(deadline);
    assertThat(governed.maxRunTime()).isEqualTo(maxRunTime);
    assertThat(governed.retryPolicy()).isEqualTo(policy);
    assertThat(reload(governed)).isEqualTo(governed);

    clock().advance(Duration.ofSeconds(1));
    Task batch =
        engine()
            .submitBatch(
                batchSpec(tenant(), 2)
                    .deadline(deadline)
                    .maxRunTime(maxRunTime)
                    .retryPolicy(policy)
                    .build());
    assertThat(batch.availableAt()).as("a batch is never claimed").isNull();
    clock().advance(Duration.ofSeconds(1));
    List<Task> added = engine().addChildren(tenant(), batch.id(), List.of(ChildSpec.of("late")));
    List<Task> children = childrenOf(batch);
    assertThat(children).hasSize(3);
    for (Task child : children) {
      assertThat(child.availableAt()).as("availableAt of a child").isEqualTo(child.createdAt());
      assertThat(child.attempt()).isZero();
      assertThat(child.deadline()).as("the batch's deadline").isEqualTo(deadline);
      assertThat(child.maxRunTime()).as("the batch's maxRunTime").isEqualTo(maxRunTime);
      assertThat(child.retryPolicy()).as("the batch's retry policy").isEqualTo(policy);
    }
    assertThat(added.get(0).createdAt()).isEqualTo(clock().instant());
    assertThat(reload(added.get(0))).isEqualTo(added.get(0));
  }

  @Test
  default void workFieldsFinerThanMicrosecondsAreCutToThemAndReadBackAsReturned() {
    Instant deadline = clock().instant().plus(Duration.ofHours(1)).plusNanos(123_456_789);
    Task task =
        engine()
            .submit(
                TaskSpec.builder(tenant(), TYPE)
                    .deadline(deadline)
                    .maxRunTime(Duration.ofSeconds(30).plusNanos(999))
                    .retryPolicy(
                        new RetryPolicy(
                            2, Duration.ofNanos(1_500), Duration.ofMillis(1).plusNanos(1)))
                    .build());
    assertThat(task.deadline()).isEqualTo(deadline.truncatedTo(ChronoUnit.MICROS));
    assertThat(task.maxRunTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(task.retryPolicy())
        .isEqualTo(new RetryPolicy(2, Duration.ofNanos(1_000), Duration.ofMillis(1)));
    assertThat(reload(task)).as("as every store keeps it").isEqualTo(task);
  }

  @Test
  default void claimMovesTheOldestTasksToRunningUnderALeaseWithTheirBatch() {
    List<Task> singles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      singles.add(newSingle());
      clock().advance(Duration.ofSeconds(1));
    }
    Task batch = newBatch(3);
    List<Task> children = new ArrayList<>(childrenOf(batch));
    children.sort(CLAIM_ORDER);
    Task batchBefore = reload(batch);
    Instant now = clock().advance(Duration.ofMinutes(1));

    List<Task> first = claim(2);

    assertThat(first)
        .as("the two oldest, leased to the owner")
        .containsExactly(
            WorkFixture.claimed(singles.get(0), OWNER, LEASE, now),
            WorkFixture.claimed(singles.get(1), OWNER, LEASE, now));
    for (Task task : first) {
      assertThat(reload(task)).isEqualTo(task);
      assertThat(task.lease().attempt()).isEqualTo(1);
    }

    Instant later = clock().advance(Duration.ofSeconds(5));
    List<Task> rest = claim(10);

    List<Task> expected = new ArrayList<>();
    expected.add(WorkFixture.claimed(singles.get(2), OWNER, LEASE, later));
    for (Task child : children) {
      expected.add(WorkFixture.claimed(child, OWNER, LEASE, later));
    }
    assertThat(rest).as("the rest, oldest first, never the batch").isEqualTo(expected);
    Task stored = reload(batch);
    assertThat(stored.counters()).isEqualTo(new ChildCounters(3, 0, 3, 0, 0, 0));
    assertThat(stored.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(stored.startedAt()).isEqualTo(later);
    assertThat(stored.updatedAt()).isEqualTo(later);
    assertThat(stored.version())
        .as("one batch write for three children claimed at once")
        .isEqualTo(batchBefore.version() + 1);
    assertThat(stored.leaseOwner()).as("a batch holds no lease").isNull();
    Tck.assertBatchFollowsChildren(stored, childrenOf(batch), RollupPolicy.DEFAULT);

    assertThat(claim(10)).as("nothing left to claim").isEmpty();
  }

  @Test
  default void claimTakesOnlyPendingInstanceTasksUpToItsLimit() {
    assertThat(claim(5)).as("a tenant with no tasks").isEmpty();

    Task cancelled = engine().cancel(tenant(), newSingle().id());
    Task failed = engine().fail(tenant(), newSingle().id(), "E", "gave up");
    Task started = engine().start(tenant(), newSingle().id());
    Task cancelledBatch = newBatch(2);
    engine().cancel(tenant(), cancelledBatch.id());
    assertThat(claim(5)).as("no task is PENDING").isEmpty();
    assertThat(reload(started)).isEqualTo(started);
    assertThat(reload(cancelled)).isEqualTo(cancelled);
    assertThat(reload(failed)).isEqualTo(failed);

    clock().advance(Duration.ofSeconds(1));
    Task batch = newBatch(3);
    Task single = newSingle();
    clock().advance(Duration.ofSeconds(1));

    List<Task> two = claim(2);
    List<Task> next = claim(2);
    List<Task> last = claim(2);

    assertThat(two).hasSize(2);
    assertThat(next).hasSize(2);
    assertThat(last).as("nothing is left").isEmpty();
    List<String> claimed = new ArrayList<>(Tck.ids(two));
    claimed.addAll(Tck.ids(next));
    List<String> claimable = new ArrayList<>(Tck.ids(childrenOf(batch)));
    claimable.add(single.id());
    assertThat(claimed)
        .as("the batch's three children and the single, each once, never the batch")
        .containsExactlyInAnyOrderElementsOf(claimable);
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(reload(started)).as("a task started without a claim").isEqualTo(started);
  }

  /** The ids of {@code tasks} in the order a claim takes them. */
  private static List<String> inClaimOrder(Task... tasks) {
    List<Task> sorted = new ArrayList<>(List.of(tasks));
    sorted.sort(CLAIM_ORDER);
    return Tck.ids(sorted);
  }

  @Test
  default void claimFiltersByTenantTypeAndResource() {
    Task foreign = engine().submit(TaskSpec.builder(otherTenant(), TYPE).build());
    clock().advance(Duration.ofSeconds(1));
    Task typeA = engine().submit(TaskSpec.builder(tenant(), "TypeA").resourceId("res-1").build());
    Task typeB = engine().submit(TaskSpec.builder(tenant(), "TypeB").resourceId("res-2").build());
    Task typeC = engine().submit(TaskSpec.builder(tenant(), "TypeC").resourceId("res-1").build());
    Task batch = engine().submitBatch(batchSpec(tenant(), 3).build());
    List<Task> children = childrenByResource(batch);
    Task noResource = newSingle();
    clock().advance(Duration.ofSeconds(1));

    assertThat(Tck.ids(engine().claim(claimRequest().types("TypeB", "Nothing").limit(10).build())))
        .as("one type of two asked for")
        .containsExactly(typeB.id());
    assertThat(
            Tck.ids(
                engine()
                    .claim(
                        claimRequest()
                            .resourceIds(List.of("res-1", "r-2", "res-9"))
                            .types("TypeA", TYPE)
                            .limit(10)
                            .build())))
        .as("resources and types together")
        .isEqualTo(inClaimOrder(typeA, children.get(1)));
    assertThat(
            Tck.ids(
                engine()
                    .claim(claimRequest().resourceIds(List.of("res-1", "r-3")).limit(10).build())))
        .as("resources of any type")
        .isEqualTo(inClaimOrder(typeC, children.get(2)));
    assertThat(Tck.ids(claim(10)))
        .as("the tenant's last tasks; never the other tenant's, however old")
        .isEqualTo(inClaimOrder(children.get(0), noResource));
    assertThat(reload(foreign)).isEqualTo(foreign);
    assertThat(
            engine().claim(ClaimRequest.forTenant(otherTenant()).owner(OWNER).lease(LEASE).build()))
        .extracting(Task::id)
        .containsExactly(foreign.id());
  }

  @Test
  default void claimAcrossAllTenantsTakesEveryTenantsTasksOfTheType() {
    String type = workType();
    Task mine = engine().submit(TaskSpec.builder(tenant(), type).build());
    clock().advance(Duration.ofSeconds(1));
    Task theirs = engine().submit(TaskSpec.builder(otherTenant(), type).build());
    Task otherType = engine().submit(TaskSpec.builder(otherTenant(), TYPE).build());
    Task theirBatch =
        engine().submitBatch(BatchSpec.builder(otherTenant(), type).child("x").build());
    Task child = childrenOf(theirBatch).get(0);
    Instant now = clock().advance(Duration.ofSeconds(1));
    ClaimRequest everyTenant =
        ClaimRequest.allTenants()
            .owner("provider-agent")
            .lease(LEASE)
            .types(type)
            .limit(10)
            .build();

    List<Task> claimed = engine().claim(everyTenant);

    List<Task> expected = new ArrayList<>();
    for (Task task : List.of(mine, theirs, child)) {
      expected.add(WorkFixture.claimed(task, "provider-agent", LEASE, now));
    }
    expected.sort(CLAIM_ORDER);
    assertThat(claimed).as("every tenant's tasks of the type, oldest first").isEqualTo(expected);
    assertThat(reload(otherType)).as("a task of another type").isEqualTo(otherType);
    assertThat(reload(theirBatch).counters()).isEqualTo(new ChildCounters(1, 0, 1, 0, 0, 0));
    assertThat(engine().claim(everyTenant)).isEmpty();
  }
}
