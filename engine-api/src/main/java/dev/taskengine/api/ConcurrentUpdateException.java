package dev.taskengine.api;

/**
 * Another writer changed the task between the read and the compare-and-set write: this caller lost
 * the race and nothing was written. Re-read the task and decide again.
 */
public class ConcurrentUpdateException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String taskId;

  public ConcurrentUpdateException(String taskId, long expectedVersion) {
    super(
        ErrorCode.CONCURRENT_UPDATE,
        "task "
            + taskId
            + " was changed concurrently (expected version "
            + expectedVersion
            + "); re-read it and retry");
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
