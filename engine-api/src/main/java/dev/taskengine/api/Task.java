package dev.taskengine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One task as stored: a batch (level 1) or an instance task (level 2). Immutable; a transition
 * returns a new {@code Task} with a higher {@link #version()}.
 *
 * <p>Fields that a task may lack are {@code null}: {@code parentId} (batches and single tasks),
 * {@code invokeId}, {@code resourceId}, {@code resourceName}, {@code operator}, {@code param},
 * {@code result}, {@code errorCode}, {@code errorMessage}, {@code startedAt} (until the task first
 * leaves PENDING), {@code finishedAt} (until it is terminal), and the work-governance fields {@code
 * leaseOwner}, {@code leaseExpiresAt}, {@code availableAt}, {@code deadline}, {@code maxRunTime}
 * and {@code retryPolicy}. {@code counters} is never null; it is {@link ChildCounters#NONE} on
 * instance tasks. Timestamps have microsecond precision.
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
 * @param attempt how many times the task was claimed or started (0 while it never ran; 1 on the
 *     first claim)
 * @param leaseOwner the worker holding the lease of the current attempt, kept when the task
 *     finishes (who finished it); null when never claimed, or after a retry
 * @param leaseExpiresAt when the current lease ends unless renewed; null when no lease is held
 * @param availableAt when a PENDING instance task may be claimed: its creation, or after a retry
 *     the end of its backoff; null on batches, which are never claimed
 * @param deadline when the task fails with {@code DeadlineExceeded} if not finished: the earliest
 *     of the spec's deadline, its batch's, and the first start plus {@code maxRunTime}; null for
 *     none
 * @param maxRunTime the longest the task may run from its first start; null for no limit
 * @param retryPolicy the task's own retry policy; null to use the engine's default
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
    ChildCounters counters,
    int attempt,
    String leaseOwner,
    Instant leaseExpiresAt,
    Instant availableAt,
    Instant deadline,
    Duration maxRunTime,
    RetryPolicy retryPolicy) {

  public Task {
    InvalidRequestException.requireNonNull(id, "task.id");
    InvalidRequestException.requireNonNull(tenant, "task.tenant");
    InvalidRequestException.requireNonNull(level, "task.level");
    InvalidRequestException.requireNonNull(type, "task.type");
    InvalidRequestException.requireNonNull(status, "task.status");
    InvalidRequestException.requireNonNull(createdAt, "task.createdAt");
    InvalidRequestException.requireNonNull(updatedAt, "task.updatedAt");
    InvalidRequestException.requireNonNull(counters, "task.counters");
  }

  /**
   * The lease of the current attempt, to heartbeat, succeed or fail as its holder.
   *
   * @throws IllegalStateException when the task was never claimed
   */
  public Lease lease() {
    if (leaseOwner == null || attempt < 1) {
      throw new IllegalStateException("task " + id + " holds no lease");
    }
    return new Lease(tenant, id, leaseOwner, attempt);
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

  /**
   * A builder for a task from scratch: for stores mapping their rows and for tests. New tasks are
   * made by the engine; nothing here checks the status machine.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset with this task's fields, to make a changed copy: {@code
   * task.toBuilder().status(RUNNING).version(task.version() + 1).build()}.
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.id = id;
    builder.tenant = tenant;
    builder.parentId = parentId;
    builder.level = level;
    builder.type = type;
    builder.status = status;
    builder.invokeId = invokeId;
    builder.resourceId = resourceId;
    builder.resourceName = resourceName;
    builder.operator = operator;
    builder.param = param;
    builder.result = result;
    builder.errorCode = errorCode;
    builder.errorMessage = errorMessage;
    builder.cancellable = cancellable;
    builder.createdAt = createdAt;
    builder.startedAt = startedAt;
    builder.finishedAt = finishedAt;
    builder.updatedAt = updatedAt;
    builder.version = version;
    builder.counters = counters;
    builder.attempt = attempt;
    builder.leaseOwner = leaseOwner;
    builder.leaseExpiresAt = leaseExpiresAt;
    builder.availableAt = availableAt;
    builder.deadline = deadline;
    builder.maxRunTime = maxRunTime;
    builder.retryPolicy = retryPolicy;
    return builder;
  }

  /**
   * Collects a task's fields; {@link #build()} checks the required ones. Defaults: cancellable,
   * version 0, counters {@link ChildCounters#NONE}, attempt 0, the rest null. Not thread-safe.
   */
  public static final class Builder {
    private String id;
    private String tenant;
    private String parentId;
    private Level level;
    private String type;
    private TaskStatus status;
    private String invokeId;
    private String resourceId;
    private String resourceName;
    private String operator;
    private String param;
    private String result;
    private String errorCode;
    private String errorMessage;
    private boolean cancellable = true;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;
    private long version;
    private ChildCounters counters = ChildCounters.NONE;
    private int attempt;
    private String leaseOwner;
    private Instant leaseExpiresAt;
    private Instant availableAt;
    private Instant deadline;
    private Duration maxRunTime;
    private RetryPolicy retryPolicy;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder level(Level level) {
      this.level = level;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder status(TaskStatus status) {
      this.status = status;
      return this;
    }

    public Builder invokeId(String invokeId) {
      this.invokeId = invokeId;
      return this;
    }

    public Builder resourceId(String resourceId) {
      this.resourceId = resourceId;
      return this;
    }

    public Builder resourceName(String resourceName) {
      this.resourceName = resourceName;
      return this;
    }

    public Builder operator(String operator) {
      this.operator = operator;
      return this;
    }

    public Builder param(String param) {
      this.param = param;
      return this;
    }

    public Builder result(String result) {
      this.result = result;
      return this;
    }

    public Builder errorCode(String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    public Builder errorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
      return this;
    }

    public Builder cancellable(boolean cancellable) {
      this.cancellable = cancellable;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = finishedAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder counters(ChildCounters counters) {
      this.counters = counters;
      return this;
    }

    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    public Builder leaseOwner(String leaseOwner) {
      this.leaseOwner = leaseOwner;
      return this;
    }

    public Builder leaseExpiresAt(Instant leaseExpiresAt) {
      this.leaseExpiresAt = leaseExpiresAt;
      return this;
    }

    public Builder availableAt(Instant availableAt) {
      this.availableAt = availableAt;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder maxRunTime(Duration maxRunTime) {
      this.maxRunTime = maxRunTime;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public Task build() {
      return new Task(
          id,
          tenant,
          parentId,
          level,
          type,
          status,
          invokeId,
          resourceId,
          resourceName,
          operator,
          param,
          result,
          errorCode,
          errorMessage,
          cancellable,
          createdAt,
          startedAt,
          finishedAt,
          updatedAt,
          version,
          counters,
          attempt,
          leaseOwner,
          leaseExpiresAt,
          availableAt,
          deadline,
          maxRunTime,
          retryPolicy);
    }
  }
}
