package dev.taskengine.core.internal;

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
 * @param result the result that {@code succeed} and {@code recordProgress} write
 * @param errorCode the code that {@code fail} writes
 * @param errorMessage the message that {@code fail} writes
 */
record Change(Call call, String result, String errorCode, String errorMessage) {

  static final Change START = new Change(Call.START, null, null, null);
  static final Change CANCEL = new Change(Call.CANCEL, null, null, null);
  static final Change CONFIRM_CANCELLED = new Change(Call.CONFIRM_CANCELLED, null, null, null);

  Change {
    Objects.requireNonNull(call, "call");
  }

  static Change succeed(String result) {
    return new Change(Call.SUCCEED, result, null, null);
  }

  static Change fail(String errorCode, String errorMessage) {
    return new Change(Call.FAIL, null, errorCode, errorMessage);
  }

  static Change recordProgress(String result) {
    return new Change(Call.RECORD_PROGRESS, result, null, null);
  }

  /** Whether {@code task} already holds what this call writes, so repeating it changes nothing. */
  boolean repeats(Task task) {
    return switch (call) {
      case SUCCEED -> Objects.equals(task.result(), result);
      case FAIL ->
          Objects.equals(task.errorCode(), errorCode)
              && Objects.equals(task.errorMessage(), errorMessage);
      case START, CANCEL, CONFIRM_CANCELLED, ADD_CHILDREN -> true; // nothing to differ
      case RECORD_PROGRESS -> false; // progress is written every time, even when equal
    };
  }

  /**
   * {@code task} in {@code status} with this call's fields, updated {@code now}, version + 1.
   * Entering RUNNING sets startedAt; entering a terminal status sets finishedAt; a task that never
   * ran keeps startedAt null.
   */
  Task applyTo(Task task, TaskStatus status, Instant now) {
    Task.Builder next = task.toBuilder().status(status).updatedAt(now).version(task.version() + 1);
    if (status == TaskStatus.RUNNING && task.status() != TaskStatus.RUNNING) {
      next.startedAt(now);
    }
    if (status.isTerminal()) {
      next.finishedAt(now);
    }
    switch (call) {
      case SUCCEED, RECORD_PROGRESS -> next.result(result);
      case FAIL -> next.errorCode(errorCode).errorMessage(errorMessage);
      case START, CANCEL, CONFIRM_CANCELLED, ADD_CHILDREN -> {
        // these write no report fields
      }
    }
    return next.build();
  }
}
