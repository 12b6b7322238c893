package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.time.Instant;

/**
 * The engine's rule for a batch's own status, handed to the store so that it runs inside the
 * transaction that changed the batch's counters. Pure and thread-safe.
 */
@FunctionalInterface
public interface BatchRollup {

  /**
   * The batch as it should be stored, given the batch with its counters already updated. The store
   * persists the returned status, startedAt and finishedAt when they differ from its input (the
   * version is not incremented again for it).
   */
  Task apply(Task batchWithNewCounters, Instant now);
}
