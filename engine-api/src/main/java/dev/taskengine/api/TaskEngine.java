package dev.taskengine.api;

import dev.taskengine.spi.EngineSettings;
import dev.taskengine.spi.TaskEngineFactory;
import dev.taskengine.spi.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Tracks asynchronous tasks: creates single tasks and batches, moves them through the status
 * machine of {@link TaskStatus}, keeps batch counters and status in step with their children, and
 * lists tasks with filters and signed keyset page tokens.
 *
 * <p>Every method takes the tenant and never reads, changes, counts or pages another tenant's
 * tasks. Every transition is a compare-and-set on the task's status and version: of two callers
 * racing on one task, one wins and the other gets {@link ConcurrentUpdateException}. Bad arguments
 * get an {@link InvalidRequestException} naming the field and the limit, before anything is
 * written. Implementations are thread-safe and keep no state a restart would lose except, without
 * configured token keys, the ability to verify old page tokens.
 *
 * <p>Make one with {@link #builder()}:
 *
 * <pre>{@code
 * TaskEngine engine = TaskEngine.builder().store(new MemoryTaskStore()).build();
 * }</pre>
 */
public interface TaskEngine {

  /** A builder for an engine; engine-core must be on the class path. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a single task (an instance task with no parent) in PENDING.
   *
   * <p>With a client token, a repeat of the same spec returns the task the first call created.
   *
   * @throws IdempotencyConflictException when the client token was used with a different spec
   */
  Task submit(TaskSpec spec);

  /**
   * Creates a batch and one PENDING child per {@link ChildSpec}, atomically: all rows or none.
   * Returns the batch, whose counters count the children.
   *
   * @throws IdempotencyConflictException when the client token was used with a different spec
   */
  Task submitBatch(BatchSpec spec);

  /**
   * Adds PENDING children to a batch that is PENDING or RUNNING, atomically with its counters.
   *
   * @return the new children, in order
   * @throws IllegalTransitionException when the batch is cancelling or terminal, or is not a batch
   * @throws InvalidRequestException when the batch would pass the children limit
   */
  List<Task> addChildren(String tenant, String batchId, List<ChildSpec> children);

  /** PENDING to RUNNING. A batch's status follows its children and cannot be started. */
  Task start(String tenant, String taskId);

  /**
   * RUNNING or CANCELLING to SUCCEEDED, with the result (may be null). Repeating the same report on
   * a task that already succeeded with the same result is a no-op returning the task.
   */
  Task succeed(String tenant, String taskId, String result);

  /**
   * PENDING, RUNNING or CANCELLING to FAILED, with the error (code required, message may be null).
   * Repeating the same report is a no-op returning the task.
   */
  Task fail(String tenant, String taskId, String errorCode, String errorMessage);

  /**
   * Requests cancellation: PENDING goes to CANCELLED, RUNNING to CANCELLING (the worker then
   * confirms with {@link #confirmCancelled}); on a CANCELLING or CANCELLED task it is a no-op. On a
   * batch, cancels its PENDING children and moves its RUNNING ones to CANCELLING, atomically.
   *
   * @throws IllegalTransitionException when the task is not cancellable or already succeeded or
   *     failed
   */
  Task cancel(String tenant, String taskId);

  /**
   * A worker's confirmation that a CANCELLING task stopped: CANCELLING to CANCELLED. Repeating it
   * on a CANCELLED task is a no-op.
   */
  Task confirmCancelled(String tenant, String taskId);

  /** Records an interim result on a PENDING, RUNNING or CANCELLING task (not a transition). */
  Task recordProgress(String tenant, String taskId, String result);

  /** The task, if it exists in the tenant. */
  Optional<Task> find(String tenant, String taskId);

  /**
   * The task.
   *
   * @throws TaskNotFoundException when it does not exist in the tenant
   */
  Task get(String tenant, String taskId);

  /**
   * One page of the query's results by keyset pagination. The first page fixes a snapshot time: no
   * later page shows a task created after it. The next token is bound to the tenant, the filter and
   * the order.
   *
   * @throws InvalidPageTokenException when the token cannot be used with this query
   */
  Page<Task> query(TaskQuery query, PageRequest page);

  /**
   * The results at positions {@code offset .. offset + limit - 1}, for APIs that demand offset
   * paging. Costs grow with the offset; {@code offset + limit} is capped (10,000 by default).
   */
  List<Task> queryByOffset(TaskQuery query, int offset, int limit);

  /** How many tasks match, exact up to the count cap (10,000 by default). */
  TaskCount count(TaskQuery query);

  /**
   * Deletes the tenant's single tasks and batches (with their children) that became terminal
   * strictly before {@code finishedBefore}.
   *
   * @return the number of tasks deleted, children included
   */
  long purgeFinished(String tenant, Instant finishedBefore);

  /**
   * Collects the engine's settings and builds it. Only {@link #store} is required. Not thread-safe;
   * {@link #build()} validates everything and may be called more than once.
   */
  final class Builder {
    private TaskStore store;
    private Clock clock = Clock.systemUTC();
    private IdGenerator idGenerator;
    private String defaultIdPrefix = "t-";
    private final Map<String, String> idPrefixByType = new HashMap<>();
    private TokenKeyRing tokenKeys;
    private Limits limits = Limits.defaults();
    private RollupPolicy rollupPolicy = RollupPolicy.DEFAULT;

    private Builder() {}

    /** Where tasks live. Required. */
    public Builder store(TaskStore store) {
      this.store = InvalidRequestException.requireNonNull(store, "store");
      return this;
    }

    /** The time source of every timestamp and token expiry; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = InvalidRequestException.requireNonNull(clock, "clock");
      return this;
    }

    /** A custom id generator instead of the default time-ordered one. */
    public Builder idGenerator(IdGenerator idGenerator) {
      this.idGenerator = InvalidRequestException.requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    /** The default generator's prefix for every type without its own ({@code "t-"}). */
    public Builder idPrefix(String prefix) {
      this.defaultIdPrefix = checkPrefix(prefix, "idPrefix");
      return this;
    }

    /** The default generator's prefix for tasks of {@code type}. */
    public Builder idPrefix(String type, String prefix) {
      idPrefixByType.put(
          InvalidRequestException.requireNonBlank(type, "idPrefix.type"),
          checkPrefix(prefix, "idPrefix"));
      return this;
    }

    private static String checkPrefix(String prefix, String field) {
      InvalidRequestException.requireNonNull(prefix, field);
      if (prefix.length() > 32) {
        throw new InvalidRequestException(field, "must be at most 32 characters");
      }
      return prefix;
    }

    /**
     * The keys that sign page tokens. Without them the engine uses the store's shared ring if it
     * keeps one, otherwise a random key with a warning that tokens will not survive a restart.
     */
    public Builder tokenKeys(TokenKeyRing tokenKeys) {
      this.tokenKeys = InvalidRequestException.requireNonNull(tokenKeys, "tokenKeys");
      return this;
    }

    /** Limits; {@link Limits#defaults()} unless set. */
    public Builder limits(Limits limits) {
      this.limits = InvalidRequestException.requireNonNull(limits, "limits");
      return this;
    }

    /** How a batch's final status follows from its children; {@link RollupPolicy#DEFAULT}. */
    public Builder rollupPolicy(RollupPolicy rollupPolicy) {
      this.rollupPolicy = InvalidRequestException.requireNonNull(rollupPolicy, "rollupPolicy");
      return this;
    }

    /**
     * The engine.
     *
     * @throws InvalidRequestException when no store was set
     * @throws IllegalStateException when engine-core is not on the class path
     */
    public TaskEngine build() {
      InvalidRequestException.requireNonNull(store, "store");
      EngineSettings settings =
          new EngineSettings(
              store,
              clock,
              idGenerator,
              defaultIdPrefix,
              idPrefixByType,
              tokenKeys,
              limits,
              rollupPolicy);
      TaskEngineFactory factory =
          ServiceLoader.load(TaskEngineFactory.class, TaskEngine.class.getClassLoader())
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no TaskEngineFactory found: put dev.taskengine:engine-core on the"
                              + " class path"));
      return factory.create(settings);
    }
  }
}
