package dev.taskengine.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The status of a task. The allowed transitions are data ({@link #transitions()}), the public
 * statement of the status machine: the engine's calls move a task only along them and between them
 * reach every one (docs/engine.md prints this table and the calls' table; tests keep both true).
 *
 * <pre>
 * PENDING    -&gt; RUNNING, FAILED, CANCELLED
 * RUNNING    -&gt; PENDING (a retry after the lease expired), CANCELLING, SUCCEEDED, FAILED
 * CANCELLING -&gt; SUCCEEDED, FAILED, CANCELLED
 * SUCCEEDED, FAILED, CANCELLED: terminal, nothing
 * </pre>
 */
public enum TaskStatus {
  PENDING,
  RUNNING,
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  private static final Map<TaskStatus, Set<TaskStatus>> TRANSITIONS = table();

  private static Map<TaskStatus, Set<TaskStatus>> table() {
    Map<TaskStatus, Set<TaskStatus>> table = new EnumMap<>(TaskStatus.class);
    table.put(PENDING, Collections.unmodifiableSet(EnumSet.of(RUNNING, CANCELLED, FAILED)));
    table.put(
        RUNNING, Collections.unmodifiableSet(EnumSet.of(PENDING, SUCCEEDED, FAILED, CANCELLING)));
    table.put(CANCELLING, Collections.unmodifiableSet(EnumSet.of(CANCELLED, SUCCEEDED, FAILED)));
    for (TaskStatus terminal : EnumSet.of(SUCCEEDED, FAILED, CANCELLED)) {
      table.put(terminal, Collections.unmodifiableSet(EnumSet.noneOf(TaskStatus.class)));
    }
    return Collections.unmodifiableMap(table);
  }

  /** The whole transition table: every status mapped to the statuses it may move to. */
  public static Map<TaskStatus, Set<TaskStatus>> transitions() {
    return TRANSITIONS;
  }

  /** The statuses this one may move to; empty for terminal statuses. */
  public Set<TaskStatus> next() {
    return TRANSITIONS.get(this);
  }

  /** Whether the status machine allows moving from this status to {@code target}. */
  public boolean canMoveTo(TaskStatus target) {
    return TRANSITIONS.get(this).contains(target);
  }

  /** SUCCEEDED, FAILED and CANCELLED are terminal: a task in them never changes again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
