package dev.taskengine.api;

/**
 * A worker's proof of holding a claimed task: which task, which owner, which attempt. The attempt
 * is a fencing token: a worker whose lease expired and whose task was retried and claimed again
 * (even by a worker with the same owner name) holds an older attempt and is refused with {@link
 * LeaseLostException}. Take it from a claimed task with {@link Task#lease()}.
 *
 * @param tenant the task's tenant
 * @param taskId the task's id
 * @param owner the owner named in the claim
 * @param attempt the attempt the claim started (1 on the first claim)
 */
public record Lease(String tenant, String taskId, String owner, int attempt) {

  public Lease {
    InvalidRequestException.requireNonBlank(tenant, "lease.tenant");
    InvalidRequestException.requireNonBlank(taskId, "lease.taskId");
    InvalidRequestException.requireNonBlank(owner, "lease.owner");
    if (attempt < 1) {
      throw new InvalidRequestException("lease.attempt", "must be at least 1, was " + attempt);
    }
  }
}
