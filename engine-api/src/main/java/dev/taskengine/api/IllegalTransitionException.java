package dev.taskengine.api;

/**
 * The status machine refuses the request: the task's current status does not allow it, the task is
 * a batch whose status follows its children, or the task is not cancellable.
 */
public class IllegalTransitionException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String taskId;
  private final TaskStatus currentStatus;

  public IllegalTransitionException(String taskId, TaskStatus currentStatus, String message) {
    super(ErrorCode.ILLEGAL_TRANSITION, "task " + taskId + " (" + currentStatus + "): " + message);
    this.taskId = taskId;
    this.currentStatus = currentStatus;
  }

  public String taskId() {
    return taskId;
  }

  /** The status the task had when the request was refused. */
  public TaskStatus currentStatus() {
    return currentStatus;
  }
}
