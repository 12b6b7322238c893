package dev.taskengine.dialects;

import java.util.Objects;

/**
 * A request that a dialect refuses, or that failed, carrying the vendor error to answer with.
 * Thrown by every {@code parse} and {@code execute} method of the dialects; nothing was written.
 */
public class ApiErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ApiError error;

  public ApiErrorException(ApiError error) {
    this(error, null);
  }

  public ApiErrorException(ApiError error, Throwable cause) {
    super(Objects.requireNonNull(error, "error").code() + ": " + error.message(), cause);
    this.error = error;
  }

  /** The status, code and message to answer with. */
  public ApiError error() {
    return error;
  }
}
