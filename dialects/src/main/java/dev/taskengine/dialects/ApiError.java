package dev.taskengine.dialects;

import java.util.Objects;

/**
 * One vendor error as it goes on the wire: the HTTP status, the vendor's error code and its
 * message. Immutable.
 *
 * @param httpStatus a 4xx status for a client's mistake, a 5xx status for a failure of ours
 * @param code the vendor's code, for example {@code MissingParameter} or {@code KOOPHONE.API.1323}
 * @param message a message for people, naming the parameter and the rule
 */
public record ApiError(int httpStatus, String code, String message) {

  public ApiError {
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("an error's HTTP status is 4xx or 5xx, was " + httpStatus);
    }
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the client caused it (4xx); a client's mistake is never a 5xx. */
  public boolean isClientError() {
    return httpStatus < 500;
  }
}
