package dev.taskengine.core.internal;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.IdempotencyConflictException;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Limits;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskNotFoundException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: every rule of docs/engine.md, over a {@link TaskStore} that only persists. Holds no
 * mutable state of its own; thread-safe.
 */
public final class CoreTaskEngine implements TaskEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

  /** A batch's version also moves with its children, so a cancel re-reads and tries again. */
  private static final int BATCH_CANCEL_ATTEMPTS = 16;

  private static final Set<TaskStatus> OPEN_BATCH =
      EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING);
  private static final Map<TaskStatus, TaskStatus> CANCEL_CHILDREN =
      Map.of(
          TaskStatus.PENDING, TaskStatus.CANCELLED,
          TaskStatus.RUNNING, TaskStatus.CANCELLING);

  private final TaskStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final Limits limits;
  private final RequestChecks checks;
  private final PolicyRollup rollup;
  private final PageTokens tokens;

  /** An engine with these settings; hosts use {@link dev.taskengine.core.TaskEngines}. */
  public CoreTaskEngine(EngineSettings settings) {
    PolicyRollup.check(settings.rollupPolicy());
    this.store = settings.store();
    this.clock = settings.clock();
    this.ids =
        settings.idGenerator() != null
            ? settings.idGenerator()
            : new TimeOrderedIdGenerator(
                settings.defaultIdPrefix(), settings.idPrefixByType(), settings.clock());
    this.limits = settings.limits();
    this.checks = new RequestChecks(limits);
    this.rollup = new PolicyRollup(settings.rollupPolicy());
    this.tokens = new PageTokens(tokenKeys(settings), limits.pageTokenTtl());
  }

  private TokenKeyRing tokenKeys(EngineSettings settings) {
    if (settings.tokenKeys() != null) {
      return settings.tokenKeys();
    }
    Optional<TokenKeyRing> shared = guard(store::sharedTokenKeys);
    if (shared.isPresent()) {
      return shared.get();
    }
    LOG.warn(
        "No page-token keys configured and the store keeps none: using a random key. Page tokens"
            + " will not survive a restart and other nodes will reject them; configure"
            + " TaskEngines.builder().tokenKeys(...).");
    return TokenKeyRing.of(
        TokenKey.random("local-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  // ---- creation ----

  @Override
  public Task submit(TaskSpec spec) {
    checks.taskSpec(spec);
    Instant now = now();
    Task task =
        TaskStates.created(
            newId(spec.type(), Level.INSTANCE),
            spec.tenant(),
            null,
            Level.INSTANCE,
            spec.type(),
            spec.invokeId(),
            spec.resourceId(),
            spec.resourceName(),
            spec.operator(),
            spec.param(),
            spec.cancellable(),
            now,
            ChildCounters.NONE);
    return insertOnce(
        new NewTasks(
            task,
            List.of(),
            tokenRecord(spec.tenant(), spec.clientToken(), task, () -> Fingerprint.of(spec))));
  }

  @Override
  public Task submitBatch(BatchSpec spec) {
    checks.batchSpec(spec);
    Instant now = now();
    List<ChildSpec> childSpecs = spec.children();
    Task batch =
        TaskStates.created(
            newId(spec.type(), Level.BATCH),
            spec.tenant(),
            null,
            Level.BATCH,
            spec.type(),
            spec.invokeId(),
            null,
            null,
            spec.operator(),
            spec.param(),
            spec.cancellable(),
            now,
            CounterDelta.added(childSpecs.size()).applyTo(ChildCounters.NONE));
    List<Task> children = children(batch, childSpecs, now);
    return insertOnce(
        new NewTasks(
            batch,
            children,
            tokenRecord(spec.tenant(), spec.clientToken(), batch, () -> Fingerprint.of(spec))));
  }

  @Override
  public List<Task> addChildren(String tenant, String batchId, List<ChildSpec> childSpecs) {
    checks.required(tenant, "tenant");
    checks.required(batchId, "batchId");
    InvalidRequestException.requireNonNull(childSpecs, "children");
    Task batch = get(tenant, batchId);
    requireOpenBatch(batch);
    checks.children(childSpecs, batch.counters().total());
    Instant now = now();
    List<Task> children = children(batch, childSpecs, now);
    Optional<Task> added =
        guard(
            () ->
                store.addChildren(
                    new ChildAddition(
                        tenant, batchId, OPEN_BATCH, limits.maxChildrenPerBatch(), children, now)));
    if (added.isEmpty()) {
      // The batch changed since we read it: explain with its current state.
      Task current = get(tenant, batchId);
      requireOpenBatch(current);
      checks.children(childSpecs, current.counters().total());
      throw new ConcurrentUpdateException(batchId, current.version());
    }
    return children;
  }

  private void requireOpenBatch(Task batch) {
    if (!batch.isBatch()) {
      throw new IllegalTransitionException(batch.id(), batch.status(), "is not a batch");
    }
    if (!OPEN_BATCH.contains(batch.status())) {
      throw new IllegalTransitionException(
          batch.id(),
          batch.status(),
          "children can only be added while the batch is " + OPEN_BATCH);
    }
  }

  private List<Task> children(Task batch, List<ChildSpec> specs, Instant now) {
    List<Task> children = new ArrayList<>(specs.size());
    for (ChildSpec spec : specs) {
      children.add(
          TaskStates.created(
              newId(batch.type(), Level.INSTANCE),
              batch.tenant(),
              batch.id(),
              Level.INSTANCE,
              batch.type(),
              batch.invokeId(),
              spec.resourceId(),
              spec.resourceName(),
              batch.operator(),
              spec.param(),
              batch.cancellable(),
              now,
              ChildCounters.NONE));
    }
    return children;
  }

  private String newId(String type, Level level) {
    String id = ids.newId(type, level);
    if (id == null || id.isBlank() || id.length() > limits.maxShortStringLength()) {
      throw new InvalidRequestException(
          "idGenerator",
          "made the id \""
              + id
              + "\"; ids must be non-blank and at most "
              + limits.maxShortStringLength()
              + " characters");
    }
    return id;
  }

  private static ClientTokenRecord tokenRecord(
      String tenant, String clientToken, Task root, Supplier<String> requestHash) {
    return clientToken == null
        ? null
        : new ClientTokenRecord(tenant, clientToken, root.id(), requestHash.get());
  }

  /** Inserts, or answers a repeated client token with the original task or a conflict. */
  private Task insertOnce(NewTasks tasks) {
    ClientTokenRecord token = tasks.clientToken();
    if (token != null) {
      Optional<ClientTokenRecord> existing =
          guard(() -> store.findClientToken(token.tenant(), token.clientToken()));
      if (existing.isPresent()) {
        return original(existing.get(), token);
      }
    }
    try {
      guard(
          () -> {
            store.insert(tasks);
            return null;
          });
      return tasks.root();
    } catch (DuplicateClientTokenException raced) {
      // Another caller inserted the same token between our lookup and our insert.
      ClientTokenRecord winner =
          guard(() -> store.findClientToken(token.tenant(), token.clientToken()))
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the store reported client token "
                              + token.clientToken()
                              + " as used but cannot find it",
                          raced));
      return original(winner, token);
    }
  }

  private Task original(ClientTokenRecord existing, ClientTokenRecord requested) {
    if (!existing.requestHash().equals(requested.requestHash())) {
      throw new IdempotencyConflictException(requested.clientToken(), existing.taskId());
    }
    return get(existing.tenant(), existing.taskId());
  }

  // ---- transitions ----

  @Override
  public Task start(String tenant, String taskId) {
    return transition(
        tenant,
        taskId,
        (task, now) -> {
          requireInstance(task, "start");
          if (task.status() != TaskStatus.PENDING) {
            throw illegal(task, "only a PENDING task can start");
          }
          return TaskStates.next(
              task, TaskStatus.RUNNING, task.result(), null, null, now, null, now);
        });
  }

  @Override
  public Task succeed(String tenant, String taskId, String result) {
    checks.payload(result, "result");
    return transition(
        tenant,
        taskId,
        (task, now) -> {
          requireInstance(task, "succeed");
          if (task.status() == TaskStatus.SUCCEEDED && Objects.equals(task.result(), result)) {
            return task; // the same report again
          }
          if (!task.status().canMoveTo(TaskStatus.SUCCEEDED)) {
            throw illegal(task, "only a RUNNING or CANCELLING task can succeed");
          }
          return TaskStates.next(
              task, TaskStatus.SUCCEEDED, result, null, null, task.startedAt(), now, now);
        });
  }

  @Override
  public Task fail(String tenant, String taskId, String errorCode, String errorMessage) {
    checks.required(errorCode, "errorCode");
    checks.payload(errorMessage, "errorMessage");
    return transition(
        tenant,
        taskId,
        (task, now) -> {
          requireInstance(task, "fail");
          if (task.status() == TaskStatus.FAILED
              && Objects.equals(task.errorCode(), errorCode)
              && Objects.equals(task.errorMessage(), errorMessage)) {
            return task;
          }
          if (!task.status().canMoveTo(TaskStatus.FAILED)) {
            throw illegal(task, "only a PENDING, RUNNING or CANCELLING task can fail");
          }
          return TaskStates.next(
              task,
              TaskStatus.FAILED,
              task.result(),
              errorCode,
              errorMessage,
              task.startedAt(),
              now,
              now);
        });
  }

  @Override
  public Task cancel(String tenant, String taskId) {
    checks.required(tenant, "tenant");
    checks.required(taskId, "taskId");
    for (int attempt = 0; attempt < BATCH_CANCEL_ATTEMPTS; attempt++) {
      Task task = get(tenant, taskId);
      if (!task.isBatch()) {
        return transition(task, this::cancelInstance);
      }
      if (isCancelRequested(task)) {
        return task;
      }
      requireCancellable(task);
      Instant now = now();
      Optional<Task> cancelled =
          guard(
              () ->
                  store.cascade(
                      new BatchCascade(task, TaskStatus.CANCELLING, CANCEL_CHILDREN, now), rollup));
      if (cancelled.isPresent()) {
        return cancelled.get();
      }
    }
    throw new ConcurrentUpdateException(taskId, get(tenant, taskId).version());
  }

  private Task cancelInstance(Task task, Instant now) {
    if (isCancelRequested(task)) {
      return task;
    }
    requireCancellable(task);
    return task.status() == TaskStatus.PENDING
        ? TaskStates.next(
            task, TaskStatus.CANCELLED, task.result(), null, null, task.startedAt(), now, now)
        : TaskStates.next(
            task, TaskStatus.CANCELLING, task.result(), null, null, task.startedAt(), null, now);
  }

  private static boolean isCancelRequested(Task task) {
    return task.status() == TaskStatus.CANCELLING || task.status() == TaskStatus.CANCELLED;
  }

  private static void requireCancellable(Task task) {
    if (task.isTerminal()) {
      throw illegal(task, "a finished task cannot be cancelled");
    }
    if (!task.cancellable()) {
      throw illegal(task, "the task is not cancellable");
    }
  }

  @Override
  public Task confirmCancelled(String tenant, String taskId) {
    return transition(
        tenant,
        taskId,
        (task, now) -> {
          requireInstance(task, "confirmCancelled");
          if (task.status() == TaskStatus.CANCELLED) {
            return task;
          }
          if (task.status() != TaskStatus.CANCELLING) {
            throw illegal(task, "only a CANCELLING task can be confirmed cancelled");
          }
          return TaskStates.next(
              task, TaskStatus.CANCELLED, task.result(), null, null, task.startedAt(), now, now);
        });
  }

  @Override
  public Task recordProgress(String tenant, String taskId, String result) {
    checks.payload(result, "result");
    return transition(
        tenant,
        taskId,
        (task, now) -> {
          if (task.isTerminal()) {
            throw illegal(task, "a finished task takes no more progress");
          }
          return TaskStates.next(
              task,
              task.status(),
              result,
              task.errorCode(),
              task.errorMessage(),
              task.startedAt(),
              task.finishedAt(),
              now);
        });
  }

  /** Computes the next state of a task from its current one; returns the task itself for no-ops. */
  @FunctionalInterface
  private interface Step {
    Task apply(Task current, Instant now);
  }

  private Task transition(String tenant, String taskId, Step step) {
    checks.required(tenant, "tenant");
    checks.required(taskId, "taskId");
    return transition(get(tenant, taskId), step);
  }

  /** One compare-and-set write; a lost race is the caller's to resolve, never retried here. */
  private Task transition(Task current, Step step) {
    Instant now = now();
    Task next = step.apply(current, now);
    if (next == current) {
      return current;
    }
    CounterDelta delta =
        current.parentId() == null
            ? CounterDelta.ZERO
            : CounterDelta.move(current.status(), next.status());
    return guard(() -> store.update(new TaskUpdate(current, next, delta, now), rollup))
        .map(UpdateResult::task)
        .orElseThrow(() -> new ConcurrentUpdateException(current.id(), current.version()));
  }

  private static void requireInstance(Task task, String operation) {
    if (task.isBatch()) {
      throw illegal(
          task, "a batch's status follows its children; " + operation + " its children instead");
    }
  }

  private static IllegalTransitionException illegal(Task task, String message) {
    return new IllegalTransitionException(task.id(), task.status(), message);
  }

  // ---- reads ----

  @Override
  public Optional<Task> find(String tenant, String taskId) {
    checks.required(tenant, "tenant");
    checks.required(taskId, "taskId");
    return guard(() -> store.find(tenant, taskId));
  }

  @Override
  public Task get(String tenant, String taskId) {
    return find(tenant, taskId).orElseThrow(() -> new TaskNotFoundException(tenant, taskId));
  }

  @Override
  public Page<Task> query(TaskQuery query, PageRequest page) {
    checks.query(query);
    InvalidRequestException.requireNonNull(page, "page");
    int size = checks.pageSize(page.size());
    Instant now = now();
    // The token's scope (two digests) is computed once, and only when a token is read or issued.
    PageTokens.Scope scope =
        page.token() == null ? null : new PageTokens.Scope(query.tenant(), query);
    PageTokens.Position position =
        scope == null ? new PageTokens.Position(now, null) : tokens.read(page.token(), scope, now);
    List<Task> rows =
        guard(
            () ->
                store.findPage(
                    new PageQuery(query, position.snapshot(), position.after(), size + 1)));
    if (rows.size() <= size) {
      return new Page<>(rows, Optional.empty());
    }
    List<Task> items = rows.subList(0, size);
    SortKey last = SortKey.of(items.get(size - 1));
    if (scope == null) {
      scope = new PageTokens.Scope(query.tenant(), query);
    }
    return new Page<>(items, Optional.of(tokens.issue(scope, position.snapshot(), last, now)));
  }

  @Override
  public List<Task> queryByOffset(TaskQuery query, int offset, int limit) {
    checks.query(query);
    checks.offsetWindow(offset, limit);
    return List.copyOf(guard(() -> store.findOffset(query, offset, limit)));
  }

  @Override
  public TaskCount count(TaskQuery query) {
    checks.query(query);
    long cap = limits.countCap();
    long counted = guard(() -> store.count(query, cap + 1));
    return counted > cap ? new TaskCount(cap, true) : new TaskCount(counted, false);
  }

  @Override
  public long purgeFinished(String tenant, Instant finishedBefore) {
    checks.required(tenant, "tenant");
    InvalidRequestException.requireNonNull(finishedBefore, "finishedBefore");
    return guard(() -> store.purgeFinished(tenant, finishedBefore));
  }

  // ---- plumbing ----

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Runs a store call so that nothing but the engine's own exceptions leave it: a third-party
   * store's stray runtime exception becomes a {@link StoreException} with it as the cause.
   */
  private static <T> T guard(Supplier<T> call) {
    try {
      return call.get();
    } catch (TaskEngineException | DuplicateClientTokenException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException("the store failed: " + e, e);
    }
  }
}
