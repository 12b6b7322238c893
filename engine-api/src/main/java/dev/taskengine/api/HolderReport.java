package dev.taskengine.api;

/**
 * One lease holder's finishing report, for {@link TaskEngine#report}: its task succeeded with a
 * result, failed with an error, or stopped after a cancel. Each is what {@link
 * TaskEngine#succeed(Lease, String)}, {@link TaskEngine#fail(Lease, String, String)} or {@link
 * TaskEngine#confirmCancelled(Lease)} reports alone.
 *
 * <p>Make one with {@link #succeeded}, {@link #failed} or {@link #cancelled}. The constructor
 * checks what needs no limits (a lease, a code for a failure, no fields the status does not carry);
 * the engine checks each report against its {@link Limits} (lengths, payload sizes) as the single
 * calls do, and refuses only that report when it is past one. Immutable and thread-safe.
 *
 * @param lease the lease the worker holds
 * @param status what the task ends as: SUCCEEDED, FAILED or CANCELLED (a confirmed cancel)
 * @param result the result of a SUCCEEDED report (may be null); null for the others
 * @param errorCode the error code of a FAILED report, required; null for the others
 * @param errorMessage the error message of a FAILED report (may be null); null for the others
 */
public record HolderReport(
    Lease lease, TaskStatus status, String result, String errorCode, String errorMessage) {

  public HolderReport {
    InvalidRequestException.requireNonNull(lease, "lease");
    InvalidRequestException.requireNonNull(status, "status");
    switch (status) {
      case SUCCEEDED -> {
        carriesNone(status, errorCode, "errorCode");
        carriesNone(status, errorMessage, "errorMessage");
      }
      case FAILED -> {
        InvalidRequestException.requireNonBlank(errorCode, "errorCode");
        carriesNone(status, result, "result");
      }
      case CANCELLED -> {
        carriesNone(status, result, "result");
        carriesNone(status, errorCode, "errorCode");
        carriesNone(status, errorMessage, "errorMessage");
      }
      case PENDING, RUNNING, CANCELLING ->
          throw new InvalidRequestException(
              "status", "must be SUCCEEDED, FAILED or CANCELLED, was " + status);
    }
  }

  private static void carriesNone(TaskStatus status, String value, String field) {
    if (value != null) {
      throw new InvalidRequestException(field, "a " + status + " report carries none");
    }
  }

  /** The report of {@link TaskEngine#succeed(Lease, String)}; the result may be null. */
  public static HolderReport succeeded(Lease lease, String result) {
    return new HolderReport(lease, TaskStatus.SUCCEEDED, result, null, null);
  }

  /**
   * The report of {@link TaskEngine#fail(Lease, String, String)}: the code is required, the message
   * may be null.
   */
  public static HolderReport failed(Lease lease, String errorCode, String errorMessage) {
    return new HolderReport(lease, TaskStatus.FAILED, null, errorCode, errorMessage);
  }

  /** The report of {@link TaskEngine#confirmCancelled(Lease)}. */
  public static HolderReport cancelled(Lease lease) {
    return new HolderReport(lease, TaskStatus.CANCELLED, null, null, null);
  }
}
