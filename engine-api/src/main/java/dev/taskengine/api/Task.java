package dev.taskengine.api;

import java.time.Instant;
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
    InvalidRequestException.requireNonNull(id, "task.id");
    InvalidRequestException.requireNonNull(tenant, "task.tenant");
    InvalidRequestException.requireNonNull(level, "task.level");
    InvalidRequestException.requireNonNull(type, "task.type");
    InvalidRequestException.requireNonNull(status, "task.status");
    InvalidRequestException.requireNonNull(createdAt, "task.createdAt");
    InvalidRequestException.requireNonNull(updatedAt, "task.updatedAt");
    InvalidRequestException.requireNonNull(counters, "task.counters");
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
    return builder;
  }

  /**
   * Collects a task's fields; {@link #build()} checks the required ones. Defaults: cancellable,
   * version 0, counters {@link ChildCounters#NONE}. Not thread-safe.
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
          counters);
    }
  }
}
