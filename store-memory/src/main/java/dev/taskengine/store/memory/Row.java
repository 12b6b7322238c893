package dev.taskengine.store.memory;

import dev.taskengine.api.Task;
import dev.taskengine.spi.SortKey;

/**
 * One stored task and what the store keeps beside it. Every index holds the same {@code Row}, so a
 * write replaces {@link #task} once and every index sees it. Changed only under the tenant's write
 * lock and read only under its read lock, which gives the memory visibility.
 */
final class Row {
  final SortKey key;
  Task task;

  /** The client token that created this task (roots only), so purging can drop its record. */
  final String clientToken;

  Row(Task task, String clientToken) {
    this.key = SortKey.of(task);
    this.task = task;
    this.clientToken = clientToken;
  }
}
