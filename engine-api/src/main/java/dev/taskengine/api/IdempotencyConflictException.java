package dev.taskengine.api;

/**
 * A client token was used before with a different request. The same token with the same request
 * returns the original task instead of throwing.
 */
public class IdempotencyConflictException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String existingTaskId;

  public IdempotencyConflictException(String clientToken, String existingTaskId) {
    super(
        ErrorCode.IDEMPOTENCY_CONFLICT,
        "client token "
            + clientToken
            + " was already used for task "
            + existingTaskId
            + " with a different request");
    this.existingTaskId = existingTaskId;
  }

  /** The task created by the first request that used this client token. */
  public String existingTaskId() {
    return existingTaskId;
  }
}
