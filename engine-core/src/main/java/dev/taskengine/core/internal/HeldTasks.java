package dev.taskengine.core.internal;

import dev.taskengine.api.Lease;
import dev.taskengine.api.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The leased tasks as this engine last wrote or read them: what its claims handed out and its
 * holders' heartbeats renewed. A worker's next call as the lease holder (a heartbeat, its report)
 * then starts from this copy instead of reading the task first, which saves one round trip to the
 * store per report. The copy is only a starting point: the holder's write is a compare-and-set on
 * the task's version, which every write of a task moves, so a task that another engine, a sweep or
 * a cancel changed since fails that write, and the engine then reads the task and decides again,
 * exactly as without the copy.
 *
 * <p>Bounded: at most {@value #CAPACITY} tasks, the oldest dropped first, and none whose texts
 * (param, result, error message) are longer than {@value #MAX_TEXT_CHARS} characters together, so
 * that the copies stay small whatever the payload limit. Thread-safe.
 */
final class HeldTasks {
  /** How many leased tasks are kept: far more than one node's workers hold at a time. */
  static final int CAPACITY = 4_096;

  /** The longest texts of a task kept here, in characters. */
  static final int MAX_TEXT_CHARS = 2_048;

  private record Key(String tenant, String id) {}

  private final Map<Key, Task> tasks =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Task> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * Records {@code task} as the store holds it now: kept while it is unfinished and leased,
   * forgotten otherwise.
   */
  void saw(Task task) {
    Key key = new Key(task.tenant(), task.id());
    boolean keep =
        !task.isTerminal()
            && task.leaseOwner() != null
            && task.leaseExpiresAt() != null
            && length(task.param()) + length(task.result()) + length(task.errorMessage())
                <= MAX_TEXT_CHARS;
    synchronized (tasks) {
      if (keep) {
        tasks.remove(key); // re-inserted last: the newest write is the last to be dropped
        tasks.put(key, task);
      } else {
        tasks.remove(key);
      }
    }
  }

  /** The task {@code lease} names, as last seen, if it was then held under that very lease. */
  Optional<Task> held(Lease lease) {
    Task task;
    synchronized (tasks) {
      task = tasks.get(new Key(lease.tenant(), lease.taskId()));
    }
    if (task == null
        || task.attempt() != lease.attempt()
        || !lease.owner().equals(task.leaseOwner())) {
      return Optional.empty();
    }
    return Optional.of(task);
  }

  /** How many tasks are kept. */
  int size() {
    synchronized (tasks) {
      return tasks.size();
    }
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
