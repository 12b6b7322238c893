package dev.taskengine.spi;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * New children for an existing batch. In one transaction the store adds {@code children.size()} to
 * the batch's {@code total} and {@code pending} (incrementing its version, updatedAt = {@code now})
 * only where the batch exists in the tenant, is a batch, has a status in {@code
 * allowedBatchStatuses} and would not exceed {@code maxTotal} children; then inserts the children.
 * All or nothing.
 *
 * @param tenant the tenant
 * @param batchId the batch
 * @param allowedBatchStatuses the statuses the batch may be in
 * @param maxTotal the most children the batch may have afterwards
 * @param children the new children, PENDING, with {@code parentId = batchId}
 * @param now the time of the change
 */
public record ChildAddition(
    String tenant,
    String batchId,
    Set<TaskStatus> allowedBatchStatuses,
    int maxTotal,
    List<Task> children,
    Instant now) {

  public ChildAddition {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(batchId, "batchId");
    allowedBatchStatuses = Set.copyOf(allowedBatchStatuses);
    children = List.copyOf(children);
    Objects.requireNonNull(now, "now");
  }
}
