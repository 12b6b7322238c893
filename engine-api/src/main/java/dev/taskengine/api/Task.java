package dev.taskengine.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One task as stored: a batch (level 1) or an instance task (level 2). Immutable; a transition
 * returns a new {@code Task} with a higher {@link #version()}.
 *
 * <p>Fields that a task may lack are {@code null}: {@code parentId} (batches and single tasks),
 * {@code invokeId}, {@code resourceId}, {@code resourceName}, {@code operator}, {@code param},
 * {@code result}, {@code errorCode}, {@code errorMessage}, {@code startedAt} (until the task first
 * leaves PENDING) and {@code finishedAt} (until it is terminal). {@code counters} is never null; it
 * is {@link ChildCounters#NONE} on instance tasks. Timestamps have microsecond precision.
 *
 * @param id opaque, time-ordered id; stores enforce uniqueness within the tenant, and the default
 *     generator makes ids unique everywhere
 * @param tenant the scope every read and write is bound to (account, project, region...)
 * @param parentId the batch this instance task belongs to
 * @param level batch or instance
 * @param type the operation, for example {@code StartInstance}
 * @param status the current status
 * @param invokeId the request that created the task
 * @param resourceId the resource the task acts on
 * @param resourceName a display name of the resource
 * @param operator who started the operation
 * @param param the operation's parameters, opaque to the engine
 * @param result the execution result, opaque to the engine
 * @param errorCode the failure's code, set when the task failed
 * @param errorMessage the failure's message
 * @param cancellable whether {@code cancel} is allowed
 * @param createdAt creation time; with {@code id} the sort key, never changed
 * @param startedAt when the task first left PENDING
 * @param finishedAt when the task became terminal
 * @param updatedAt the last change, counters included
 * @param version incremented by every change; the compare-and-set token of transitions
 * @param counters the children's counters of a batch
 */
public record Task(
    String id,
    String tenant,
    String parentId,
    Level level,
    String type,
    TaskStatus status,
    String invokeId,
    String resourceId,
    String resourceName,
    String operator,
    String param,
    String result,
    String errorCode,
    String errorMessage,
    boolean cancellable,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    long version,
    ChildCounters counters) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(counters, "counters");
  }

  /** Whether this is a batch (level 1) whose status follows its children. */
  public boolean isBatch() {
    return level == Level.BATCH;
  }

  /** Whether the task is in a terminal status and will never change again. */
  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** The batch this task belongs to, if it is a child. */
  public Optional<String> parent() {
    return Optional.ofNullable(parentId);
  }
}
