package dev.taskengine.store.memory;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything the store keeps for one tenant, behind one read-write lock. Every write method holds
 * the write lock from its first check to its last change, so each is atomic and isolated; every
 * read holds the read lock, so it never sees half of a write. Each write first checks and computes
 * everything that can fail (ids, compare-and-set, counters, the rollup) and only then changes the
 * maps, so a failure leaves nothing behind.
 */
final class TenantData {

  private final String tenant;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TaskTable table;
  private final Map<String, ClientTokenRecord> clientTokens = new HashMap<>();

  TenantData(String tenant, WorkQueue work) {
    this.tenant = tenant;
    this.table = new TaskTable(work);
  }

  void insert(NewTasks tasks) {
    ClientTokenRecord token = tasks.clientToken();
    List<Task> all = new ArrayList<>(1 + tasks.children().size());
    all.add(tasks.root());
    all.addAll(tasks.children());
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (token != null && clientTokens.containsKey(token.clientToken())) {
        throw new DuplicateClientTokenException(tenant, token.clientToken());
      }
      requireNewIds(all);
      table.add(new Row(tasks.root(), token == null ? null : token.clientToken()));
      for (Task child : tasks.children()) {
        table.add(new Row(child, null));
      }
      if (token != null) {
        clientTokens.put(token.clientToken(), token);
      }
    } finally {
      write.unlock();
    }
  }

  Optional<Task> find(String id) {
    Lock read = lock.readLock();
    read.lock();
    try {
      Row row = table.get(id);
      return row == null ? Optional.empty() : Optional.of(row.task);
    } finally {
      read.unlock();
    }
  }

  Optional<ClientTokenRecord> findClientToken(String clientToken) {
    Lock read = lock.readLock();
    read.lock();
    try {
      return Optional.ofNullable(clientTokens.get(clientToken));
    } finally {
      read.unlock();
    }
  }

  Optional<UpdateResult> update(TaskUpdate update, BatchRollup rollup) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      Writes writes = new Writes();
      if (!writes.addIfCurrent(update)) {
        return Optional.empty();
      }
      return Optional.of(writes.plan(update.now(), rollup).apply().get(0));
    } finally {
      write.unlock();
    }
  }

  Optional<Task> addChildren(ChildAddition addition) {
    List<Task> children = addition.children();
    Lock write = lock.writeLock();
    write.lock();
    try {
      Row batchRow = table.get(addition.batchId());
      if (batchRow == null
          || batchRow.task.level() != Level.BATCH
          || !addition.allowedBatchStatuses().contains(batchRow.task.status())
          || (long) batchRow.task.counters().total() + children.size() > addition.maxTotal()) {
        return Optional.empty();
      }
      requireNewIds(children);
      Task batch =
          Tasks.counted(
              batchRow.task,
              CounterDelta.added(children.size()).applyTo(batchRow.task.counters()),
              addition.now());
      table.replace(batchRow, batch);
      for (Task child : children) {
        table.add(new Row(child, null));
      }
      return Optional.of(batch);
    } finally {
      write.unlock();
    }
  }

  Optional<Task> cascade(BatchCascade cascade, BatchRollup rollup) {
    Task expected = cascade.batch();
    Instant now = cascade.now();
    Lock write = lock.writeLock();
    write.lock();
    try {
      Row batchRow = table.get(expected.id());
      if (batchRow == null || !hasStatusAndVersion(batchRow.task, expected)) {
        return Optional.empty();
      }
      List<Row> movedRows = new ArrayList<>();
      List<Task> movedTasks = new ArrayList<>();
      CounterDelta delta = CounterDelta.ZERO;
      for (Row child : table.children(expected.id())) {
        TaskStatus from = child.task.status();
        TaskStatus to = cascade.childMoves().get(from);
        if (to != null) {
          movedRows.add(child);
          movedTasks.add(Tasks.moved(child.task, to, now));
          delta = delta.plus(from, -1).plus(to, 1);
        }
      }
      ChildCounters counters = delta.applyTo(batchRow.task.counters());
      Task batch =
          rolledUp(
              Tasks.cascaded(batchRow.task, cascade.batchStatus(), counters, now), rollup, now);
      for (int i = 0; i < movedRows.size(); i++) {
        table.replace(movedRows.get(i), movedTasks.get(i));
      }
      table.replace(batchRow, batch);
      return Optional.of(batch);
    } finally {
      write.unlock();
    }
  }

  /** A claim of this tenant's tasks: reads the tenant's claim order, then changes what it chose. */
  List<UpdateResult> pickOwn(Pick pick, BatchRollup rollup) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      List<String> ids = new ArrayList<>();
      for (Row row : table.claimable()) {
        Instant at = WorkQueue.claimableAt(row.task);
        if (ids.size() == pick.limit() || at.isAfter(pick.now())) {
          break;
        }
        if (WorkQueue.selects(pick.selection(), row.task, pick.now())) {
          ids.add(row.task.id());
        }
      }
      return pick(ids, pick, rollup);
    } finally {
      write.unlock();
    }
  }

  /**
   * Changes the tasks with these ids, in this order, that the pick's selection still selects: all
   * changes are computed first, then written with one counter delta and rollup per parent, so a
   * failing change leaves nothing behind.
   */
  List<UpdateResult> pick(List<String> ids, Pick pick, BatchRollup rollup) {
    Instant now = pick.now();
    Lock write = lock.writeLock();
    write.lock();
    try {
      Writes writes = new Writes();
      for (String id : ids) {
        Row row = table.get(id);
        if (row == null || !WorkQueue.selects(pick.selection(), row.task, now)) {
          continue; // changed since the store-wide queue was read
        }
        Task after = pick.change().apply(row.task);
        if (after == null || after.equals(row.task)) {
          continue;
        }
        Task next = TaskUpdate.written(row.task, after);
        writes.add(row, next, CounterDelta.move(row.task.status(), next.status()));
      }
      return writes.plan(now, rollup).apply();
    } finally {
      write.unlock();
    }
  }

  /**
   * This tenant's write lock, for {@link MemoryTaskStore#updateAll}: a unit of work over several
   * tenants that holds the locks of all of them, taken in tenant order, while it plans every write
   * ({@link #planUpdates}) and then makes them.
   */
  Lock writeLock() {
    return lock.writeLock();
  }

  /**
   * The compare-and-set writes of {@link MemoryTaskStore#updateAll} in this tenant, planned
   * (nothing written yet): each update whose row still has its expected status and version, with
   * the summed delta and the rollup of each parent. The caller holds {@link #writeLock()} until the
   * plan is applied.
   *
   * @param now the parents' updatedAt, and the time of their rollup
   */
  Planned planUpdates(List<TaskUpdate> updates, Instant now, BatchRollup rollup) {
    if (!lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("planUpdates needs the tenant's write lock");
    }
    Writes writes = new Writes();
    for (TaskUpdate update : updates) {
      writes.addIfCurrent(update);
    }
    return writes.plan(now, rollup);
  }

  /**
   * Task rows to replace, each with the delta on its parent's counters. {@link #plan} computes
   * every parent's new version (the step that can fail); applying the plan then cannot fail, so a
   * unit of work plans all its writes before it makes any and a failure leaves nothing behind.
   */
  private final class Writes {
    private final List<Row> rows = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, CounterDelta> deltas = new LinkedHashMap<>();

    void add(Row row, Task next, CounterDelta parentDelta) {
      rows.add(row);
      tasks.add(next);
      if (next.parentId() != null) {
        deltas.merge(next.parentId(), parentDelta, CounterDelta::plus);
      }
    }

    /** Adds the update when its row still has the expected status and version; says whether. */
    boolean addIfCurrent(TaskUpdate update) {
      Row row = table.get(update.before().id());
      if (row == null || !hasStatusAndVersion(row.task, update.before())) {
        return false;
      }
      add(row, TaskUpdate.written(row.task, update.after()), update.parentDelta());
      return true;
    }

    /** Each parent with its summed delta (when not zero) and rolled up at {@code now}. */
    Planned plan(Instant now, BatchRollup rollup) {
      Map<String, Row> parentRows = new HashMap<>();
      Map<String, Task> parents = new HashMap<>();
      for (Map.Entry<String, CounterDelta> delta : deltas.entrySet()) {
        if (delta.getValue().isZero()) {
          continue;
        }
        Row parentRow = table.get(delta.getKey());
        if (parentRow == null) {
          throw new StoreException(
              "parent " + delta.getKey() + " of a written task is missing in tenant " + tenant,
              null);
        }
        parentRows.put(delta.getKey(), parentRow);
        parents.put(
            delta.getKey(),
            rolledUp(
                Tasks.counted(
                    parentRow.task, delta.getValue().applyTo(parentRow.task.counters()), now),
                rollup,
                now));
      }
      return new Planned(rows, tasks, parentRows, parents);
    }
  }

  /** Writes whose every new version is computed: {@link #apply} makes them and cannot fail. */
  final class Planned {
    private final List<Row> rows;
    private final List<Task> tasks;
    private final Map<String, Row> parentRows;
    private final Map<String, Task> parents;

    private Planned(
        List<Row> rows, List<Task> tasks, Map<String, Row> parentRows, Map<String, Task> parents) {
      this.rows = rows;
      this.tasks = tasks;
      this.parentRows = parentRows;
      this.parents = parents;
    }

    /** Replaces the rows, then the parents; returns what was written, in the order planned. */
    List<UpdateResult> apply() {
      List<UpdateResult> results = new ArrayList<>(tasks.size());
      for (int i = 0; i < rows.size(); i++) {
        Task next = tasks.get(i);
        table.replace(rows.get(i), next);
        results.add(
            new UpdateResult(
                next,
                Optional.ofNullable(
                    next.parentId() == null ? null : parents.get(next.parentId()))));
      }
      parentRows.forEach((id, row) -> table.replace(row, parents.get(id)));
      return results;
    }
  }

  List<Task> findPage(PageQuery page) {
    KeyRange range = KeyRange.of(page.query(), page.snapshot(), page.after());
    Lock read = lock.readLock();
    read.lock();
    try {
      return List.copyOf(table.page(page.query(), range, 0, page.limit()));
    } finally {
      read.unlock();
    }
  }

  List<Task> findOffset(TaskQuery query, int offset, int limit) {
    KeyRange range = KeyRange.of(query, null, null);
    Lock read = lock.readLock();
    read.lock();
    try {
      return List.copyOf(table.page(query, range, offset, limit));
    } finally {
      read.unlock();
    }
  }

  long count(TaskQuery query, long limit) {
    KeyRange range = KeyRange.of(query, null, null);
    Lock read = lock.readLock();
    read.lock();
    try {
      return table.count(query, range, limit);
    } finally {
      read.unlock();
    }
  }

  long purgeFinished(Instant finishedBefore) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      long deleted = 0;
      for (Row root : table.finishedRootsBefore(finishedBefore)) {
        // Copied first: removing a child also removes it from the collection being read.
        for (Row child : new ArrayList<>(table.children(root.task.id()))) {
          table.remove(child);
          deleted++;
        }
        table.remove(root);
        deleted++;
        if (root.clientToken != null) {
          clientTokens.remove(root.clientToken);
        }
      }
      return deleted;
    } finally {
      write.unlock();
    }
  }

  /** The plan a query would use; for tests. */
  String explain(TaskQuery query) {
    Lock read = lock.readLock();
    read.lock();
    try {
      return table.plan(query).describe();
    } finally {
      read.unlock();
    }
  }

  /** Rejects an id the tenant already has or that repeats inside {@code tasks}. */
  private void requireNewIds(List<Task> tasks) {
    Set<String> seen = new HashSet<>();
    for (Task task : tasks) {
      if (table.contains(task.id()) || !seen.add(task.id())) {
        throw new StoreException(
            "task id " + task.id() + " already exists in tenant " + tenant, null);
      }
    }
  }

  private static boolean hasStatusAndVersion(Task stored, Task expected) {
    return stored.status() == expected.status() && stored.version() == expected.version();
  }

  private static Task rolledUp(Task batchWithNewCounters, BatchRollup rollup, Instant now) {
    return rollup.rollUp(batchWithNewCounters, now).orElse(batchWithNewCounters);
  }
}
