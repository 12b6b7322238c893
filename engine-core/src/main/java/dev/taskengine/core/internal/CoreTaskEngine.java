package dev.taskengine.core.internal;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.HolderReport;
import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.IdempotencyConflictException;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Lease;
import dev.taskengine.api.LeaseLostException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Limits;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.ReportOutcome;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.SweepResult;
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
import dev.taskengine.core.internal.StatusMachine.Call;
import dev.taskengine.core.internal.StatusMachine.Outcome;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.SortKey;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: every rule of docs/engine.md, over a {@link TaskStore} that only persists. Its only
 * state of its own is a bounded copy of the leased tasks it last wrote ({@link HeldTasks}), which
 * saves a lease holder's report a read and never decides an outcome; thread-safe.
 */
public final class CoreTaskEngine implements TaskEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

  /** A batch's version also moves with its children, so a cancel re-reads and tries again. */
  private static final int BATCH_CANCEL_ATTEMPTS = 16;

  /**
   * A lease holder's call re-reads and tries again when another write raced it, as long as the
   * lease still holds: its own task can only be changed by a cancel, a sweep or an operator.
   */
  private static final int HOLDER_ATTEMPTS = 4;

  private final TaskStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final Limits limits;
  private final RequestChecks checks;
  private final PolicyRollup rollup;
  private final PageTokens tokens;
  private final RetryPolicy retryPolicy;
  private final Sweeper sweeper;
  private final HeldTasks held = new HeldTasks();

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
    this.retryPolicy = settings.retryPolicy();
    // last: the sweeper's thread may call this engine once its first interval passes
    this.sweeper =
        settings.sweepInterval() == null
            ? null
            : new Sweeper(this, settings.sweepInterval(), settings.sweepLimit());
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
    Instant deadline = micros(spec.deadline());
    Duration maxRunTime = micros(spec.maxRunTime());
    checks.work(deadline, maxRunTime, now);
    Task task =
        TaskStates.created(
                newId(spec.type(), Level.INSTANCE), spec.tenant(), Level.INSTANCE, spec.type(), now)
            .invokeId(spec.invokeId())
            .resourceId(spec.resourceId())
            .resourceName(spec.resourceName())
            .operator(spec.operator())
            .param(spec.param())
            .cancellable(spec.cancellable())
            .deadline(deadline)
            .maxRunTime(maxRunTime)
            .retryPolicy(micros(spec.retryPolicy()))
            .build();
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
    Instant deadline = micros(spec.deadline());
    Duration maxRunTime = micros(spec.maxRunTime());
    checks.work(deadline, maxRunTime, now);
    List<ChildSpec> childSpecs = spec.children();
    Task batch =
        TaskStates.created(
                newId(spec.type(), Level.BATCH), spec.tenant(), Level.BATCH, spec.type(), now)
            .invokeId(spec.invokeId())
            .operator(spec.operator())
            .param(spec.param())
            .cancellable(spec.cancellable())
            .deadline(deadline)
            .maxRunTime(maxRunTime)
            .retryPolicy(micros(spec.retryPolicy()))
            .counters(CounterDelta.added(childSpecs.size()).applyTo(ChildCounters.NONE))
            .build();
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
    StatusMachine.decide(Call.ADD_CHILDREN, batch);
    checks.children(childSpecs, batch.counters().total());
    Instant now = now();
    List<Task> children = children(batch, childSpecs, now);
    Optional<Task> added =
        guard(
            () ->
                store.addChildren(
                    new ChildAddition(
                        tenant,
                        batchId,
                        StatusMachine.TAKES_CHILDREN,
                        limits.maxChildrenPerBatch(),
                        children,
                        now)));
    if (added.isEmpty()) {
      // The batch changed since we read it: explain with its current state.
      Task current = get(tenant, batchId);
      StatusMachine.decide(Call.ADD_CHILDREN, current);
      checks.children(childSpecs, current.counters().total());
      throw new ConcurrentUpdateException(batchId, current.version());
    }
    return children;
  }

  /** New children of {@code batch}: they take its type, invoke id, operator and work settings. */
  private List<Task> children(Task batch, List<ChildSpec> specs, Instant now) {
    List<Task> children = new ArrayList<>(specs.size());
    for (ChildSpec spec : specs) {
      children.add(
          TaskStates.created(
                  newId(batch.type(), Level.INSTANCE),
                  batch.tenant(),
                  Level.INSTANCE,
                  batch.type(),
                  now)
              .parentId(batch.id())
              .invokeId(batch.invokeId())
              .resourceId(spec.resourceId())
              .resourceName(spec.resourceName())
              .operator(batch.operator())
              .param(spec.param())
              .cancellable(batch.cancellable())
              .deadline(batch.deadline())
              .maxRunTime(batch.maxRunTime())
              .retryPolicy(batch.retryPolicy())
              .build());
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

  // ---- transitions: each call is a Change, and StatusMachine decides what it does ----

  @Override
  public Task start(String tenant, String taskId) {
    return transition(tenant, taskId, Change.START);
  }

  @Override
  public Task succeed(String tenant, String taskId, String result) {
    checks.payload(result, "result");
    return transition(tenant, taskId, Change.succeed(result));
  }

  @Override
  public Task fail(String tenant, String taskId, String errorCode, String errorMessage) {
    checks.required(errorCode, "errorCode");
    checks.payload(errorMessage, "errorMessage");
    return transition(tenant, taskId, Change.fail(errorCode, errorMessage));
  }

  @Override
  public Task confirmCancelled(String tenant, String taskId) {
    return transition(tenant, taskId, Change.CONFIRM_CANCELLED);
  }

  @Override
  public Task recordProgress(String tenant, String taskId, String result) {
    checks.payload(result, "result");
    return transition(tenant, taskId, Change.recordProgress(result));
  }

  /**
   * Cancels an instance task as the table says. A batch instead becomes CANCELLING and each of its
   * children does what a cancel does to it, in one cascade; the rollup then finishes the batch when
   * no child is left running.
   */
  @Override
  public Task cancel(String tenant, String taskId) {
    checks.required(tenant, "tenant");
    checks.required(taskId, "taskId");
    for (int attempt = 0; attempt < BATCH_CANCEL_ATTEMPTS; attempt++) {
      Task task = get(tenant, taskId);
      if (!task.isBatch()) {
        return transition(task, Change.CANCEL);
      }
      if (StatusMachine.decide(Call.CANCEL, task).kind() == Outcome.Kind.REPEAT) {
        return task;
      }
      Instant now = now();
      Optional<Task> cancelled =
          guard(
              () ->
                  store.cascade(
                      new BatchCascade(
                          task, TaskStatus.CANCELLING, StatusMachine.CANCEL_MOVES, now),
                      rollup));
      if (cancelled.isPresent()) {
        return cancelled.get();
      }
    }
    throw new ConcurrentUpdateException(taskId, get(tenant, taskId).version());
  }

  private Task transition(String tenant, String taskId, Change change) {
    checks.required(tenant, "tenant");
    checks.required(taskId, "taskId");
    return transition(get(tenant, taskId), change);
  }

  private Task transition(Task current, Change change) {
    return transition(current, change, now());
  }

  /** One compare-and-set write; a lost race is the caller's to resolve, never retried here. */
  private Task transition(Task current, Change change, Instant now) {
    Task next = StatusMachine.next(current, change, now);
    if (next == current) {
      return current; // the same report again
    }
    CounterDelta delta = parentDelta(current, next);
    Task written =
        guard(() -> store.update(new TaskUpdate(current, next, delta, now), rollup))
            .map(UpdateResult::task)
            .orElseThrow(() -> new ConcurrentUpdateException(current.id(), current.version()));
    held.saw(written);
    return written;
  }

  /** The move of {@code current}'s batch counters when it becomes {@code next}. */
  private static CounterDelta parentDelta(Task current, Task next) {
    return current.parentId() == null
        ? CounterDelta.ZERO
        : CounterDelta.move(current.status(), next.status());
  }

  // ---- work governance: claims and sweeps are picks, heartbeats and lease reports are Changes
  // ----

  @Override
  public List<Task> claim(ClaimRequest request) {
    checks.claim(request);
    Instant now = now();
    Change claim =
        Change.claim(request.owner(), now.plus(request.lease()).truncatedTo(ChronoUnit.MICROS));
    Pick pick =
        new Pick(
            new Pick.Claimable(request.tenant(), request.types(), request.resourceIds()),
            request.limit(),
            now,
            task -> claimable(task, now) ? StatusMachine.next(task, claim, now) : task);
    List<Task> claimed =
        guard(() -> store.pick(pick, rollup)).stream().map(UpdateResult::task).toList();
    claimed.forEach(held::saw);
    return claimed;
  }

  /** Whether a claim may take {@code task} now; the store selected it, the engine decides. */
  private static boolean claimable(Task task, Instant now) {
    return !task.isBatch()
        && task.status() == TaskStatus.PENDING
        && (task.availableAt() == null || !task.availableAt().isAfter(now));
  }

  @Override
  public Task heartbeat(Lease lease, Duration extension) {
    return heartbeat(lease, extension, null);
  }

  @Override
  public Task heartbeat(Lease lease, Duration extension, String progress) {
    checks.extension(extension);
    checks.payload(progress, "progress");
    checks.lease(lease);
    return asHolder(
        lease,
        now -> Change.heartbeat(now.plus(extension).truncatedTo(ChronoUnit.MICROS), progress));
  }

  @Override
  public Task succeed(Lease lease, String result) {
    return reportAlone(HolderReport.succeeded(lease, result));
  }

  @Override
  public Task fail(Lease lease, String errorCode, String errorMessage) {
    return reportAlone(HolderReport.failed(lease, errorCode, errorMessage));
  }

  @Override
  public Task confirmCancelled(Lease lease) {
    return reportAlone(HolderReport.cancelled(lease));
  }

  private Task reportAlone(HolderReport report) {
    checks.report(report);
    Change change = Change.report(report);
    return asHolder(report.lease(), now -> change);
  }

  /**
   * A change made as the holder of {@code lease}: the task must name the lease's owner and attempt,
   * and the lease must not have expired, unless the call repeats the report that already finished
   * the task as this holder (a no-op). The compare-and-set on the version then makes the check
   * exact against a sweep or another writer racing this call.
   *
   * <p>It starts from this engine's own copy of the task when it has one that the lease holds
   * ({@link HeldTasks}): no read. When the copy refuses the call or the write finds the version
   * moved, the copy may be out of date, so the refusal is not given: the task is read and decided
   * as it is stored.
   */
  private Task asHolder(Lease lease, Function<Instant, Change> changeAt) {
    Optional<Task> copy = held.held(lease);
    if (copy.isPresent()) {
      Instant now = now();
      Change change = changeAt.apply(now);
      try {
        if (checkHolder(lease, copy.get(), change, now).isEmpty()) {
          return transition(copy.get(), change, now);
        }
      } catch (LeaseLostException
          | ConcurrentUpdateException
          | IllegalTransitionException outOfDate) {
        // Perhaps only the copy's view (the task moved on since): decide on what is stored.
      }
    }
    for (int attempt = 0; attempt < HOLDER_ATTEMPTS; attempt++) {
      Task current = get(lease.tenant(), lease.taskId());
      held.saw(current);
      Instant now = now();
      Change change = changeAt.apply(now);
      Optional<Task> repeated = checkHolder(lease, current, change, now);
      if (repeated.isPresent()) {
        return repeated.get();
      }
      try {
        return transition(current, change, now);
      } catch (ConcurrentUpdateException raced) {
        // A sweep, a cancel or another writer changed the task after we read it: read it again
        // and answer as the lease now stands (lost, or still held and tried again).
      }
    }
    throw new ConcurrentUpdateException(
        lease.taskId(), get(lease.tenant(), lease.taskId()).version());
  }

  /**
   * Checks that {@code current} is held by {@code lease} at {@code now}: the same owner and
   * attempt, and a lease that has not expired; or else that the call repeats the holder's own
   * finishing report (returned, a no-op).
   *
   * @throws LeaseLostException when the lease is not held
   */
  private static Optional<Task> checkHolder(Lease lease, Task current, Change change, Instant now) {
    if (!lease.owner().equals(current.leaseOwner()) || lease.attempt() != current.attempt()) {
      throw new LeaseLostException(
          current.id(),
          "the lease of "
              + lease.owner()
              + " on attempt "
              + lease.attempt()
              + " is not held; the task is "
              + current.status()
              + " on attempt "
              + current.attempt()
              + (current.leaseOwner() == null ? "" : " of " + current.leaseOwner()));
    }
    if (current.isTerminal()) {
      if (!current.isBatch()
          && StatusMachine.outcome(change.call(), current.status()).kind() == Outcome.Kind.REPEAT
          && change.repeats(current)) {
        return Optional.of(current); // the holder's own report again
      }
      throw new LeaseLostException(
          current.id(), "the lease ended: the task is already " + current.status());
    }
    if (current.leaseExpiresAt() == null || !now.isBefore(current.leaseExpiresAt())) {
      throw new LeaseLostException(
          current.id(),
          "the lease of " + lease.owner() + " expired at " + current.leaseExpiresAt());
    }
    return Optional.empty();
  }

  /**
   * The reports of {@link #report}, in list order as the single calls would make them one by one,
   * written together. Per task, its reports are decided one after another on one copy of the task
   * ({@link Reports#decide}), so a later report sees what an earlier one did, and the task is
   * written once, with its batch's counters summed over all tasks, by {@link TaskStore#updateAll}.
   * As in {@link #asHolder}, a task starts from this engine's copy when it has one and the copy
   * lets a report write; otherwise from the stored task, read in few store calls; and a task whose
   * write found its version moved is read and decided again (at most {@link #HOLDER_ATTEMPTS}
   * times).
   */
  @Override
  public List<ReportOutcome> report(List<HolderReport> reports) {
    checks.reports(reports);
    ReportOutcome[] outcomes = new ReportOutcome[reports.size()];
    Change[] changes = new Change[reports.size()];
    Map<TaskKey, List<Integer>> byTask = new LinkedHashMap<>();
    for (int i = 0; i < reports.size(); i++) {
      HolderReport report = reports.get(i);
      try {
        if (report == null) {
          throw new InvalidRequestException("reports[" + i + "]", "is required");
        }
        checks.report(report);
      } catch (InvalidRequestException invalid) {
        outcomes[i] = ReportOutcome.ofFailure(invalid);
        continue;
      }
      changes[i] = Change.report(report);
      byTask.computeIfAbsent(TaskKey.of(report.lease()), key -> new ArrayList<>()).add(i);
    }
    Reports call = new Reports(reports, changes, outcomes);

    List<Decision> decided = new ArrayList<>();
    List<TaskKey> unread = new ArrayList<>();
    Instant copiesAt = null;
    for (Map.Entry<TaskKey, List<Integer>> task : byTask.entrySet()) {
      Optional<Task> copy = held.held(reports.get(task.getValue().get(0)).lease());
      if (copy.isEmpty()) {
        unread.add(task.getKey());
        continue;
      }
      copiesAt = copiesAt == null ? now() : copiesAt;
      Decision decision = call.decide(copy.get(), task.getValue(), copiesAt);
      if (decision.writes()) {
        decided.add(decision);
      } else {
        unread.add(task.getKey()); // a copy that refuses may be out of date: decide on the store's
      }
    }
    for (int attempt = 0; attempt < HOLDER_ATTEMPTS; attempt++) {
      if (!unread.isEmpty()) {
        Map<TaskKey, Task> stored = read(unread);
        Instant now = now();
        for (TaskKey key : unread) {
          Task current = stored.get(key);
          if (current == null) {
            call.refuseAll(byTask.get(key), new TaskNotFoundException(key.tenant(), key.id()));
            continue;
          }
          held.saw(current);
          Decision decision = call.decide(current, byTask.get(key), now);
          if (decision.writes()) {
            decided.add(decision);
          }
        }
      }
      if (decided.isEmpty()) {
        return List.of(outcomes);
      }
      List<TaskUpdate> updates = new ArrayList<>(decided.size());
      for (Decision decision : decided) {
        updates.add(
            new TaskUpdate(
                decision.before(),
                decision.after(),
                parentDelta(decision.before(), decision.after()),
                decision.now()));
      }
      List<Optional<UpdateResult>> written = guard(() -> store.updateAll(updates, rollup));
      unread = new ArrayList<>();
      for (int i = 0; i < decided.size(); i++) {
        Decision decision = decided.get(i);
        if (written.get(i).isPresent()) {
          Task task = written.get(i).get().task();
          held.saw(task);
          call.wrote(decision, task);
        } else {
          // Another writer changed the task after it was read: read it again and decide again.
          unread.add(TaskKey.of(decision.before()));
        }
      }
      decided = new ArrayList<>();
      if (unread.isEmpty()) {
        return List.of(outcomes);
      }
    }
    Map<TaskKey, Task> stored = read(unread);
    for (TaskKey key : unread) {
      Task current = stored.get(key);
      call.refuseAll(
          byTask.get(key),
          current == null
              ? new TaskNotFoundException(key.tenant(), key.id())
              : new ConcurrentUpdateException(key.id(), current.version()));
    }
    return List.of(outcomes);
  }

  /** A task's tenant and id. */
  private record TaskKey(String tenant, String id) {
    static TaskKey of(Lease lease) {
      return new TaskKey(lease.tenant(), lease.taskId());
    }

    static TaskKey of(Task task) {
      return new TaskKey(task.tenant(), task.id());
    }
  }

  /**
   * What one task's reports did when decided on {@code before} at {@code now}: the task after the
   * last of them, {@code before} itself when none writes.
   */
  private record Decision(Task before, Task after, Instant now, List<Integer> reports) {
    boolean writes() {
      return after != before;
    }
  }

  /** The reports of one {@link #report} call, their changes and the outcomes decided so far. */
  private static final class Reports {
    private final List<HolderReport> reports;
    private final Change[] changes;
    private final ReportOutcome[] outcomes;

    Reports(List<HolderReport> reports, Change[] changes, ReportOutcome[] outcomes) {
      this.reports = reports;
      this.changes = changes;
      this.outcomes = outcomes;
    }

    /**
     * Decides the reports at {@code indexes} (all of one task, in list order) one after another,
     * each on the task as the ones before it left it, exactly as {@link CoreTaskEngine#asHolder}
     * decides one: records each one's outcome and returns the task after the last.
     */
    Decision decide(Task before, List<Integer> indexes, Instant now) {
      Task task = before;
      for (int i : indexes) {
        Change change = changes[i];
        try {
          if (checkHolder(reports.get(i).lease(), task, change, now).isEmpty()) {
            task = StatusMachine.next(task, change, now);
          }
          outcomes[i] = ReportOutcome.of(task);
        } catch (LeaseLostException | IllegalTransitionException refused) {
          outcomes[i] = ReportOutcome.ofFailure(refused);
        }
      }
      return new Decision(before, task, now, indexes);
    }

    /** The decision's write succeeded: its accepted reports return the task as written. */
    void wrote(Decision decision, Task written) {
      for (int i : decision.reports()) {
        if (outcomes[i].task().filter(task -> task == decision.after()).isPresent()) {
          outcomes[i] = ReportOutcome.of(written);
        }
      }
    }

    void refuseAll(List<Integer> indexes, TaskEngineException failure) {
      for (int i : indexes) {
        outcomes[i] = ReportOutcome.ofFailure(failure);
      }
    }
  }

  /**
   * The stored tasks of {@code keys}, by key (a missing task is absent): one store call per tenant
   * and {@link Limits#maxFilterValues()} ids, the largest id filter a query takes.
   */
  private Map<TaskKey, Task> read(List<TaskKey> keys) {
    Map<String, List<String>> idsByTenant = new LinkedHashMap<>();
    for (TaskKey key : keys) {
      idsByTenant.computeIfAbsent(key.tenant(), tenant -> new ArrayList<>()).add(key.id());
    }
    Map<TaskKey, Task> stored = new HashMap<>();
    idsByTenant.forEach(
        (tenant, ids) -> {
          for (int from = 0; from < ids.size(); from += limits.maxFilterValues()) {
            List<String> chunk =
                ids.subList(from, Math.min(ids.size(), from + limits.maxFilterValues()));
            List<Task> found =
                chunk.size() == 1
                    ? guard(() -> store.find(tenant, chunk.get(0))).stream().toList()
                    : guard(
                        () ->
                            store.findOffset(
                                TaskQuery.builder(tenant).ids(chunk).build(), 0, chunk.size()));
            found.forEach(task -> stored.put(TaskKey.of(task), task));
          }
        });
    return stored;
  }

  @Override
  public SweepResult sweepExpired(int limit) {
    checks.sweepLimit(limit);
    Instant now = now();
    Pick pick = new Pick(new Pick.Due(), limit, now, task -> expired(task, now));
    int retried = 0;
    int leaseExpired = 0;
    int deadlineExceeded = 0;
    int cancelled = 0;
    for (UpdateResult written : guard(() -> store.pick(pick, rollup))) {
      Task task = written.task();
      held.saw(task);
      switch (task.status()) {
        case PENDING -> retried++;
        case CANCELLED -> cancelled++;
        case FAILED -> {
          if (SweepResult.DEADLINE_EXCEEDED.equals(task.errorCode())) {
            deadlineExceeded++;
          } else {
            leaseExpired++;
          }
        }
        case RUNNING, CANCELLING, SUCCEEDED ->
            throw new StoreException(
                "the store wrote task " + task.id() + " as " + task.status() + " in a sweep");
      }
    }
    return new SweepResult(retried, leaseExpired, deadlineExceeded, cancelled);
  }

  /**
   * What the sweep makes of {@code task} at {@code now}: a CANCELLING task whose lease expired or
   * deadline passed ends CANCELLED; a passed deadline fails the task whatever attempts remain; an
   * expired lease retries it after a backoff while its policy allows, and fails it otherwise. A
   * task that is not due (any more) is left as it is.
   */
  private Task expired(Task task, Instant now) {
    if (task.isBatch() || task.isTerminal()) {
      return task;
    }
    boolean pastDeadline = task.deadline() != null && !now.isBefore(task.deadline());
    boolean leaseExpired =
        task.leaseExpiresAt() != null
            && !now.isBefore(task.leaseExpiresAt())
            && task.status() != TaskStatus.PENDING;
    if (!pastDeadline && !leaseExpired) {
      return task;
    }
    Change change;
    if (task.status() == TaskStatus.CANCELLING) {
      change = Change.expire(null, null); // ends CANCELLED: no error to report
    } else if (pastDeadline) {
      change =
          Change.expire(
              SweepResult.DEADLINE_EXCEEDED, "the deadline " + task.deadline() + " passed");
    } else {
      RetryPolicy policy = task.retryPolicy() != null ? task.retryPolicy() : retryPolicy;
      if (policy.retriesAfter(task.attempt())) {
        Duration backoff = policy.backoff(task.attempt(), ThreadLocalRandom.current().nextDouble());
        change = Change.retry(now.plus(backoff).truncatedTo(ChronoUnit.MICROS));
      } else {
        change =
            Change.expire(
                SweepResult.LEASE_EXPIRED,
                "the lease of "
                    + task.leaseOwner()
                    + " expired at "
                    + task.leaseExpiresAt()
                    + " on attempt "
                    + task.attempt()
                    + " of "
                    + policy.maxAttempts());
      }
    }
    return StatusMachine.next(task, change, now);
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.close();
    }
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

  // Stores keep microseconds: a spec's instants and durations are cut to them, as timestamps are,
  // so that a task reads back from every store exactly as the engine returned it.

  private static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static Duration micros(Duration duration) {
    return duration == null ? null : duration.truncatedTo(ChronoUnit.MICROS);
  }

  private static RetryPolicy micros(RetryPolicy policy) {
    return policy == null
        ? null
        : new RetryPolicy(
            policy.maxAttempts(), micros(policy.initialBackoff()), micros(policy.maxBackoff()));
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
