package dev.taskengine.core.internal;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.internal.StatusMachine.Call;
import dev.taskengine.core.internal.StatusMachine.Outcome;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The status machine as data: every cell of the call table, and its agreement with TaskStatus. */
class StatusMachineTest {
  private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant EARLIER = CREATED.plusSeconds(10);
  private static final Instant NOW = CREATED.plusSeconds(30);

  /**
   * The expected table, one row per call in {@link Call} order and one column per status in {@link
   * TaskStatus} order: a status name is a move there, {@code stay} writes without moving, {@code
   * repeat} is a no-op for the same report, {@code -} is refused.
   */
  private static final String EXPECTED =
      """
      START             RUNNING    -           -           -       -      -
      SUCCEED           -          SUCCEEDED   SUCCEEDED   repeat  -      -
      FAIL              FAILED     FAILED      FAILED      -       repeat -
      CANCEL            CANCELLED  CANCELLING  repeat      -       -      repeat
      CONFIRM_CANCELLED -          -           CANCELLED   -       -      repeat
      RECORD_PROGRESS   stay       stay        stay        -       -      -
      ADD_CHILDREN      stay       stay        -           -       -      -
      CLAIM             RUNNING    -           -           -       -      -
      HEARTBEAT         -          stay        stay        -       -      -
      RETRY             -          PENDING     -           -       -      -
      EXPIRE            FAILED     FAILED      CANCELLED   -       -      -
      """;

  @Test
  void everyCellOfTheCallTableIsAsDocumented() {
    List<String> rows = EXPECTED.lines().toList();
    assertThat(rows).hasSize(Call.values().length);
    SoftAssertions softly = new SoftAssertions();
    for (String row : rows) {
      String[] cells = row.trim().split("\\s+");
      Call call = Call.valueOf(cells[0]);
      assertThat(cells).as(row).hasSize(1 + TaskStatus.values().length);
      for (TaskStatus from : TaskStatus.values()) {
        softly
            .assertThat(StatusMachine.outcome(call, from))
            .as("%s on %s", call, from)
            .isEqualTo(expected(cells[1 + from.ordinal()], from));
      }
    }
    softly.assertAll();
  }

  private static Outcome expected(String cell, TaskStatus from) {
    return switch (cell) {
      case "-" -> new Outcome(Outcome.Kind.REFUSE, from);
      case "stay" -> new Outcome(Outcome.Kind.STAY, from);
      case "repeat" -> new Outcome(Outcome.Kind.REPEAT, from);
      default -> new Outcome(Outcome.Kind.MOVE, TaskStatus.valueOf(cell));
    };
  }

  @Test
  void everyMoveOfTheCallTableIsAnAllowedTransitionAndEveryAllowedTransitionIsSomeCallsMove() {
    Map<TaskStatus, Set<TaskStatus>> moved = new EnumMap<>(TaskStatus.class);
    for (TaskStatus from : TaskStatus.values()) {
      moved.put(from, EnumSet.noneOf(TaskStatus.class));
      for (Call call : Call.values()) {
        Outcome outcome = StatusMachine.outcome(call, from);
        if (outcome.kind() == Outcome.Kind.MOVE) {
          assertThat(from.canMoveTo(outcome.target()))
              .as("%s moves %s to %s", call, from, outcome.target())
              .isTrue();
          moved.get(from).add(outcome.target());
        } else {
          assertThat(outcome.target()).as("%s on %s keeps the status", call, from).isEqualTo(from);
        }
      }
    }
    assertThat(moved).isEqualTo(TaskStatus.transitions());
  }

  @Test
  void everyCallOnAnInstanceInEveryStatusDoesWhatItsCellSays() {
    SoftAssertions softly = new SoftAssertions();
    for (Call call : Call.values()) {
      if (!call.appliesTo(Level.INSTANCE)) {
        continue;
      }
      for (TaskStatus from : TaskStatus.values()) {
        Task task = instance(from).build();
        Change change = change(call);
        Outcome outcome = StatusMachine.outcome(call, from);
        String what = call + " on a " + from + " task";
        switch (outcome.kind()) {
          case MOVE, STAY -> {
            Task next = StatusMachine.next(task, change, NOW);
            softly.assertThat(next.status()).as(what).isEqualTo(outcome.target());
            softly.assertThat(next.version()).as(what + ": version").isEqualTo(task.version() + 1);
            softly.assertThat(next.updatedAt()).as(what + ": updatedAt").isEqualTo(NOW);
          }
          case REPEAT ->
              softly.assertThat(StatusMachine.next(task, change, NOW)).as(what).isSameAs(task);
          case REFUSE ->
              softly
                  .assertThatThrownBy(() -> StatusMachine.next(task, change, NOW))
                  .as(what)
                  .isInstanceOfSatisfying(
                      IllegalTransitionException.class,
                      e -> {
                        assertThat(e.taskId()).isEqualTo(task.id());
                        assertThat(e.currentStatus()).isEqualTo(from);
                        assertThat(e.getMessage()).contains(call.method());
                      });
        }
      }
    }
    softly.assertAll();
  }

  /** The same call with arguments that the tasks of {@link #instance} already hold. */
  private static Change change(Call call) {
    return switch (call) {
      case START -> Change.START;
      case SUCCEED -> Change.succeed("r");
      case FAIL -> Change.fail("E", "m");
      case CANCEL -> Change.CANCEL;
      case CONFIRM_CANCELLED -> Change.CONFIRM_CANCELLED;
      case RECORD_PROGRESS -> Change.recordProgress("50%");
      case ADD_CHILDREN -> throw new AssertionError("addChildren makes no change of its own");
      case CLAIM -> Change.claim("worker-1", NOW.plusSeconds(30));
      case HEARTBEAT -> Change.heartbeat(NOW.plusSeconds(30), null);
      case RETRY -> Change.retry(NOW.plusSeconds(5));
      case EXPIRE -> Change.expire("DeadlineExceeded", "the deadline passed");
    };
  }

  @Test
  void startSetsStartedAtAndFinishingSetsFinishedAt() {
    Task started = StatusMachine.next(instance(TaskStatus.PENDING).build(), Change.START, NOW);
    assertThat(started.startedAt()).isEqualTo(NOW);
    assertThat(started.finishedAt()).isNull();

    Task running = instance(TaskStatus.RUNNING).result("10%").startedAt(EARLIER).build();
    Task succeeded = StatusMachine.next(running, Change.succeed("done"), NOW);
    assertThat(succeeded.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(succeeded.result()).isEqualTo("done");
    assertThat(succeeded.startedAt()).isEqualTo(EARLIER);
    assertThat(succeeded.finishedAt()).isEqualTo(NOW);

    Task failed = StatusMachine.next(running, Change.fail("E9", "boom"), NOW);
    assertThat(failed.result()).as("a failure keeps the progress").isEqualTo("10%");
    assertThat(failed.errorCode()).isEqualTo("E9");
    assertThat(failed.errorMessage()).isEqualTo("boom");
    assertThat(failed.finishedAt()).isEqualTo(NOW);

    Task cancelling = StatusMachine.next(running, Change.CANCEL, NOW);
    assertThat(cancelling.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancelling.startedAt()).isEqualTo(EARLIER);
    assertThat(cancelling.finishedAt()).isNull();

    Task neverRan =
        StatusMachine.next(instance(TaskStatus.PENDING).build(), Change.fail("E", null), NOW);
    assertThat(neverRan.startedAt()).isNull();
    assertThat(neverRan.finishedAt()).isEqualTo(NOW);
  }

  @Test
  void aClaimStartsAnAttemptWithALeaseAndTheFirstStartBringsTheDeadlineForward() {
    Task pending =
        instance(TaskStatus.PENDING)
            .maxRunTime(Duration.ofMinutes(10))
            .deadline(NOW.plusSeconds(3600))
            .build();
    Task claimed = StatusMachine.next(pending, Change.claim("w1", NOW.plusSeconds(30)), NOW);
    assertThat(claimed.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(claimed.leaseOwner()).isEqualTo("w1");
    assertThat(claimed.leaseExpiresAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(claimed.attempt()).isEqualTo(1);
    assertThat(claimed.startedAt()).isEqualTo(NOW);
    assertThat(claimed.deadline())
        .as("start + maxRunTime is earlier")
        .isEqualTo(NOW.plusSeconds(600));

    Instant later = NOW.plusSeconds(100);
    Task retried =
        StatusMachine.next(claimed, Change.retry(NOW.plusSeconds(40)), NOW.plusSeconds(31));
    assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(retried.leaseOwner()).isNull();
    assertThat(retried.leaseExpiresAt()).isNull();
    assertThat(retried.availableAt()).isEqualTo(NOW.plusSeconds(40));
    assertThat(retried.attempt()).as("the retry keeps the attempt count").isEqualTo(1);
    assertThat(retried.startedAt()).isEqualTo(NOW);

    Task second = StatusMachine.next(retried, Change.claim("w2", later.plusSeconds(30)), later);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.startedAt()).as("the first start stays").isEqualTo(NOW);
    assertThat(second.deadline())
        .as("the run-time limit counts from the first start")
        .isEqualTo(NOW.plusSeconds(600));

    Task beat = StatusMachine.next(second, Change.heartbeat(later.plusSeconds(90), null), later);
    assertThat(beat.leaseExpiresAt()).isEqualTo(later.plusSeconds(90));
    assertThat(beat.result()).isNull();
    Task progressed =
        StatusMachine.next(beat, Change.heartbeat(later.plusSeconds(95), "40%"), later);
    assertThat(progressed.result()).isEqualTo("40%");

    Task expired =
        StatusMachine.next(
            progressed, Change.expire("LeaseExpired", "gone"), later.plusSeconds(99));
    assertThat(expired.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(expired.errorCode()).isEqualTo("LeaseExpired");
    assertThat(expired.leaseExpiresAt()).as("a finished task holds no lease").isNull();
    assertThat(expired.leaseOwner()).as("but says who held it last").isEqualTo("w2");
    assertThat(expired.finishedAt()).isEqualTo(later.plusSeconds(99));
  }

  @Test
  void aRunTimeLimitNeverPushesAnEarlierDeadlineBack() {
    Task pending =
        instance(TaskStatus.PENDING)
            .maxRunTime(Duration.ofHours(2))
            .deadline(NOW.plusSeconds(60))
            .build();
    Task claimed = StatusMachine.next(pending, Change.claim("w1", NOW.plusSeconds(30)), NOW);
    assertThat(claimed.deadline()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void anExpiredCancellingTaskEndsCancelledWithoutAnError() {
    Task cancelling = instance(TaskStatus.CANCELLING).leaseOwner("w").attempt(1).build();
    Task ended = StatusMachine.next(cancelling, Change.expire(null, null), NOW);
    assertThat(ended.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(ended.errorCode()).isNull();
  }

  @Test
  void progressWritesTheResultEvenWhenEqualAndKeepsEverythingElse() {
    Task running = instance(TaskStatus.RUNNING).result("50%").startedAt(EARLIER).build();
    Task progressed = StatusMachine.next(running, Change.recordProgress("50%"), NOW);
    assertThat(progressed)
        .isEqualTo(running.toBuilder().updatedAt(NOW).version(running.version() + 1).build());
  }

  @Test
  void aRepeatedReportWithOtherArgumentsIsRefused() {
    Task succeeded = instance(TaskStatus.SUCCEEDED).result("r").build();
    assertThatThrownBy(() -> StatusMachine.next(succeeded, Change.succeed("other"), NOW))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("SUCCEEDED");
    assertThatThrownBy(() -> StatusMachine.next(succeeded, Change.succeed(null), NOW))
        .isInstanceOf(IllegalTransitionException.class);

    Task failed = instance(TaskStatus.FAILED).errorCode("E").errorMessage("m").build();
    assertThat(StatusMachine.next(failed, Change.fail("E", "m"), NOW)).isSameAs(failed);
    assertThatThrownBy(() -> StatusMachine.next(failed, Change.fail("E", "other"), NOW))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> StatusMachine.next(failed, Change.fail("E2", "m"), NOW))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aBatchsStatusFollowsItsChildrenSoOnlyCancelProgressAndAddChildrenApply() {
    for (TaskStatus status : EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING)) {
      Task batch = batch(status);
      for (Call call : List.of(Call.START, Call.SUCCEED, Call.FAIL, Call.CONFIRM_CANCELLED)) {
        assertThatThrownBy(() -> StatusMachine.decide(call, batch))
            .as("%s on a %s batch", call, status)
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessageContaining("follows its children");
      }
      assertThat(StatusMachine.decide(Call.CANCEL, batch).kind()).isEqualTo(Outcome.Kind.MOVE);
      assertThat(StatusMachine.decide(Call.RECORD_PROGRESS, batch).kind())
          .isEqualTo(Outcome.Kind.STAY);
      assertThat(StatusMachine.decide(Call.ADD_CHILDREN, batch).kind())
          .isEqualTo(Outcome.Kind.STAY);
    }
    assertThatThrownBy(
            () -> StatusMachine.decide(Call.ADD_CHILDREN, instance(TaskStatus.PENDING).build()))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("not a batch");
    assertThat(StatusMachine.TAKES_CHILDREN)
        .containsExactly(TaskStatus.PENDING, TaskStatus.RUNNING);
  }

  @Test
  void aBatchCancelMovesEachChildAsACancelMovesAnInstance() {
    assertThat(StatusMachine.CANCEL_MOVES)
        .isEqualTo(
            Map.of(
                TaskStatus.PENDING, TaskStatus.CANCELLED,
                TaskStatus.RUNNING, TaskStatus.CANCELLING));
  }

  @Test
  void aNonCancellableTaskRefusesACancelThatWouldMoveIt() {
    for (TaskStatus status : TaskStatus.values()) {
      Task task = instance(status).cancellable(false).build();
      Outcome cell = StatusMachine.outcome(Call.CANCEL, status);
      if (cell.kind() == Outcome.Kind.MOVE) {
        assertThatThrownBy(() -> StatusMachine.next(task, Change.CANCEL, NOW))
            .as(status.name())
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessageContaining("not cancellable");
      }
    }
    Task batch = batch(TaskStatus.RUNNING).toBuilder().cancellable(false).build();
    assertThatThrownBy(() -> StatusMachine.decide(Call.CANCEL, batch))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("not cancellable");
  }

  @Test
  void refusalsNameTheStatusesInWhichTheCallActs() {
    assertThatThrownBy(
            () -> StatusMachine.next(instance(TaskStatus.RUNNING).build(), Change.START, NOW))
        .hasMessageEndingWith("start needs a PENDING task");
    assertThatThrownBy(
            () -> StatusMachine.next(instance(TaskStatus.SUCCEEDED).build(), Change.CANCEL, NOW))
        .hasMessageEndingWith("cancel needs a PENDING or RUNNING task");
    assertThatThrownBy(
            () ->
                StatusMachine.next(
                    instance(TaskStatus.FAILED).build(), Change.recordProgress("x"), NOW))
        .hasMessageEndingWith("recordProgress needs a PENDING, RUNNING or CANCELLING task");
  }

  /**
   * An instance task in {@code status}, holding result "r" when SUCCEEDED and error E/m when
   * FAILED, as {@link #change} repeats them.
   */
  private static Task.Builder instance(TaskStatus status) {
    Task.Builder task = task("t-1", Level.INSTANCE, status).resourceId("res").version(3);
    if (status != TaskStatus.PENDING) {
      task.startedAt(EARLIER);
    }
    if (status.isTerminal()) {
      task.finishedAt(EARLIER);
    }
    if (status == TaskStatus.SUCCEEDED) {
      task.result("r");
    }
    if (status == TaskStatus.FAILED) {
      task.errorCode("E").errorMessage("m");
    }
    return task;
  }

  private static Task batch(TaskStatus status) {
    return task("b-1", Level.BATCH, status).counters(new ChildCounters(2, 2, 0, 0, 0, 0)).build();
  }

  private static Task.Builder task(String id, Level level, TaskStatus status) {
    return Task.builder()
        .id(id)
        .tenant("tenant")
        .level(level)
        .type("Restart")
        .status(status)
        .createdAt(CREATED)
        .updatedAt(CREATED);
  }

  @Test
  void everyCallIsAMethodOfTheEngine() {
    Set<String> methods =
        Arrays.stream(TaskEngine.class.getMethods()).map(Method::getName).collect(toSet());
    for (Call call : Call.values()) {
      assertThat(methods).as(call.name()).contains(call.method());
    }
  }

  /** The call table in docs/engine.md is generated from {@link StatusMachine#outcome}. */
  @Test
  void documentedCallTableMatchesTheCode() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "engine.md"));
    String begin = "<!-- calls:begin";
    String end = "<!-- calls:end -->";
    assertThat(doc).contains(begin, end);
    String documented = doc.substring(doc.indexOf('\n', doc.indexOf(begin)) + 1, doc.indexOf(end));
    assertThat(documented).isEqualTo(renderCallTable());
  }

  static String renderCallTable() {
    StringBuilder table = new StringBuilder("| call | applies to |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (TaskStatus status : TaskStatus.values()) {
      table.append(' ').append(status).append(" |");
      rule.append("---|");
    }
    table.append('\n').append(rule).append('\n');
    for (Call call : Call.values()) {
      table.append("| `").append(call.label()).append("` | ").append(levels(call)).append(" |");
      for (TaskStatus status : TaskStatus.values()) {
        Outcome outcome = StatusMachine.outcome(call, status);
        String cell =
            switch (outcome.kind()) {
              case MOVE -> "→ " + outcome.target();
              case STAY -> "stays";
              case REPEAT -> "no-op";
              case REFUSE -> "illegal";
            };
        table.append(' ').append(cell).append(" |");
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String levels(Call call) {
    boolean instances = call.appliesTo(Level.INSTANCE);
    boolean batches = call.appliesTo(Level.BATCH);
    return instances && batches ? "both" : instances ? "instances" : "batches";
  }
}
