package dev.taskengine.api;

/**
 * Decides a batch's final status once every child is terminal. Called inside the store's
 * transaction that finishes the last child, so it must be fast, pure and thread-safe; it must
 * return a terminal status.
 */
@FunctionalInterface
public interface RollupPolicy {

  /**
   * The default: every child succeeded gives SUCCEEDED; any failed child gives FAILED; otherwise
   * (some cancelled, none failed) CANCELLED.
   */
  RollupPolicy DEFAULT =
      counters -> {
        if (counters.failed() > 0) {
          return TaskStatus.FAILED;
        }
        if (counters.succeeded() == counters.total()) {
          return TaskStatus.SUCCEEDED;
        }
        return TaskStatus.CANCELLED;
      };

  /**
   * The batch's final status for the given counters, in which every child is terminal ({@code
   * pending == 0 && running == 0}).
   */
  TaskStatus finalStatus(ChildCounters counters);
}
