package dev.taskengine.core.internal;

import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;

/**
 * The engine's way of making new {@link Task} records; {@link Change} makes their later versions.
 */
final class TaskStates {
  private TaskStates() {}

  /**
   * A new PENDING task at version 0, created {@code now}, for the caller to add its other fields
   * to. An instance task is available to claim at once; a batch is never claimed.
   */
  static Task.Builder created(String id, String tenant, Level level, String type, Instant now) {
    return Task.builder()
        .id(id)
        .tenant(tenant)
        .level(level)
        .type(type)
        .status(TaskStatus.PENDING)
        .createdAt(now)
        .updatedAt(now)
        .availableAt(level == Level.INSTANCE ? now : null)
        .version(0);
  }
}
