package dev.taskengine.spi;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.TaskStatus;

/**
 * A change to a batch's child counters, applied by the store in SQL terms as {@code running =
 * running + :running, ...}: never by re-counting children and never read-modify-write in Java.
 */
public record CounterDelta(
    int total, int pending, int running, int succeeded, int failed, int cancelled) {

  public static final CounterDelta ZERO = new CounterDelta(0, 0, 0, 0, 0, 0);

  /** The delta of one child moving from {@code from} to {@code to} (zero when both count alike). */
  public static CounterDelta move(TaskStatus from, TaskStatus to) {
    return ZERO.plus(from, -1).plus(to, 1);
  }

  /** The delta of {@code count} new PENDING children. */
  public static CounterDelta added(int count) {
    return new CounterDelta(count, count, 0, 0, 0, 0);
  }

  /** This delta with {@code amount} more children in {@code status}'s counter. */
  public CounterDelta plus(TaskStatus status, int amount) {
    return switch (status) {
      case PENDING ->
          new CounterDelta(total, pending + amount, running, succeeded, failed, cancelled);
      case RUNNING, CANCELLING ->
          new CounterDelta(total, pending, running + amount, succeeded, failed, cancelled);
      case SUCCEEDED ->
          new CounterDelta(total, pending, running, succeeded + amount, failed, cancelled);
      case FAILED ->
          new CounterDelta(total, pending, running, succeeded, failed + amount, cancelled);
      case CANCELLED ->
          new CounterDelta(total, pending, running, succeeded, failed, cancelled + amount);
    };
  }

  /** The sum of this delta and {@code other}, for a parent with several changed children. */
  public CounterDelta plus(CounterDelta other) {
    return new CounterDelta(
        total + other.total,
        pending + other.pending,
        running + other.running,
        succeeded + other.succeeded,
        failed + other.failed,
        cancelled + other.cancelled);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  /** The counters after this delta. */
  public ChildCounters applyTo(ChildCounters counters) {
    return new ChildCounters(
        counters.total() + total,
        counters.pending() + pending,
        counters.running() + running,
        counters.succeeded() + succeeded,
        counters.failed() + failed,
        counters.cancelled() + cancelled);
  }
}
