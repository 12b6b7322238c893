package dev.taskengine.spi;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's rule for a batch's own status, handed to the store so that it runs inside the
 * transaction that changed the batch's counters. Pure and thread-safe.
 *
 * <p>A rollup decides three fields of a batch: its status, startedAt and finishedAt. Stores call
 * {@link #rollUp}, which applies the decision with the one projection {@link #withLifecycle}, and
 * write only when it reports a change.
 */
@FunctionalInterface
public interface BatchRollup {

  /**
   * The rollup's decision for a batch whose counters are already updated: the batch with the
   * status, startedAt and finishedAt it should have. Only those three fields of the answer count.
   */
  Task apply(Task batchWithNewCounters, Instant now);

  /**
   * The batch as the store persists it after this rollup: {@code batchWithNewCounters} with the
   * status, startedAt and finishedAt that {@link #apply} decided and every other field as given
   * (the version is not incremented again); empty when the rollup changed none of the three, so the
   * store writes nothing more.
   */
  default Optional<Task> rollUp(Task batchWithNewCounters, Instant now) {
    Task decided = apply(batchWithNewCounters, now);
    Task stored =
        withLifecycle(
            batchWithNewCounters, decided.status(), decided.startedAt(), decided.finishedAt());
    return stored == batchWithNewCounters ? Optional.empty() : Optional.of(stored);
  }

  /**
   * {@code batch} with this status, startedAt and finishedAt and every other field kept; {@code
   * batch} itself when it already has all three. The one projection of a rollup onto a batch, for
   * rollups making their answer and for {@link #rollUp}.
   */
  static Task withLifecycle(Task batch, TaskStatus status, Instant startedAt, Instant finishedAt) {
    if (batch.status() == status
        && Objects.equals(batch.startedAt(), startedAt)
        && Objects.equals(batch.finishedAt(), finishedAt)) {
      return batch;
    }
    return batch.toBuilder().status(status).startedAt(startedAt).finishedAt(finishedAt).build();
  }
}
