package dev.taskengine.api;

/**
 * The store failed for a reason that is not the caller's mistake (a duplicate task id from a broken
 * id generator, a database error). The unit of work was rolled back as a whole: nothing of it is
 * visible. When a driver or database exception was behind it, that exception is the cause.
 */
public class StoreException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    this(ErrorCode.STORE_FAILURE, message, null);
  }

  public StoreException(String message, Throwable cause) {
    this(ErrorCode.STORE_FAILURE, message, cause);
  }

  protected StoreException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
