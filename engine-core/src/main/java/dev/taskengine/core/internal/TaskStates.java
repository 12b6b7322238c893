package dev.taskengine.core.internal;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;

/** The engine's ways of making and changing {@link Task} records. */
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
    return task.toBuilder()
        .status(status)
        .result(result)
        .errorCode(errorCode)
        .errorMessage(errorMessage)
        .startedAt(startedAt)
        .finishedAt(finishedAt)
        .updatedAt(now)
        .version(task.version() + 1)
        .build();
  }

  /** A new PENDING task at version 0. */
  static Task created(
      String id,
      String tenant,
      String parentId,
      Level level,
      String type,
      String invokeId,
      String resourceId,
      String resourceName,
      String operator,
      String param,
      boolean cancellable,
      Instant now,
      ChildCounters counters) {
    return Task.builder()
        .id(id)
        .tenant(tenant)
        .parentId(parentId)
        .level(level)
        .type(type)
        .status(TaskStatus.PENDING)
        .invokeId(invokeId)
        .resourceId(resourceId)
        .resourceName(resourceName)
        .operator(operator)
        .param(param)
        .cancellable(cancellable)
        .createdAt(now)
        .updatedAt(now)
        .version(0)
        .counters(counters)
        .build();
  }
}
