package dev.taskengine.dialects.huawei;

import dev.taskengine.api.TaskStatus;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Huawei job status integers, both ways: {@code 1} running (PENDING, RUNNING and CANCELLING:
 * not finished), {@code 2} success (SUCCEEDED), {@code -1} failure (FAILED, and CANCELLED: the
 * documents have no word for a cancelled job and it did not succeed; its error code says why, see
 * {@link #CANCELLED_ERROR_CODE}).
 */
public final class HuaweiStatus {
  public static final int RUNNING = 1;
  public static final int SUCCESS = 2;
  public static final int FAILURE = -1;

  /** The error code of a cancelled job that carries none of its own. */
  public static final String CANCELLED_ERROR_CODE = "TaskCancelled";

  /** The error message of a cancelled job that carries none of its own. */
  public static final String CANCELLED_ERROR_MSG = "The task was cancelled before it finished.";

  private HuaweiStatus() {}

  /** The status integer of an engine status. */
  public static int toVendor(TaskStatus status) {
    return switch (status) {
      case PENDING, RUNNING, CANCELLING -> RUNNING;
      case SUCCEEDED -> SUCCESS;
      case FAILED, CANCELLED -> FAILURE;
    };
  }

  /** The engine statuses a status integer stands for, or empty for an unknown integer. */
  public static Optional<Set<TaskStatus>> fromVendor(int status) {
    return switch (status) {
      case RUNNING ->
          Optional.of(
              Set.copyOf(
                  EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.CANCELLING)));
      case SUCCESS -> Optional.of(Set.of(TaskStatus.SUCCEEDED));
      case FAILURE -> Optional.of(Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED));
      default -> Optional.empty();
    };
  }
}
