package dev.taskengine.spi;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change of a whole batch, computed by the engine (cancelling a batch is one). In one transaction
 * the store: sets the batch to {@code batchStatus} where it still has {@code batch}'s status and
 * version (incrementing the version, updatedAt = {@code now}); moves every child whose status is a
 * key of {@code childMoves} to the mapped status (incrementing each child's version, updatedAt =
 * {@code now}, finishedAt = {@code now} when the new status is terminal); adjusts the batch's
 * counters by the number of children moved; and persists what {@link BatchRollup#rollUp} makes of
 * the batch.
 *
 * @param batch the batch as the engine read it
 * @param batchStatus the batch's status before the rollup runs
 * @param childMoves which children move, by status
 * @param now the time of the change
 */
public record BatchCascade(
    Task batch, TaskStatus batchStatus, Map<TaskStatus, TaskStatus> childMoves, Instant now) {

  public BatchCascade {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(batchStatus, "batchStatus");
    childMoves = Map.copyOf(childMoves);
    Objects.requireNonNull(now, "now");
  }
}
