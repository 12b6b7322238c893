package dev.taskengine.api;

/**
 * The store failed for a reason that is not the caller's mistake. The unit of work was rolled back
 * as a whole: nothing of it is visible. The original store exception is the cause.
 */
public class StoreException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    this(ErrorCode.STORE_FAILURE, message, cause);
  }

  protected StoreException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
