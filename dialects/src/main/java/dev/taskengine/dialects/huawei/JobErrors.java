package dev.taskengine.dialects.huawei;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;

/** A job's {@code error_code} and {@code error_msg}, shared by Cloud Phone and KooPhone. */
final class JobErrors {
  private JobErrors() {}

  /** The task's error code; {@code ""} without one, or the cancelled code for a cancelled task. */
  static String code(Task task) {
    if (task.errorCode() != null) {
      return task.errorCode();
    }
    return task.status() == TaskStatus.CANCELLED ? HuaweiStatus.CANCELLED_ERROR_CODE : "";
  }

  /** The task's error message; {@code ""} without one, or the cancelled message. */
  static String message(Task task) {
    if (task.errorMessage() != null) {
      return task.errorMessage();
    }
    if (task.status() == TaskStatus.CANCELLED && task.errorCode() == null) {
      return HuaweiStatus.CANCELLED_ERROR_MSG;
    }
    return "";
  }
}
