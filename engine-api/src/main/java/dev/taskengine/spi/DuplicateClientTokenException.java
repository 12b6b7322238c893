package dev.taskengine.spi;

/**
 * Thrown by {@link TaskStore#insert} when the tenant already has a task under the same client
 * token. Nothing of the insert was written. The engine catches it and answers with the original
 * task or an {@link dev.taskengine.api.IdempotencyConflictException}; it never reaches callers.
 */
public class DuplicateClientTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DuplicateClientTokenException(String tenant, String clientToken) {
    super("client token " + clientToken + " already used in tenant " + tenant);
  }
}
