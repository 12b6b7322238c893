package dev.taskengine.store.memory;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;

/**
 * New versions of stored tasks. Each copy starts from the stored task and changes only the fields a
 * write may change, so the fields the indexes are keyed on (id, createdAt, parent, type, invoke id,
 * resource id, level) can never drift from the indexes, whatever the engine passes in.
 */
final class Tasks {

  private Tasks() {}

  /**
   * {@code stored} with the fields a {@link dev.taskengine.spi.TaskUpdate} writes from {@code
   * after}.
   */
  static Task written(Task stored, Task after) {
    return copy(
        stored,
        after.status(),
        after.result(),
        after.errorCode(),
        after.errorMessage(),
        after.startedAt(),
        after.finishedAt(),
        after.updatedAt(),
        after.version(),
        stored.counters());
  }

  /** A batch with new counters: one more version, updated now. */
  static Task counted(Task batch, ChildCounters counters, Instant now) {
    return copy(
        batch,
        batch.status(),
        batch.result(),
        batch.errorCode(),
        batch.errorMessage(),
        batch.startedAt(),
        batch.finishedAt(),
        now,
        batch.version() + 1,
        counters);
  }

  /** A batch with a new status and counters (a cascade): one more version, updated now. */
  static Task cascaded(Task batch, TaskStatus status, ChildCounters counters, Instant now) {
    return copy(
        batch,
        status,
        batch.result(),
        batch.errorCode(),
        batch.errorMessage(),
        batch.startedAt(),
        batch.finishedAt(),
        now,
        batch.version() + 1,
        counters);
  }

  /**
   * {@code batch} with what the rollup decided: its status, startedAt and finishedAt. The version
   * is not incremented again (the counter change already did).
   */
  static Task rolledUp(Task batch, Task rolled) {
    return copy(
        batch,
        rolled.status(),
        batch.result(),
        batch.errorCode(),
        batch.errorMessage(),
        rolled.startedAt(),
        rolled.finishedAt(),
        batch.updatedAt(),
        batch.version(),
        batch.counters());
  }

  /** A child moved by a cascade: one more version, updated now, finished now when terminal. */
  static Task moved(Task child, TaskStatus status, Instant now) {
    return copy(
        child,
        status,
        child.result(),
        child.errorCode(),
        child.errorMessage(),
        child.startedAt(),
        status.isTerminal() ? now : child.finishedAt(),
        now,
        child.version() + 1,
        child.counters());
  }

  private static Task copy(
      Task task,
      TaskStatus status,
      String result,
      String errorCode,
      String errorMessage,
      Instant startedAt,
      Instant finishedAt,
      Instant updatedAt,
      long version,
      ChildCounters counters) {
    return new Task(
        task.id(),
        task.tenant(),
        task.parentId(),
        task.level(),
        task.type(),
        status,
        task.invokeId(),
        task.resourceId(),
        task.resourceName(),
        task.operator(),
        task.param(),
        result,
        errorCode,
        errorMessage,
        task.cancellable(),
        task.createdAt(),
        startedAt,
        finishedAt,
        updatedAt,
        version,
        counters);
  }
}
