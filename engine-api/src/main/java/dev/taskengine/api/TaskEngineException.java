package dev.taskengine.api;

import java.util.Objects;

/**
 * Root of every exception the engine and its stores throw. Unchecked; carries a stable {@link
 * #code()}. No store exception (SQLException, a driver's or a pool's) ever escapes unwrapped: it
 * arrives as a {@link StoreException} with the original as its cause.
 */
public class TaskEngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public TaskEngineException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public TaskEngineException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable machine-readable code of this failure. */
  public ErrorCode code() {
    return code;
  }
}
