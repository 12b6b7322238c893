package dev.taskengine.api;

/**
 * The live counters of a batch's children. {@code running} includes children in CANCELLING. The
 * engine keeps {@code total = pending + running + succeeded + failed + cancelled}, each counter
 * equal to the number of children in that status, by applying a delta in the same transaction as
 * every child transition. Instance tasks carry {@link #NONE}.
 */
public record ChildCounters(
    int total, int pending, int running, int succeeded, int failed, int cancelled) {

  /** All zero: the counters of an instance task (or of a batch with no children yet). */
  public static final ChildCounters NONE = new ChildCounters(0, 0, 0, 0, 0, 0);

  public ChildCounters {
    if (total < 0 || pending < 0 || running < 0 || succeeded < 0 || failed < 0 || cancelled < 0) {
      throw new IllegalArgumentException(
          "child counters must not be negative: "
              + describe(total, pending, running, succeeded, failed, cancelled));
    }
  }

  /** Whether the total equals the sum of the per-status counters. */
  public boolean isConsistent() {
    return total == pending + running + succeeded + failed + cancelled;
  }

  /** Whether every child is in a terminal status (and there is at least one child). */
  public boolean allTerminal() {
    return total > 0 && pending == 0 && running == 0;
  }

  /** The counter that tracks children in the given status. */
  public int countOf(TaskStatus status) {
    return switch (status) {
      case PENDING -> pending;
      case RUNNING, CANCELLING -> running;
      case SUCCEEDED -> succeeded;
      case FAILED -> failed;
      case CANCELLED -> cancelled;
    };
  }

  private static String describe(
      int total, int pending, int running, int succeeded, int failed, int cancelled) {
    return "total="
        + total
        + " pending="
        + pending
        + " running="
        + running
        + " succeeded="
        + succeeded
        + " failed="
        + failed
        + " cancelled="
        + cancelled;
  }
}
