package dev.taskengine.api;

/**
 * The store cannot be reached or lost its connection mid-operation. The unit of work was not
 * applied (or was rolled back as a whole); the same call may be retried once the store is back.
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(ErrorCode.STORE_UNAVAILABLE, message, cause);
  }
}
