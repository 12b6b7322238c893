package dev.taskengine.api;

/**
 * What one {@link TaskEngine#sweepExpired} call did.
 *
 * @param retried tasks whose lease expired and that went back to PENDING for another attempt
 * @param leaseExpired tasks whose lease expired on their last attempt: FAILED with code {@code
 *     LeaseExpired}
 * @param deadlineExceeded tasks past their deadline: FAILED with code {@code DeadlineExceeded}
 * @param cancelled CANCELLING tasks whose lease expired or deadline passed: CANCELLED
 */
public record SweepResult(int retried, int leaseExpired, int deadlineExceeded, int cancelled) {

  public static final SweepResult NONE = new SweepResult(0, 0, 0, 0);

  /** The error code of a task that failed because its last lease expired. */
  public static final String LEASE_EXPIRED = "LeaseExpired";

  /** The error code of a task that failed because its deadline passed. */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  /** How many tasks the call changed. */
  public int total() {
    return retried + leaseExpired + deadlineExceeded + cancelled;
  }

  /** The sum of two results. */
  public SweepResult plus(SweepResult other) {
    return new SweepResult(
        retried + other.retried,
        leaseExpired + other.leaseExpired,
        deadlineExceeded + other.deadlineExceeded,
        cancelled + other.cancelled);
  }
}
