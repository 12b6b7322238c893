package dev.taskengine.store.memory;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TaskStore} that keeps every task in the JVM heap, with real indexes: the fast default
 * for tests, examples and small single-process hosts. Everything is lost when the process ends, and
 * one store cannot be shared between processes; use a JDBC store for that.
 *
 * <p><b>What it promises.</b> Each SPI method is one atomic, isolated unit of work: a batch and its
 * children, a task with the delta and rollup of its parent, new children with their batch's
 * counters, a cascade over a whole batch, the compare-and-set writes of {@link #updateAll} (over
 * every tenant they name) and a purge are each written completely or not at all. Duplicate task ids
 * (in the tenant or within one insert) fail with {@link dev.taskengine.api.StoreException} and a
 * reused client token with {@link dev.taskengine.spi.DuplicateClientTokenException}, in both cases
 * before anything is written. Tenants never see each other's tasks. Returned tasks are immutable
 * records, never live state.
 *
 * <p><b>Thread safety and locking.</b> Thread-safe. Each tenant has its own data behind its own
 * {@link java.util.concurrent.locks.ReentrantReadWriteLock}: every write method holds the tenant's
 * write lock for its whole unit of work, every read holds the read lock, so readers of a tenant run
 * in parallel, never see half a write, and tenants never wait for each other. Only {@link
 * #updateAll} holds several tenants' write locks at once, always taken in tenant order.
 *
 * <p><b>Work.</b> {@link #pick} runs one pick at a time. A claim of one tenant reads that tenant's
 * PENDING tasks in claim order; a claim of all tenants and the sweep read store-wide queues (by
 * availableAt, and by the time a lease expires or a deadline passes), so each reads about as many
 * entries as it changes. Each tenant's part of a pick is atomic with its batches' counters; a pick
 * over several tenants commits tenant by tenant.
 *
 * <p><b>Indexes.</b> Per tenant, tasks are kept in trees ordered by sort key {@code (createdAt,
 * id)}: one over all tasks and one per parent id, invoke id, resource id, type and status, plus one
 * over batches. A query reads only the smallest of the indexes its filters allow (ids are looked up
 * directly; a list filter merges its values' trees in order), starts at the page's keyset position
 * and stops after {@code limit} matches, so a page costs about the same with a thousand tasks as
 * with a million. Memory grows with the number of tasks and is freed only by {@link
 * #purgeFinished}.
 */
public final class MemoryTaskStore implements TaskStore {

  private final ConcurrentMap<String, TenantData> tenants = new ConcurrentHashMap<>();
  private final WorkQueue work = new WorkQueue();
  // One pick at a time: two claims never choose the same task (each still re-checks under lock).
  private final ReentrantLock picking = new ReentrantLock();

  /** An empty store. */
  public MemoryTaskStore() {}

  @Override
  public void insert(NewTasks tasks) {
    String tenant = tasks.root().tenant();
    for (Task child : tasks.children()) {
      requireTenant(tenant, child.tenant(), "child " + child.id());
    }
    ClientTokenRecord token = tasks.clientToken();
    if (token != null) {
      requireTenant(tenant, token.tenant(), "client token " + token.clientToken());
    }
    writable(tenant).insert(tasks);
  }

  @Override
  public Optional<Task> find(String tenant, String id) {
    Objects.requireNonNull(id, "id");
    TenantData data = readable(tenant);
    return data == null ? Optional.empty() : data.find(id);
  }

  @Override
  public Optional<ClientTokenRecord> findClientToken(String tenant, String clientToken) {
    Objects.requireNonNull(clientToken, "clientToken");
    TenantData data = readable(tenant);
    return data == null ? Optional.empty() : data.findClientToken(clientToken);
  }

  @Override
  public Optional<UpdateResult> update(TaskUpdate update, BatchRollup rollup) {
    Objects.requireNonNull(rollup, "rollup");
    Task before = update.before();
    if (!before.id().equals(update.after().id())) {
      throw new IllegalArgumentException(
          "update changes task " + before.id() + " into " + update.after().id());
    }
    TenantData data = readable(before.tenant());
    return data == null ? Optional.empty() : data.update(update, rollup);
  }

  /**
   * Holds the write lock of every tenant the updates name, taken in tenant order (so that two such
   * calls never wait on each other in a circle; every other write holds one tenant's lock), plans
   * every tenant's writes and only then makes them: atomic and isolated across tenants.
   */
  @Override
  public List<Optional<UpdateResult>> updateAll(List<TaskUpdate> updates, BatchRollup rollup) {
    Objects.requireNonNull(rollup, "rollup");
    Instant now = TaskUpdate.checkBulk(updates);
    Map<String, List<TaskUpdate>> byTenant = new TreeMap<>();
    for (TaskUpdate update : updates) {
      byTenant.computeIfAbsent(update.before().tenant(), tenant -> new ArrayList<>()).add(update);
    }
    List<Lock> held = new ArrayList<>();
    try {
      List<TenantData.Planned> plans = new ArrayList<>();
      for (Map.Entry<String, List<TaskUpdate>> tenant : byTenant.entrySet()) {
        TenantData data = readable(tenant.getKey());
        if (data != null) {
          Lock lock = data.writeLock();
          lock.lock();
          held.add(lock);
          plans.add(data.planUpdates(tenant.getValue(), now, rollup));
        }
      }
      Map<TaskKey, UpdateResult> written = new HashMap<>();
      for (TenantData.Planned plan : plans) {
        for (UpdateResult result : plan.apply()) {
          written.put(new TaskKey(result.task().tenant(), result.task().id()), result);
        }
      }
      List<Optional<UpdateResult>> results = new ArrayList<>(updates.size());
      for (TaskUpdate update : updates) {
        results.add(
            Optional.ofNullable(
                written.get(new TaskKey(update.before().tenant(), update.before().id()))));
      }
      return results;
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  private record TaskKey(String tenant, String id) {}

  @Override
  public Optional<Task> addChildren(ChildAddition addition) {
    for (Task child : addition.children()) {
      requireTenant(addition.tenant(), child.tenant(), "child " + child.id());
      if (!addition.batchId().equals(child.parentId())) {
        throw new IllegalArgumentException(
            "child "
                + child.id()
                + " has parent "
                + child.parentId()
                + ", not "
                + addition.batchId());
      }
    }
    TenantData data = readable(addition.tenant());
    return data == null ? Optional.empty() : data.addChildren(addition);
  }

  @Override
  public Optional<Task> cascade(BatchCascade cascade, BatchRollup rollup) {
    Objects.requireNonNull(rollup, "rollup");
    TenantData data = readable(cascade.batch().tenant());
    return data == null ? Optional.empty() : data.cascade(cascade, rollup);
  }

  @Override
  public List<UpdateResult> pick(Pick pick, BatchRollup rollup) {
    Objects.requireNonNull(pick, "pick");
    Objects.requireNonNull(rollup, "rollup");
    picking.lock();
    try {
      if (pick.selection() instanceof Pick.Claimable claimable && claimable.tenant() != null) {
        TenantData data = readable(claimable.tenant());
        return data == null ? List.of() : data.pickOwn(pick, rollup);
      }
      return pickEverywhere(pick, rollup);
    } finally {
      picking.unlock();
    }
  }

  /**
   * A pick over every tenant: chooses from the store-wide queue without locks, then changes each
   * tenant's chosen tasks under that tenant's lock (each tenant's part is atomic) and returns them
   * in queue order.
   */
  private List<UpdateResult> pickEverywhere(Pick pick, BatchRollup rollup) {
    Iterator<Map.Entry<WorkQueue.Key, WorkQueue.Entry>> queue =
        pick.selection() instanceof Pick.Claimable ? work.claimable() : work.due();
    Map<String, List<String>> idsByTenant = new LinkedHashMap<>();
    Map<String, Integer> position = new HashMap<>();
    while (position.size() < pick.limit() && queue.hasNext()) {
      Map.Entry<WorkQueue.Key, WorkQueue.Entry> next = queue.next();
      if (next.getKey().at().isAfter(pick.now())) {
        break;
      }
      WorkQueue.Entry entry = next.getValue();
      if (WorkQueue.maySelect(pick.selection(), entry)) {
        idsByTenant.computeIfAbsent(entry.tenant(), t -> new ArrayList<>()).add(entry.id());
        position.put(entry.tenant() + '\u0000' + entry.id(), position.size());
      }
    }
    List<UpdateResult> results = new ArrayList<>();
    idsByTenant.forEach(
        (tenant, ids) -> {
          TenantData data = readable(tenant);
          if (data != null) {
            results.addAll(data.pick(ids, pick, rollup));
          }
        });
    results.sort(
        Comparator.comparing(
            (UpdateResult r) -> position.get(r.task().tenant() + '\u0000' + r.task().id())));
    return results;
  }

  @Override
  public List<Task> findPage(PageQuery page) {
    TenantData data = readable(page.query().tenant());
    return data == null ? List.of() : data.findPage(page);
  }

  @Override
  public List<Task> findOffset(TaskQuery query, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    TenantData data = readable(query.tenant());
    return data == null || limit == 0 ? List.of() : data.findOffset(query, offset, limit);
  }

  @Override
  public long count(TaskQuery query, long limit) {
    TenantData data = readable(query.tenant());
    return data == null || limit <= 0 ? 0 : data.count(query, limit);
  }

  @Override
  public long purgeFinished(String tenant, Instant finishedBefore) {
    Objects.requireNonNull(finishedBefore, "finishedBefore");
    TenantData data = readable(tenant);
    return data == null ? 0 : data.purgeFinished(finishedBefore);
  }

  /** Which index a query would read, for example {@code STATUSES x2 (1500 rows)}; for tests. */
  String explain(TaskQuery query) {
    TenantData data = readable(query.tenant());
    return data == null ? "no tenant" : data.explain(query);
  }

  /** The tenant's data, created on first write. */
  private TenantData writable(String tenant) {
    return tenants.computeIfAbsent(
        Objects.requireNonNull(tenant, "tenant"), name -> new TenantData(name, work));
  }

  /** The tenant's data, or null when it never had a task: reads do not create tenants. */
  private TenantData readable(String tenant) {
    return tenants.get(Objects.requireNonNull(tenant, "tenant"));
  }

  private static void requireTenant(String tenant, String actual, String what) {
    if (!tenant.equals(actual)) {
      throw new IllegalArgumentException(what + " belongs to tenant " + actual + ", not " + tenant);
    }
  }
}
