package dev.taskengine.core.internal;

import dev.taskengine.api.HolderReport;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.internal.StatusMachine.Call;
import java.time.Instant;
import java.util.Objects;

/**
 * One call on one task with its arguments, and the fields it writes. Which status the task moves to
 * is the {@link StatusMachine}'s to decide; this says what else changes with it.
 *
 * @param call the call
 * @param result the result that {@code succeed} and {@code recordProgress} write, and the progress
 *     a heartbeat writes when not null
 * @param errorCode the code that {@code fail} and an expiry write
 * @param errorMessage the message that {@code fail} and an expiry write
 * @param owner the lease owner a claim writes
 * @param until the lease expiry a claim or heartbeat writes; the availableAt a retry writes
 */
record Change(
    Call call, String result, String errorCode, String errorMessage, String owner, Instant until) {

  static final Change START = of(Call.START);
  static final Change CANCEL = of(Call.CANCEL);
  static final Change CONFIRM_CANCELLED = of(Call.CONFIRM_CANCELLED);

  Change {
    Objects.requireNonNull(call, "call");
  }

  private static Change of(Call call) {
    return new Change(call, null, null, null, null, null);
  }

  static Change succeed(String result) {
    return new Change(Call.SUCCEED, result, null, null, null, null);
  }

  static Change fail(String errorCode, String errorMessage) {
    return new Change(Call.FAIL, null, errorCode, errorMessage, null, null);
  }

  /** The change a lease holder's finishing report makes: succeed, fail or confirmCancelled. */
  static Change report(HolderReport report) {
    return switch (report.status()) {
      case SUCCEEDED -> succeed(report.result());
      case FAILED -> fail(report.errorCode(), report.errorMessage());
      case CANCELLED -> CONFIRM_CANCELLED;
      case PENDING, RUNNING, CANCELLING ->
          throw new IllegalArgumentException("not a finishing report: " + report.status());
    };
  }

  static Change recordProgress(String result) {
    return new Change(Call.RECORD_PROGRESS, result, null, null, null, null);
  }

  /** A claim by {@code owner} whose lease ends at {@code leaseExpiresAt}. */
  static Change claim(String owner, Instant leaseExpiresAt) {
    return new Change(Call.CLAIM, null, null, null, owner, leaseExpiresAt);
  }

  /** A heartbeat moving the lease's end to {@code leaseExpiresAt}, with progress when not null. */
  static Change heartbeat(Instant leaseExpiresAt, String progress) {
    return new Change(Call.HEARTBEAT, progress, null, null, null, leaseExpiresAt);
  }

  /** The sweep's retry: the task is available again at {@code availableAt}. */
  static Change retry(Instant availableAt) {
    return new Change(Call.RETRY, null, null, null, null, availableAt);
  }

  /** The sweep's end of a task, with the code and message it fails with (a CANCELLING one). */
  static Change expire(String errorCode, String errorMessage) {
    return new Change(Call.EXPIRE, null, errorCode, errorMessage, null, null);
  }

  /** Whether {@code task} already holds what this call writes, so repeating it changes nothing. */
  boolean repeats(Task task) {
    return switch (call) {
      case SUCCEED -> Objects.equals(task.result(), result);
      case FAIL ->
          Objects.equals(task.errorCode(), errorCode)
              && Objects.equals(task.errorMessage(), errorMessage);
      case START, CANCEL, CONFIRM_CANCELLED, ADD_CHILDREN -> true; // nothing to differ
      // progress and leases are written every time; the table never repeats the sweep's calls
      case RECORD_PROGRESS, CLAIM, HEARTBEAT, RETRY, EXPIRE -> false;
    };
  }

  /**
   * {@code task} in {@code status} with this call's fields, updated {@code now}, version + 1.
   *
   * <p>Leaving PENDING for RUNNING starts an attempt (attempt + 1); the first start sets startedAt
   * and, with a run-time limit, brings the deadline forward to it. Entering a terminal status sets
   * finishedAt and ends the lease (its owner stays, as who finished the task). A task that never
   * ran keeps startedAt null.
   */
  Task applyTo(Task task, TaskStatus status, Instant now) {
    Task.Builder next = task.toBuilder().status(status).updatedAt(now).version(task.version() + 1);
    if (task.status() == TaskStatus.PENDING && status == TaskStatus.RUNNING) {
      next.attempt(task.attempt() + 1);
      if (task.startedAt() == null) {
        next.startedAt(now);
        if (task.maxRunTime() != null) {
          Instant runLimit = now.plus(task.maxRunTime());
          boolean earlier = task.deadline() == null || runLimit.isBefore(task.deadline());
          next.deadline(earlier ? runLimit : task.deadline());
        }
      }
    }
    if (status.isTerminal()) {
      next.finishedAt(now).leaseExpiresAt(null);
    }
    switch (call) {
      case SUCCEED, RECORD_PROGRESS -> next.result(result);
      case FAIL -> next.errorCode(errorCode).errorMessage(errorMessage);
      case EXPIRE -> {
        if (status == TaskStatus.FAILED) {
          next.errorCode(errorCode).errorMessage(errorMessage);
        }
      }
      case CLAIM -> next.leaseOwner(owner).leaseExpiresAt(until);
      case HEARTBEAT -> {
        next.leaseExpiresAt(until);
        if (result != null) {
          next.result(result);
        }
      }
      case RETRY -> next.leaseOwner(null).leaseExpiresAt(null).availableAt(until);
      case START, CANCEL, CONFIRM_CANCELLED, ADD_CHILDREN -> {
        // these write no report fields
      }
    }
    return next.build();
  }
}
