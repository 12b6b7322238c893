package dev.taskengine.dialects.huawei;

import dev.taskengine.dialects.ApiErrorException;

/**
 * A validated KooPhone instance-tasks request ({@code GET /v1/instances/tasks/{task_id}}, seed
 * 002): the task id from the path and the mandatory {@code x-request-id} header (at most 256
 * characters). A task id longer than any task id can be (256 characters) names no task:
 * KOOPHONE.API.1323.
 *
 * @param taskId the task whose jobs to list
 * @param xRequestId the caller's request id, echoed in the {@code X-Request-Id} response header
 */
public record KooPhoneInstanceTasksRequest(String taskId, String xRequestId) {
  public static final int MAX_TEXT = 256;

  /**
   * Validates the path's task id and the {@code x-request-id} header (either may be null).
   *
   * @throws ApiErrorException KOOPHONE.API.InvalidParameter or KOOPHONE.API.1323
   */
  public static KooPhoneInstanceTasksRequest parse(String taskId, String xRequestId) {
    if (xRequestId == null || xRequestId.isBlank()) {
      throw new ApiErrorException(
          HuaweiErrors.kooPhoneInvalidParameter("x-request-id", "the header is mandatory"));
    }
    if (xRequestId.length() > MAX_TEXT) {
      throw new ApiErrorException(
          HuaweiErrors.kooPhoneInvalidParameter(
              "x-request-id", "must be at most " + MAX_TEXT + " characters"));
    }
    if (taskId == null || taskId.isBlank() || taskId.length() > MAX_TEXT) {
      throw new ApiErrorException(HuaweiErrors.kooPhoneTaskNotFound());
    }
    return new KooPhoneInstanceTasksRequest(taskId, xRequestId);
  }
}
