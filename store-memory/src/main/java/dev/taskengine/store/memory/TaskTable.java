package dev.taskengine.store.memory;

import dev.taskengine.api.Criterion;
import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One tenant's tasks and their ordered indexes. Not thread-safe: {@link TenantData} calls it under
 * its lock.
 *
 * <p>Every secondary index maps a value (a status, a type, a parent id...) to the rows having it,
 * ordered by sort key, so any filtered page is a range scan of one or a few small trees. Only the
 * status and the finished-root index ever change after insert: {@link #replace} keeps them in step.
 */
final class TaskTable {

  /** A terminal root task's position in the purge order: {@code (finishedAt, id)}. */
  private record FinishKey(Instant finishedAt, String id) implements Comparable<FinishKey> {
    @Override
    public int compareTo(FinishKey other) {
      int byTime = finishedAt.compareTo(other.finishedAt);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }

  private final Map<String, Row> byId = new HashMap<>();
  private final NavigableMap<SortKey, Row> all = Keys.newIndex();
  // Only batches: level = BATCH is selective, level = INSTANCE is nearly everything anyway.
  private final NavigableMap<SortKey, Row> batches = Keys.newIndex();
  private final Map<String, NavigableMap<SortKey, Row>> byParentId = new HashMap<>();
  private final Map<String, NavigableMap<SortKey, Row>> byInvokeId = new HashMap<>();
  private final Map<String, NavigableMap<SortKey, Row>> byResourceId = new HashMap<>();
  private final Map<String, NavigableMap<SortKey, Row>> byType = new HashMap<>();
  private final Map<TaskStatus, NavigableMap<SortKey, Row>> byStatus =
      new EnumMap<>(TaskStatus.class);
  // Terminal tasks without a parent, in finishing order: what purgeFinished deletes.
  private final NavigableMap<FinishKey, Row> finishedRoots = new TreeMap<>();
  // PENDING instance tasks in claim order (availableAt, id): what this tenant's claims read.
  private final NavigableMap<WorkQueue.Key, Row> claimable = new TreeMap<>(WorkQueue.Key.ORDER);
  // The store-wide queues this table keeps in step with its tasks.
  private final WorkQueue work;

  TaskTable(WorkQueue work) {
    this.work = work;
    for (TaskStatus status : TaskStatus.values()) {
      byStatus.put(status, Keys.newIndex());
    }
  }

  Row get(String id) {
    return byId.get(id);
  }

  boolean contains(String id) {
    return byId.containsKey(id);
  }

  int size() {
    return byId.size();
  }

  /** The children of a batch, in creation order; empty when it has none. */
  Collection<Row> children(String batchId) {
    NavigableMap<SortKey, Row> children = byParentId.get(batchId);
    return children == null ? List.of() : children.values();
  }

  /** The terminal root tasks that finished strictly before {@code before}, oldest first. */
  List<Row> finishedRootsBefore(Instant before) {
    return new ArrayList<>(finishedRoots.headMap(new FinishKey(before, ""), false).values());
  }

  void add(Row row) {
    Task task = row.task;
    byId.put(task.id(), row);
    all.put(row.key, row);
    if (task.level() == Level.BATCH) {
      batches.put(row.key, row);
    }
    addTo(byParentId, task.parentId(), row);
    addTo(byInvokeId, task.invokeId(), row);
    addTo(byResourceId, task.resourceId(), row);
    addTo(byType, task.type(), row);
    byStatus.get(task.status()).put(row.key, row);
    if (isFinishedRoot(task)) {
      finishedRoots.put(finishKey(task), row);
    }
    queue(null, task, row);
  }

  void remove(Row row) {
    Task task = row.task;
    byId.remove(task.id());
    all.remove(row.key);
    batches.remove(row.key);
    removeFrom(byParentId, task.parentId(), row);
    removeFrom(byInvokeId, task.invokeId(), row);
    removeFrom(byResourceId, task.resourceId(), row);
    removeFrom(byType, task.type(), row);
    byStatus.get(task.status()).remove(row.key);
    if (isFinishedRoot(task)) {
      finishedRoots.remove(finishKey(task));
    }
    queue(task, null, row);
  }

  /** The tenant's PENDING instance tasks in claim order (availableAt, id). */
  Collection<Row> claimable() {
    return claimable.values();
  }

  /** Keeps this tenant's claim order and the store-wide queues in step with one task's change. */
  private void queue(Task before, Task after, Row row) {
    Instant from = WorkQueue.claimableAt(before);
    Instant to = WorkQueue.claimableAt(after);
    if (!Objects.equals(from, to)) {
      if (from != null) {
        claimable.remove(new WorkQueue.Key(from, before.id(), before.tenant()));
      }
      if (to != null) {
        claimable.put(new WorkQueue.Key(to, after.id(), after.tenant()), row);
      }
    }
    work.changed(before, after);
  }

  /**
   * Stores a new version of a row's task. Only the status, finishedAt, the work fields (kept in
   * step with the work queues here) and the fields no index covers may differ from the stored task
   * (see {@link Tasks}).
   */
  void replace(Row row, Task next) {
    Task previous = row.task;
    if (previous.status() != next.status()) {
      byStatus.get(previous.status()).remove(row.key);
      byStatus.get(next.status()).put(row.key, row);
    }
    if (isFinishedRoot(previous)) {
      finishedRoots.remove(finishKey(previous));
    }
    if (isFinishedRoot(next)) {
      finishedRoots.put(finishKey(next), row);
    }
    queue(previous, next, row);
    row.task = next;
  }

  /**
   * The cheapest way to the query's candidates: ids by lookup, otherwise the filter whose index
   * slices hold the fewest rows in total (on a tie, the first in {@link TaskQuery.Field} order), or
   * the whole tenant when no filter has an index. Index sizes are O(1) to read.
   */
  Plan plan(TaskQuery query) {
    Plan best = Plan.byIndexes(null, List.of(all));
    for (Criterion criterion : query.criteria()) {
      TaskQuery.Field field = criterion.field();
      Plan candidate =
          switch (field) {
            case IDS -> Plan.byIds(rowsOf(query.ids()));
            case RESOURCE_IDS -> Plan.byIndexes(field, lookup(byResourceId, query.resourceIds()));
            case PARENT_ID -> Plan.byIndexes(field, lookup(byParentId, List.of(query.parentId())));
            case INVOKE_IDS -> Plan.byIndexes(field, lookup(byInvokeId, query.invokeIds()));
            case TYPES -> Plan.byIndexes(field, lookup(byType, query.types()));
            case STATUSES -> Plan.byIndexes(field, lookup(byStatus, query.statuses()));
            case LEVEL ->
                query.level() == Level.BATCH ? Plan.byIndexes(field, List.of(batches)) : null;
            // No index here: TaskFilter tests them row by row.
            case RESOURCE_NAME, OPERATOR -> null;
            // Not an index of its own: KeyRange applies it to whichever index is read.
            case CREATED_AT -> null;
          };
      if (field == TaskQuery.Field.IDS) {
        return candidate; // at most 100 lookups, whatever else the query says
      }
      if (candidate != null && candidate.size() < best.size()) {
        best = candidate;
      }
    }
    return best;
  }

  /** The rows of the ids that exist. */
  private List<Row> rowsOf(Collection<String> ids) {
    List<Row> rows = new ArrayList<>(ids.size());
    for (String id : ids) {
      Row row = byId.get(id);
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Up to {@code limit} matching tasks inside {@code range}, in {@code order}. */
  List<Task> page(TaskQuery query, KeyRange range, int offset, int limit) {
    Plan plan = plan(query);
    TaskFilter filter = TaskFilter.of(query, plan.field());
    Iterator<Row> candidates = scan(plan, range, query.order());
    List<Task> page = new ArrayList<>(Math.min(limit, 128));
    int skipped = 0;
    while (page.size() < limit && candidates.hasNext()) {
      Task task = candidates.next().task;
      if (filter.test(task)) {
        if (skipped < offset) {
          skipped++;
        } else {
          page.add(task);
        }
      }
    }
    return page;
  }

  /** The number of matching tasks inside {@code range}, counting no further than {@code limit}. */
  long count(TaskQuery query, KeyRange range, long limit) {
    Plan plan = plan(query);
    TaskFilter filter = TaskFilter.of(query, plan.field());
    if (filter.acceptsAll() && range.isUnbounded() && plan.field() != TaskQuery.Field.IDS) {
      // The index alone answers: its size is the count.
      return Math.min(plan.size(), limit);
    }
    Iterator<Row> candidates = scan(plan, range, query.order());
    long count = 0;
    while (count < limit && candidates.hasNext()) {
      if (filter.test(candidates.next().task)) {
        count++;
      }
    }
    return count;
  }

  /** The plan's candidate rows inside {@code range}, in {@code order}. */
  private Iterator<Row> scan(Plan plan, KeyRange range, SortOrder order) {
    if (plan.field() == TaskQuery.Field.IDS) {
      List<Row> rows = new ArrayList<>(plan.rows().size());
      for (Row row : plan.rows()) {
        if (range.contains(row.key)) {
          rows.add(row);
        }
      }
      rows.sort((left, right) -> Keys.order(order).compare(left.key, right.key));
      return rows.iterator();
    }
    List<Iterator<Row>> sources = new ArrayList<>(plan.indexes().size());
    for (NavigableMap<SortKey, Row> index : plan.indexes()) {
      sources.add(range.slice(index, order).values().iterator());
    }
    return MergedScan.of(sources, Keys.order(order));
  }

  /** The index of each value that has one; values no task has contribute nothing. */
  private static <K> List<NavigableMap<SortKey, Row>> lookup(
      Map<K, NavigableMap<SortKey, Row>> indexes, Collection<K> values) {
    List<NavigableMap<SortKey, Row>> found = new ArrayList<>(values.size());
    for (K value : values) {
      NavigableMap<SortKey, Row> index = indexes.get(value);
      if (index != null && !index.isEmpty()) {
        found.add(index);
      }
    }
    return found;
  }

  private static void addTo(
      Map<String, NavigableMap<SortKey, Row>> indexes, String value, Row row) {
    if (value != null) {
      indexes.computeIfAbsent(value, unused -> Keys.newIndex()).put(row.key, row);
    }
  }

  private static void removeFrom(
      Map<String, NavigableMap<SortKey, Row>> indexes, String value, Row row) {
    if (value == null) {
      return;
    }
    NavigableMap<SortKey, Row> index = indexes.get(value);
    if (index != null) {
      index.remove(row.key);
      if (index.isEmpty()) {
        // Invoke ids and parent ids are nearly unique: drop empty trees so purged values leave
        // nothing behind.
        indexes.remove(value);
      }
    }
  }

  private static boolean isFinishedRoot(Task task) {
    return task.parentId() == null && task.isTerminal() && task.finishedAt() != null;
  }

  private static FinishKey finishKey(Task task) {
    return new FinishKey(task.finishedAt(), task.id());
  }
}
