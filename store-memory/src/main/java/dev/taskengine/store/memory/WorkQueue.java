package dev.taskengine.store.memory;

import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.Pick;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The store-wide queues of work, across tenants: PENDING instance tasks by {@code availableAt}
 * (what an all-tenants claim reads) and unfinished instance tasks by the time they become due for
 * the sweep (the earlier of an active lease's expiry and the deadline). Thread-safe: each tenant's
 * {@link TaskTable} updates it under that tenant's write lock, and picks read it without any lock,
 * then re-check each task under its tenant's lock.
 */
final class WorkQueue {

  /** A position in a queue: the time, then id and tenant to make it unique. */
  record Key(Instant at, String id, String tenant) {
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::at).thenComparing(Key::id).thenComparing(Key::tenant);
  }

  /**
   * What a pick may test without the tenant's lock: the fields of a task that never change.
   *
   * @param tenant the task's tenant
   * @param id the task's id
   * @param type the task's type
   * @param resourceId the task's resource, may be null
   */
  record Entry(String tenant, String id, String type, String resourceId) {}

  private final ConcurrentSkipListMap<Key, Entry> claimable =
      new ConcurrentSkipListMap<>(Key.ORDER);
  private final ConcurrentSkipListMap<Key, Entry> due = new ConcurrentSkipListMap<>(Key.ORDER);

  /**
   * Keeps both queues in step with one task's change; {@code null} before an insert or after a
   * delete.
   */
  void changed(Task before, Task after) {
    move(claimable, before, after, claimableAt(before), claimableAt(after));
    move(due, before, after, dueAt(before), dueAt(after));
  }

  /**
   * The claimable tasks' entries in claim order, all tenants; the caller stops past {@code now}.
   */
  Iterator<java.util.Map.Entry<Key, Entry>> claimable() {
    return claimable.entrySet().iterator();
  }

  /** The unfinished tasks' entries in the order they become due; the caller stops past now. */
  Iterator<java.util.Map.Entry<Key, Entry>> due() {
    return due.entrySet().iterator();
  }

  /** Whether {@code selection} selects {@code task} at {@code now}: the full test, under lock. */
  static boolean selects(Pick.Selection selection, Task task, Instant now) {
    if (selection instanceof Pick.Claimable claimable) {
      Instant at = claimableAt(task);
      return at != null
          && !at.isAfter(now)
          && (claimable.tenant() == null || claimable.tenant().equals(task.tenant()))
          && (claimable.types().isEmpty() || claimable.types().contains(task.type()))
          && selectsResource(claimable, task.resourceId());
    }
    Instant at = dueAt(task);
    return at != null && !at.isAfter(now);
  }

  /** Whether {@code selection} may select the entry's task: the test of its unchanging fields. */
  static boolean maySelect(Pick.Selection selection, Entry entry) {
    if (selection instanceof Pick.Claimable claimable) {
      return (claimable.tenant() == null || claimable.tenant().equals(entry.tenant()))
          && (claimable.types().isEmpty() || claimable.types().contains(entry.type()))
          && selectsResource(claimable, entry.resourceId());
    }
    return true;
  }

  /** A claim by resource ids never takes a task without a resource. */
  private static boolean selectsResource(Pick.Claimable claimable, String resourceId) {
    return claimable.resourceIds().isEmpty()
        || (resourceId != null && claimable.resourceIds().contains(resourceId));
  }

  /** When a task may be claimed: PENDING instance tasks only; null otherwise. */
  static Instant claimableAt(Task task) {
    if (task == null || task.level() != Level.INSTANCE || task.status() != TaskStatus.PENDING) {
      return null;
    }
    return task.availableAt() != null ? task.availableAt() : task.createdAt();
  }

  /**
   * When the sweep must look at a task: the earlier of its lease's expiry (RUNNING or CANCELLING)
   * and its deadline (any unfinished status); null when neither applies.
   */
  static Instant dueAt(Task task) {
    if (task == null || task.level() != Level.INSTANCE || task.isTerminal()) {
      return null;
    }
    Instant lease =
        task.status() == TaskStatus.PENDING || task.leaseExpiresAt() == null
            ? null
            : task.leaseExpiresAt();
    Instant deadline = task.deadline();
    if (lease == null) {
      return deadline;
    }
    return deadline == null || lease.isBefore(deadline) ? lease : deadline;
  }

  private static void move(
      ConcurrentSkipListMap<Key, Entry> queue, Task before, Task after, Instant from, Instant to) {
    if (Objects.equals(from, to)) {
      return;
    }
    if (from != null) {
      queue.remove(new Key(from, before.id(), before.tenant()));
    }
    if (to != null) {
      queue.put(
          new Key(to, after.id(), after.tenant()),
          new Entry(after.tenant(), after.id(), after.type(), after.resourceId()));
    }
  }
}
