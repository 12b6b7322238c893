package dev.taskengine.api;

/**
 * A page token cannot be used: malformed, truncated, oversized, tampered with, signed by an unknown
 * key, expired, issued to another tenant or for another filter or order. Start again from the first
 * page.
 */
public class InvalidPageTokenException extends TaskEngineException {
  private static final long serialVersionUID = 1L;

  public InvalidPageTokenException(String reason) {
    super(ErrorCode.INVALID_PAGE_TOKEN, "invalid page token: " + reason);
  }
}
