package dev.taskengine.api;

/**
 * A request argument is missing, malformed or past a limit. {@link #field()} names the offending
 * argument (for example {@code "param"} or {@code "query.statuses"}) and the message states the
 * limit. Nothing was written.
 */
public class InvalidRequestException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(ErrorCode.INVALID_REQUEST, field + ": " + message);
    this.field = field;
  }

  /** The name of the argument that was rejected. */
  public String field() {
    return field;
  }

  /** Throws when {@code value} is null; returns it otherwise. */
  public static <T> T requireNonNull(T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  /** Throws when {@code value} is null, empty or only white space; returns it otherwise. */
  public static String requireNonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required and must not be blank");
    }
    return value;
  }
}
