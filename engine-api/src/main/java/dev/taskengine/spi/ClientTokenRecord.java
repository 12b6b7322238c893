package dev.taskengine.spi;

import java.util.Objects;

/**
 * The idempotency record of a creation: within a tenant, a client token names exactly one task (the
 * single task or the batch) and the hash of the request that created it.
 *
 * @param tenant the tenant
 * @param clientToken the caller's idempotency key
 * @param taskId the task the first request created
 * @param requestHash a hash of the normalized creation request
 */
public record ClientTokenRecord(
    String tenant, String clientToken, String taskId, String requestHash) {

  public ClientTokenRecord {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(clientToken, "clientToken");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(requestHash, "requestHash");
  }
}
