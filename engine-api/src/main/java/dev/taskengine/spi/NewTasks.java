package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.util.List;
import java.util.Objects;

/**
 * Tasks to insert in one atomic step: a root (a single task, or a batch whose counters already
 * count its children as PENDING), its children (empty for a single task), and the root's
 * idempotency record when the caller gave a client token. All rows or none.
 *
 * @param root the single task or the batch
 * @param children the batch's children, in order; empty for a single task
 * @param clientToken the idempotency record, or null
 */
public record NewTasks(Task root, List<Task> children, ClientTokenRecord clientToken) {

  public NewTasks {
    Objects.requireNonNull(root, "root");
    children = List.copyOf(children);
  }
}
