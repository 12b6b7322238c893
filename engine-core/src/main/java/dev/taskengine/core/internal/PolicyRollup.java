package dev.taskengine.core.internal;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchRollup;
import java.time.Instant;

/**
 * A batch's own status from its counters (docs/engine.md, "Rollup"): terminal batches never change;
 * when every child is terminal the {@link RollupPolicy} decides; a CANCELLING batch stays so until
 * then; otherwise RUNNING once any child left PENDING. Runs inside the store's transaction.
 */
final class PolicyRollup implements BatchRollup {
  private final RollupPolicy policy;

  PolicyRollup(RollupPolicy policy) {
    this.policy = policy;
  }

  /**
   * Asks the policy about every shape of finished counters a small batch can have, so that a policy
   * returning a non-terminal status fails at {@code build()}, not inside a transaction.
   */
  static void check(RollupPolicy policy) {
    for (int succeeded = 0; succeeded <= 2; succeeded++) {
      for (int failed = 0; failed <= 2; failed++) {
        for (int cancelled = 0; cancelled <= 2; cancelled++) {
          int total = succeeded + failed + cancelled;
          if (total > 0) {
            ChildCounters counters = new ChildCounters(total, 0, 0, succeeded, failed, cancelled);
            TaskStatus status = policy.finalStatus(counters);
            if (status == null || !status.isTerminal()) {
              throw new InvalidRequestException(
                  "rollupPolicy",
                  "returned " + status + " for " + counters + "; it must return a terminal status");
            }
          }
        }
      }
    }
  }

  @Override
  public Task apply(Task batch, Instant now) {
    if (batch.isTerminal()) {
      return batch;
    }
    ChildCounters counters = batch.counters();
    if (counters.allTerminal()) {
      TaskStatus status = policy.finalStatus(counters);
      if (status == null || !status.isTerminal()) {
        throw new IllegalStateException(
            "rollupPolicy returned " + status + " for " + counters + "; it must be terminal");
      }
      return BatchRollup.withLifecycle(batch, status, batch.startedAt(), now);
    }
    if (batch.status() == TaskStatus.CANCELLING) {
      return batch;
    }
    if (counters.pending() < counters.total()) {
      Instant startedAt = batch.startedAt() == null ? now : batch.startedAt();
      return BatchRollup.withLifecycle(batch, TaskStatus.RUNNING, startedAt, null);
    }
    return batch;
  }
}
