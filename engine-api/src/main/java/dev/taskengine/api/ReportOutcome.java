package dev.taskengine.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TaskEngine#report} made of one {@link HolderReport}: the task as the report left it
 * (written, or unchanged when the report repeated the one that had finished the task), or the
 * failure that the same call made alone would have thrown, in which case the report wrote nothing.
 * Exactly one of the two is present. Immutable and thread-safe.
 *
 * @param task the task, when the report was accepted
 * @param failure why the report was refused: {@link LeaseLostException}, {@link
 *     TaskNotFoundException}, {@link IllegalTransitionException}, {@link ConcurrentUpdateException}
 *     or {@link InvalidRequestException}
 */
public record ReportOutcome(Optional<Task> task, Optional<TaskEngineException> failure) {

  public ReportOutcome {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(failure, "failure");
    if (task.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException(
          "an outcome has either a task or a failure, was " + task + " and " + failure);
    }
  }

  /** An accepted report: the task as it left it. */
  public static ReportOutcome of(Task task) {
    return new ReportOutcome(Optional.of(task), Optional.empty());
  }

  /** A refused report, which wrote nothing. */
  public static ReportOutcome ofFailure(TaskEngineException failure) {
    return new ReportOutcome(Optional.empty(), Optional.of(failure));
  }

  /** Whether the report was refused. */
  public boolean isRefused() {
    return failure.isPresent();
  }

  /**
   * The task, or the failure thrown: what the same call made alone would have returned or thrown.
   */
  public Task getOrThrow() {
    if (failure.isPresent()) {
      throw failure.get();
    }
    return task.orElseThrow();
  }
}
