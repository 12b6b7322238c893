package dev.taskengine.core.internal;

import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every call does to a task in every status (docs/engine.md, "Status machine"): the one rule
 * the engine consults before it writes. The table ({@link #rule}) may only move a task along {@link
 * TaskStatus#transitions()}, the public statement of the machine; loading this class checks that.
 * Stateless and thread-safe.
 */
final class StatusMachine {

  /** The engine's calls that a task's status decides. */
  enum Call {
    START("start"),
    SUCCEED("succeed"),
    FAIL("fail"),
    CANCEL("cancel"),
    CONFIRM_CANCELLED("confirmCancelled"),
    RECORD_PROGRESS("recordProgress"),
    ADD_CHILDREN("addChildren"),
    CLAIM("claim"),
    HEARTBEAT("heartbeat"),
    /** The sweep's retry of a task whose lease expired while attempts remain. */
    RETRY("sweepExpired", "retry"),
    /** The sweep's end of a task whose last lease expired or whose deadline passed. */
    EXPIRE("sweepExpired", "end");

    private final String method;
    private final String variant;

    Call(String method) {
      this(method, null);
    }

    Call(String method, String variant) {
      this.method = method;
      this.variant = variant;
    }

    /** The {@code TaskEngine} method of this call. */
    String method() {
      return method;
    }

    /** The call as docs/engine.md names it: the method, and which of its calls when it has two. */
    String label() {
      return variant == null ? method : method + " (" + variant + ")";
    }

    /**
     * Whether the call applies to tasks of this level at all, whatever their status. A batch's
     * status follows its children, so only the rollup moves it.
     */
    boolean appliesTo(Level level) {
      return switch (this) {
        case START, SUCCEED, FAIL, CONFIRM_CANCELLED, CLAIM, HEARTBEAT, RETRY, EXPIRE ->
            level == Level.INSTANCE;
        case ADD_CHILDREN -> level == Level.BATCH;
        case CANCEL, RECORD_PROGRESS -> true;
      };
    }
  }

  /**
   * One cell of the table.
   *
   * @param kind what the call does
   * @param target the status the task has after the call (its own status for STAY, REPEAT and
   *     REFUSE)
   */
  record Outcome(Kind kind, TaskStatus target) {
    enum Kind {
      /** The task moves to {@code target}. */
      MOVE,
      /** The call writes (progress, children) and the status stays. */
      STAY,
      /**
       * The call repeats the report that made the task what it is: the same report again is a no-op
       * returning the task, a different one is refused.
       */
      REPEAT,
      /** The call is refused with {@link IllegalTransitionException}. */
      REFUSE
    }
  }

  private static final int STATUSES = TaskStatus.values().length;
  private static final Outcome[] TABLE = table();
  private static final Map<Call, String> REFUSALS = refusals();

  /** The children a batch cancel moves: what {@link Call#CANCEL} does to each child's status. */
  static final Map<TaskStatus, TaskStatus> CANCEL_MOVES = moves(Call.CANCEL);

  /** The statuses a batch takes children in. */
  static final Set<TaskStatus> TAKES_CHILDREN =
      Collections.unmodifiableSet(statusesWhere(Call.ADD_CHILDREN, Outcome.Kind.STAY));

  private StatusMachine() {}

  /**
   * The table: what {@code call} does to a task in status {@code from}. Every call names every
   * status, so a new status or call is a compile error here until it is decided.
   */
  private static Outcome rule(Call call, TaskStatus from) {
    return switch (call) {
      case START ->
          switch (from) {
            case PENDING -> move(TaskStatus.RUNNING);
            case RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case SUCCEED ->
          switch (from) {
            case RUNNING, CANCELLING -> move(TaskStatus.SUCCEEDED);
            case SUCCEEDED -> repeat(from);
            case PENDING, FAILED, CANCELLED -> refuse(from);
          };
      case FAIL ->
          switch (from) {
            case PENDING, RUNNING, CANCELLING -> move(TaskStatus.FAILED);
            case FAILED -> repeat(from);
            case SUCCEEDED, CANCELLED -> refuse(from);
          };
      case CANCEL ->
          switch (from) {
            case PENDING -> move(TaskStatus.CANCELLED);
            case RUNNING -> move(TaskStatus.CANCELLING);
            case CANCELLING, CANCELLED -> repeat(from);
            case SUCCEEDED, FAILED -> refuse(from);
          };
      case CONFIRM_CANCELLED ->
          switch (from) {
            case CANCELLING -> move(TaskStatus.CANCELLED);
            case CANCELLED -> repeat(from);
            case PENDING, RUNNING, SUCCEEDED, FAILED -> refuse(from);
          };
      case RECORD_PROGRESS ->
          switch (from) {
            case PENDING, RUNNING, CANCELLING -> stay(from);
            case SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case ADD_CHILDREN ->
          switch (from) {
            case PENDING, RUNNING -> stay(from);
            case CANCELLING, SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case CLAIM ->
          switch (from) {
            case PENDING -> move(TaskStatus.RUNNING);
            case RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case HEARTBEAT ->
          switch (from) {
            case RUNNING, CANCELLING -> stay(from);
            case PENDING, SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case RETRY ->
          switch (from) {
            case RUNNING -> move(TaskStatus.PENDING);
            case PENDING, CANCELLING, SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
      case EXPIRE ->
          switch (from) {
            case PENDING, RUNNING -> move(TaskStatus.FAILED);
            // cancellation was asked for and never confirmed: it ends as asked
            case CANCELLING -> move(TaskStatus.CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> refuse(from);
          };
    };
  }

  private static Outcome move(TaskStatus target) {
    return new Outcome(Outcome.Kind.MOVE, target);
  }

  private static Outcome stay(TaskStatus from) {
    return new Outcome(Outcome.Kind.STAY, from);
  }

  private static Outcome repeat(TaskStatus from) {
    return new Outcome(Outcome.Kind.REPEAT, from);
  }

  private static Outcome refuse(TaskStatus from) {
    return new Outcome(Outcome.Kind.REFUSE, from);
  }

  /** The table's cell, without the rules that depend on the task rather than its status. */
  static Outcome outcome(Call call, TaskStatus from) {
    return TABLE[call.ordinal() * STATUSES + from.ordinal()];
  }

  /**
   * What {@code call} does to {@code task}: the call must apply to the task's level, the table must
   * not refuse it in the task's status, and a cancel that would move the task needs it to be
   * cancellable. Never returns {@link Outcome.Kind#REFUSE}.
   *
   * @throws IllegalTransitionException when any of these refuses the call
   */
  static Outcome decide(Call call, Task task) {
    if (!call.appliesTo(task.level())) {
      throw illegal(
          task,
          task.isBatch()
              ? "a batch's status follows its children; " + call.method() + " its children instead"
              : "is not a batch; " + call.method() + " applies to batches only");
    }
    Outcome outcome = outcome(call, task.status());
    if (outcome.kind() == Outcome.Kind.REFUSE) {
      throw illegal(task, REFUSALS.get(call));
    }
    if (call == Call.CANCEL && outcome.kind() == Outcome.Kind.MOVE && !task.cancellable()) {
      throw illegal(task, "the task is not cancellable");
    }
    return outcome;
  }

  /**
   * The task after {@code change}, at version + 1 and updated {@code now}; {@code task} itself when
   * the change repeats what the task already reports (nothing to write).
   *
   * @throws IllegalTransitionException when the change is refused
   */
  static Task next(Task task, Change change, Instant now) {
    Outcome outcome = decide(change.call(), task);
    if (outcome.kind() == Outcome.Kind.REPEAT) {
      if (change.repeats(task)) {
        return task;
      }
      throw illegal(
          task,
          "already "
              + task.status()
              + "; repeating "
              + change.call().method()
              + " is a no-op only with the same arguments");
    }
    return change.applyTo(task, outcome.target(), now);
  }

  private static IllegalTransitionException illegal(Task task, String message) {
    return new IllegalTransitionException(task.id(), task.status(), message);
  }

  // ---- the table as the engine reads it, built once ----

  private static Outcome[] table() {
    Outcome[] table = new Outcome[Call.values().length * STATUSES];
    for (Call call : Call.values()) {
      for (TaskStatus from : TaskStatus.values()) {
        Outcome outcome = rule(call, from);
        if (outcome.kind() == Outcome.Kind.MOVE && !from.canMoveTo(outcome.target())) {
          throw new IllegalStateException(
              call
                  + " moves "
                  + from
                  + " to "
                  + outcome.target()
                  + ", which transitions() forbids");
        }
        table[call.ordinal() * STATUSES + from.ordinal()] = outcome;
      }
    }
    return table;
  }

  /** Per call, the refusal's message: the statuses in which the call does something. */
  private static Map<Call, String> refusals() {
    Map<Call, String> messages = new EnumMap<>(Call.class);
    for (Call call : Call.values()) {
      Set<TaskStatus> acting = statusesWhere(call, Outcome.Kind.MOVE);
      acting.addAll(statusesWhere(call, Outcome.Kind.STAY));
      List<String> names = acting.stream().map(TaskStatus::name).toList();
      String last = names.get(names.size() - 1);
      String list =
          names.size() == 1
              ? last
              : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
      messages.put(call, call.method() + " needs a " + list + " task");
    }
    return Collections.unmodifiableMap(messages);
  }

  private static Set<TaskStatus> statusesWhere(Call call, Outcome.Kind kind) {
    Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
    for (TaskStatus from : TaskStatus.values()) {
      if (outcome(call, from).kind() == kind) {
        statuses.add(from);
      }
    }
    return statuses;
  }

  private static Map<TaskStatus, TaskStatus> moves(Call call) {
    Map<TaskStatus, TaskStatus> moves = new EnumMap<>(TaskStatus.class);
    for (TaskStatus from : statusesWhere(call, Outcome.Kind.MOVE)) {
      moves.put(from, outcome(call, from).target());
    }
    return Collections.unmodifiableMap(moves);
  }
}
