package dev.taskengine.core.internal;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;

/**
 * The engine's way of making new {@link Task} records; {@link Change} makes their later versions.
 */
final class TaskStates {
  private TaskStates() {}

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
