package dev.taskengine.api;

/**
 * The caller does not hold the task's lease (any more): the lease expired, or the task was retried
 * and claimed again, or the lease names another owner or attempt. Nothing was written. A worker
 * that gets this must stop working on the task: someone else owns it now, or the engine has already
 * decided its outcome.
 */
public class LeaseLostException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String taskId;

  public LeaseLostException(String taskId, String message) {
    super(ErrorCode.LEASE_LOST, "task " + taskId + ": " + message);
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
