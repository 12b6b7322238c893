package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Lease;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeldTasksTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  private static Task leased(String id, String owner, int attempt) {
    return TaskStates.created(id, "tenant-a", Level.INSTANCE, "Reboot", NOW)
        .status(TaskStatus.RUNNING)
        .attempt(attempt)
        .leaseOwner(owner)
        .leaseExpiresAt(NOW.plusSeconds(30))
        .version(2)
        .build();
  }

  @Test
  void aLeasedTaskIsHeldUnderItsOwnLeaseOnly() {
    HeldTasks held = new HeldTasks();
    Task task = leased("t-1", "worker-1", 1);
    held.saw(task);

    assertThat(held.held(task.lease())).contains(task);
    assertThat(held.held(new Lease("tenant-a", "t-1", "worker-2", 1))).isEmpty();
    assertThat(held.held(new Lease("tenant-a", "t-1", "worker-1", 2))).isEmpty();
    assertThat(held.held(new Lease("tenant-b", "t-1", "worker-1", 1))).isEmpty();
    assertThat(held.held(new Lease("tenant-a", "t-2", "worker-1", 1))).isEmpty();
  }

  @Test
  void aTaskNoLongerLeasedIsForgotten() {
    HeldTasks held = new HeldTasks();
    Task task = leased("t-1", "worker-1", 1);
    held.saw(task);
    Task finished =
        task.toBuilder().status(TaskStatus.SUCCEEDED).leaseExpiresAt(null).version(3).build();
    held.saw(finished);
    assertThat(held.held(task.lease())).isEmpty();
    assertThat(held.size()).isZero();

    held.saw(task);
    held.saw(task.toBuilder().status(TaskStatus.PENDING).leaseExpiresAt(null).build());
    assertThat(held.size()).as("a retried task, back to PENDING").isZero();
  }

  @Test
  void theNewestSightingReplacesTheOlder() {
    HeldTasks held = new HeldTasks();
    Task task = leased("t-1", "worker-1", 1);
    held.saw(task);
    Task renewed = task.toBuilder().leaseExpiresAt(NOW.plusSeconds(60)).version(3).build();
    held.saw(renewed);
    assertThat(held.held(task.lease())).contains(renewed);
    assertThat(held.size()).isEqualTo(1);
  }

  @Test
  void tasksWithLongTextsAreNotKept() {
    HeldTasks held = new HeldTasks();
    Task small = leased("t-1", "worker-1", 1).toBuilder().param("x".repeat(1_000)).build();
    Task large =
        leased("t-2", "worker-1", 1).toBuilder()
            .param("x".repeat(1_000))
            .result("y".repeat(HeldTasks.MAX_TEXT_CHARS - 999))
            .build();
    held.saw(small);
    held.saw(large);
    assertThat(held.held(small.lease())).contains(small);
    assertThat(held.held(large.lease())).isEmpty();
  }

  @Test
  void theOldestAreDroppedBeyondTheCapacity() {
    HeldTasks held = new HeldTasks();
    for (int i = 0; i <= HeldTasks.CAPACITY; i++) {
      held.saw(leased("t-" + i, "worker-1", 1));
    }
    assertThat(held.size()).isEqualTo(HeldTasks.CAPACITY);
    assertThat(held.held(new Lease("tenant-a", "t-0", "worker-1", 1))).isEmpty();
    assertThat(held.held(new Lease("tenant-a", "t-1", "worker-1", 1))).isPresent();
    assertThat(held.held(new Lease("tenant-a", "t-" + HeldTasks.CAPACITY, "worker-1", 1)))
        .isPresent();
  }
}
