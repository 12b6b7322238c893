package dev.taskengine.api;

/** No task with the given id exists in the caller's tenant (tasks of other tenants never count). */
public class TaskNotFoundException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String taskId;

  public TaskNotFoundException(String tenant, String taskId) {
    super(ErrorCode.TASK_NOT_FOUND, "task " + taskId + " not found in tenant " + tenant);
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
