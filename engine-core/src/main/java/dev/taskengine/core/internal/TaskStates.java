package dev.taskengine.core.internal;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;

/** Copies of a {@link Task} with its mutable fields changed; the record itself stays immutable. */
final class TaskStates {
  private TaskStates() {}

  /** The next version of {@code task}: new state, {@code updatedAt = now}, version + 1. */
  static Task next(
      Task task,
      TaskStatus status,
      String result,
      String errorCode,
      String errorMessage,
      Instant startedAt,
      Instant finishedAt,
      Instant now) {
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
        now,
        task.version() + 1,
        task.counters());
  }

  /** {@code task} with a new status and its timestamps, same version (used by the rollup). */
  static Task withStatus(Task task, TaskStatus status, Instant startedAt, Instant finishedAt) {
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
        task.result(),
        task.errorCode(),
        task.errorMessage(),
        task.cancellable(),
        task.createdAt(),
        startedAt,
        finishedAt,
        task.updatedAt(),
        task.version(),
        task.counters());
  }

  /** A new PENDING task at version 0. */
  static Task created(
      String id,
      String tenant,
      String parentId,
      dev.taskengine.api.Level level,
      String type,
      String invokeId,
      String resourceId,
      String resourceName,
      String operator,
      String param,
      boolean cancellable,
      Instant now,
      ChildCounters counters) {
    return new Task(
        id,
        tenant,
        parentId,
        level,
        type,
        TaskStatus.PENDING,
        invokeId,
        resourceId,
        resourceName,
        operator,
        param,
        null,
        null,
        null,
        cancellable,
        now,
        null,
        null,
        now,
        0,
        counters);
  }
}
