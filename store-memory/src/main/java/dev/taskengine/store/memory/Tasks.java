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

  /** A batch with new counters: one more version, updated now. */
  static Task counted(Task batch, ChildCounters counters, Instant now) {
    return cascaded(batch, batch.status(), counters, now);
  }

  /** A batch with a new status and counters (a cascade): one more version, updated now. */
  static Task cascaded(Task batch, TaskStatus status, ChildCounters counters, Instant now) {
    return batch.toBuilder()
        .status(status)
        .counters(counters)
        .updatedAt(now)
        .version(batch.version() + 1)
        .build();
  }

  /** A child moved by a cascade: one more version, updated now, finished now when terminal. */
  static Task moved(Task child, TaskStatus status, Instant now) {
    return child.toBuilder()
        .status(status)
        .finishedAt(status.isTerminal() ? now : child.finishedAt())
        .updatedAt(now)
        .version(child.version() + 1)
        .build();
  }
}
