package dev.taskengine.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import java.time.Instant;

/**
 * A task as the workers' and operators' JSON API shows it: every field of {@link Task}, times as
 * ISO-8601 UTC with microseconds and durations as ISO-8601 durations ({@code PT10M}), absent values
 * left out, counters on batches only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OpsTask(
    String id,
    String tenant,
    String parentId,
    String level,
    String type,
    String status,
    String invokeId,
    String resourceId,
    String resourceName,
    String operator,
    String param,
    String result,
    String errorCode,
    String errorMessage,
    boolean cancellable,
    String createdAt,
    String startedAt,
    String finishedAt,
    String updatedAt,
    long version,
    Counters counters,
    int attempt,
    String leaseOwner,
    String leaseExpiresAt,
    String availableAt,
    String deadline,
    String maxRunTime,
    Retry retryPolicy) {

  /** A batch's children by status ({@code running} includes cancelling). */
  record Counters(int total, int pending, int running, int succeeded, int failed, int cancelled) {
    static Counters of(ChildCounters counters) {
      return new Counters(
          counters.total(),
          counters.pending(),
          counters.running(),
          counters.succeeded(),
          counters.failed(),
          counters.cancelled());
    }
  }

  /** A task's own retry policy, durations as ISO-8601 ({@code PT1S}); also read from a body. */
  record Retry(Integer maxAttempts, String initialBackoff, String maxBackoff) {
    static Retry of(RetryPolicy policy) {
      return policy == null
          ? null
          : new Retry(
              policy.maxAttempts(),
              policy.initialBackoff().toString(),
              policy.maxBackoff().toString());
    }
  }

  static OpsTask of(Task task) {
    return new OpsTask(
        task.id(),
        task.tenant(),
        task.parentId(),
        task.level().name(),
        task.type(),
        task.status().name(),
        task.invokeId(),
        task.resourceId(),
        task.resourceName(),
        task.operator(),
        task.param(),
        task.result(),
        task.errorCode(),
        task.errorMessage(),
        task.cancellable(),
        time(task.createdAt()),
        time(task.startedAt()),
        time(task.finishedAt()),
        time(task.updatedAt()),
        task.version(),
        task.isBatch() ? Counters.of(task.counters()) : null,
        task.attempt(),
        task.leaseOwner(),
        time(task.leaseExpiresAt()),
        time(task.availableAt()),
        time(task.deadline()),
        task.maxRunTime() == null ? null : task.maxRunTime().toString(),
        Retry.of(task.retryPolicy()));
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
