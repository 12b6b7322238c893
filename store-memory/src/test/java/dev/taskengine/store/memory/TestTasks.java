package dev.taskengine.store.memory;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchRollup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built tasks and a rollup with the engine's documented rules, for driving the SPI. */
final class TestTasks {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The rollup rules of docs/engine.md, so the store is tested the way the engine drives it. */
  static final BatchRollup ROLLUP =
      (batch, now) -> {
        if (batch.isTerminal()) {
          return batch;
        }
        ChildCounters counters = batch.counters();
        if (counters.allTerminal()) {
          return withLifecycle(
              batch, RollupPolicy.DEFAULT.finalStatus(counters), batch.startedAt(), now);
        }
        if (batch.status() == TaskStatus.CANCELLING) {
          return batch;
        }
        if (counters.pending() < counters.total()) {
          return withLifecycle(
              batch,
              TaskStatus.RUNNING,
              batch.startedAt() == null ? now : batch.startedAt(),
              batch.finishedAt());
        }
        return withLifecycle(batch, TaskStatus.PENDING, batch.startedAt(), batch.finishedAt());
      };

  private TestTasks() {}

  static Instant at(long micros) {
    return T0.plusNanos(micros * 1000);
  }

  static Task single(String tenant, String id, Instant createdAt) {
    return pending(tenant, id, createdAt)
        .level(Level.INSTANCE)
        .resourceId("res-" + id)
        .resourceName("name-" + id)
        .build();
  }

  static Task batch(String tenant, String id, Instant createdAt, int children) {
    return pending(tenant, id, createdAt)
        .level(Level.BATCH)
        .counters(new ChildCounters(children, children, 0, 0, 0, 0))
        .build();
  }

  /** What {@link #single} and {@link #batch} share: a new PENDING "Restart" by alice. */
  private static Task.Builder pending(String tenant, String id, Instant createdAt) {
    return Task.builder()
        .id(id)
        .tenant(tenant)
        .type("Restart")
        .status(TaskStatus.PENDING)
        .invokeId("inv-" + id)
        .operator("alice")
        .createdAt(createdAt)
        .updatedAt(createdAt);
  }

  static Task child(Task batch, String id, Instant createdAt) {
    return Task.builder()
        .id(id)
        .tenant(batch.tenant())
        .parentId(batch.id())
        .level(Level.INSTANCE)
        .type(batch.type())
        .status(TaskStatus.PENDING)
        .invokeId(batch.invokeId())
        .resourceId("res-" + id)
        .resourceName("name-" + id)
        .operator(batch.operator())
        .cancellable(batch.cancellable())
        .createdAt(createdAt)
        .updatedAt(createdAt)
        .build();
  }

  /** {@code count} children of {@code batch}, ids {@code batchId-0 ..}, created with the batch. */
  static List<Task> children(Task batch, int count) {
    List<Task> children = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      children.add(child(batch, batch.id() + "-" + i, batch.createdAt()));
    }
    return children;
  }

  /** The task as a transition to {@code status} at {@code now} would leave it (version + 1). */
  static Task moved(Task task, TaskStatus status, Instant now) {
    Instant startedAt =
        task.status() == TaskStatus.PENDING && status == TaskStatus.RUNNING
            ? now
            : task.startedAt();
    return task.toBuilder()
        .status(status)
        .startedAt(startedAt)
        .finishedAt(status.isTerminal() ? now : task.finishedAt())
        .updatedAt(now)
        .version(task.version() + 1)
        .build();
  }

  static Task withLifecycle(Task task, TaskStatus status, Instant startedAt, Instant finishedAt) {
    return task.toBuilder().status(status).startedAt(startedAt).finishedAt(finishedAt).build();
  }
}
