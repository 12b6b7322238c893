package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A compare-and-set write of one task, computed by the engine. The store writes {@code after}'s
 * status, result, errorCode, errorMessage, startedAt, finishedAt, updatedAt, version, attempt,
 * leaseOwner, leaseExpiresAt, availableAt and deadline (the fields a task's life changes) only
 * where the stored row still has {@code before}'s tenant, id, status and version. When the task has
 * a parent and {@code parentDelta} is not zero, the store then, in the same transaction, adds the
 * delta to the parent's counters, sets its updatedAt to {@code now}, increments its version, and
 * persists what {@link BatchRollup#rollUp} makes of it.
 *
 * @param before the task as the engine read it
 * @param after the task as it should be stored (its version is {@code before.version() + 1})
 * @param parentDelta the change to the parent's counters, {@link CounterDelta#ZERO} when none
 * @param now the time of the change
 */
public record TaskUpdate(Task before, Task after, CounterDelta parentDelta, Instant now) {

  public TaskUpdate {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(parentDelta, "parentDelta");
    Objects.requireNonNull(now, "now");
  }

  /**
   * For stores implementing {@link TaskStore#updateAll}, the one check of its arguments: every
   * update changes one instance task (never a batch) and keeps its tenant and id, and no task is
   * updated twice. Returns the latest {@code now} among them, the time at which the call changes
   * parents; null when there are no updates.
   *
   * @throws IllegalArgumentException when an update breaks these rules
   */
  public static Instant checkBulk(List<TaskUpdate> updates) {
    Set<List<String>> named = new HashSet<>();
    Instant latest = null;
    for (TaskUpdate update : updates) {
      Task before = update.before();
      if (!before.id().equals(update.after().id())
          || !before.tenant().equals(update.after().tenant())) {
        throw new IllegalArgumentException(
            "update changes task " + before.id() + " into " + update.after().id());
      }
      if (before.isBatch()) {
        throw new IllegalArgumentException(
            "updateAll writes instance tasks, not batch " + before.id());
      }
      if (!named.add(List.of(before.tenant(), before.id()))) {
        throw new IllegalArgumentException("two updates of task " + before.id());
      }
      latest = latest == null || update.now().isAfter(latest) ? update.now() : latest;
    }
    return latest;
  }

  /**
   * {@code stored} with the fields a transition writes taken from {@code after}, and every other
   * field as stored: what a store holds once it wrote {@code after} over {@code stored}. The one
   * list of those fields, for stores making the task they return from {@link TaskStore#update},
   * {@link TaskStore#updateAll} and {@link TaskStore#pick}.
   */
  public static Task written(Task stored, Task after) {
    return stored.toBuilder()
        .status(after.status())
        .result(after.result())
        .errorCode(after.errorCode())
        .errorMessage(after.errorMessage())
        .startedAt(after.startedAt())
        .finishedAt(after.finishedAt())
        .updatedAt(after.updatedAt())
        .version(after.version())
        .attempt(after.attempt())
        .leaseOwner(after.leaseOwner())
        .leaseExpiresAt(after.leaseExpiresAt())
        .availableAt(after.availableAt())
        .deadline(after.deadline())
        .build();
  }
}
