package dev.taskengine.api;

/**
 * Stable, machine-readable error codes carried by every {@link TaskEngineException}. Codes are part
 * of the public contract: they never change meaning and are never removed, so callers (and vendor
 * dialects mapping them to their own error codes) may switch on them.
 */
public enum ErrorCode {
  /** A request argument is missing, malformed or past a configured limit. */
  INVALID_REQUEST,
  /** No task with that id exists in the caller's tenant. */
  TASK_NOT_FOUND,
  /** The status machine does not allow the requested transition from the task's current status. */
  ILLEGAL_TRANSITION,
  /** Another writer changed the task first (compare-and-set on status and version lost). */
  CONCURRENT_UPDATE,
  /** A page token was tampered with, truncated, expired, foreign or issued for another filter. */
  INVALID_PAGE_TOKEN,
  /** A client token was reused with a different request body. */
  IDEMPOTENCY_CONFLICT,
  /** The store failed in a way that is not the caller's fault (for example a duplicate task id). */
  STORE_FAILURE,
  /** The store cannot be reached; the operation was not applied and may be retried. */
  STORE_UNAVAILABLE,
  /**
   * The caller no longer holds the task's lease: another worker holds it, the task was retried, or
   * the lease expired. The caller must stop working on the task.
   */
  LEASE_LOST
}
