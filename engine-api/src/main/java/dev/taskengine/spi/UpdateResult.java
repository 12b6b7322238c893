package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful {@link TaskStore#update} (or one write of {@link TaskStore#updateAll} or {@link
 * TaskStore#pick}) wrote: the task, and its parent after the counter delta and rollup (empty when
 * the task has no parent or the delta was zero).
 */
public record UpdateResult(Task task, Optional<Task> parent) {

  public UpdateResult {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(parent, "parent");
  }
}
