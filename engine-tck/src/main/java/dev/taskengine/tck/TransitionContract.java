package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectIllegal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The status machine as the engine exposes it: every call on a task in every status, checked
 * against {@link TaskStatus#transitions()} and the call table of docs/engine.md.
 */
interface TransitionContract extends ContractFixture {

  String RESULT = "result-1";
  String ERROR_CODE = "E1";
  String ERROR_MESSAGE = "message 1";

  /** The engine calls, each with the status it asks for. */
  enum Call {
    START,
    SUCCEED,
    FAIL,
    CANCEL,
    CONFIRM_CANCELLED,
    RECORD_PROGRESS;

    Task apply(TaskEngine engine, Task task) {
      return switch (this) {
        case START -> engine.start(task.tenant(), task.id());
        case SUCCEED -> engine.succeed(task.tenant(), task.id(), RESULT);
        case FAIL -> engine.fail(task.tenant(), task.id(), ERROR_CODE, ERROR_MESSAGE);
        case CANCEL -> engine.cancel(task.tenant(), task.id());
        case CONFIRM_CANCELLED -> engine.confirmCancelled(task.tenant(), task.id());
        case RECORD_PROGRESS -> engine.recordProgress(task.tenant(), task.id(), "progress");
      };
    }
  }

  /** What docs/engine.md says a call does to a task in a status. */
  record Expected(Kind kind, TaskStatus target) {
    enum Kind {
      MOVE,
      NO_OP,
      PROGRESS,
      ILLEGAL
    }

    static Expected move(TaskStatus from, TaskStatus target) {
      if (!from.canMoveTo(target)) {
        throw new AssertionError(
            "the suite expects " + from + " -> " + target + ", which transitions() forbids");
      }
      return new Expected(Kind.MOVE, target);
    }

    static final Expected NO_OP = new Expected(Kind.NO_OP, null);
    static final Expected ILLEGAL = new Expected(Kind.ILLEGAL, null);
    static final Expected PROGRESS = new Expected(Kind.PROGRESS, null);

    /**
     * The documented outcome. The repeated SUCCEED and FAIL reports use the same result and error
     * as the path that made the task SUCCEEDED or FAILED, so on those they are no-ops.
     */
    static Expected of(Call call, TaskStatus from) {
      return switch (call) {
        case START -> from.canMoveTo(TaskStatus.RUNNING) ? move(from, TaskStatus.RUNNING) : ILLEGAL;
        case SUCCEED ->
            from.canMoveTo(TaskStatus.SUCCEEDED)
                ? move(from, TaskStatus.SUCCEEDED)
                : from == TaskStatus.SUCCEEDED ? NO_OP : ILLEGAL;
        case FAIL ->
            from.canMoveTo(TaskStatus.FAILED)
                ? move(from, TaskStatus.FAILED)
                : from == TaskStatus.FAILED ? NO_OP : ILLEGAL;
        case CANCEL ->
            switch (from) {
              case PENDING -> move(from, TaskStatus.CANCELLED);
              case RUNNING -> move(from, TaskStatus.CANCELLING);
              case CANCELLING, CANCELLED -> NO_OP;
              case SUCCEEDED, FAILED -> ILLEGAL;
            };
        case CONFIRM_CANCELLED ->
            from == TaskStatus.CANCELLING
                ? move(from, TaskStatus.CANCELLED)
                : from == TaskStatus.CANCELLED ? NO_OP : ILLEGAL;
        case RECORD_PROGRESS -> from.isTerminal() ? ILLEGAL : PROGRESS;
      };
    }
  }

  /** A fresh single task brought into {@code status} through the engine. */
  default Task singleIn(TaskStatus status) {
    Task task = newSingle();
    String id = task.id();
    return switch (status) {
      case PENDING -> task;
      case RUNNING -> engine().start(tenant(), id);
      case CANCELLING -> {
        engine().start(tenant(), id);
        yield engine().cancel(tenant(), id);
      }
      case SUCCEEDED -> {
        engine().start(tenant(), id);
        yield engine().succeed(tenant(), id, RESULT);
      }
      case FAILED -> engine().fail(tenant(), id, ERROR_CODE, ERROR_MESSAGE);
      case CANCELLED -> engine().cancel(tenant(), id);
    };
  }

  /**
   * Applies every call to a fresh task in every status, checks each against {@link Expected}, and
   * returns the status changes it saw.
   */
  default Map<TaskStatus, Set<TaskStatus>> applyEveryCallInEveryStatus(SoftAssertions softly) {
    Map<TaskStatus, Set<TaskStatus>> observed = new EnumMap<>(TaskStatus.class);
    for (TaskStatus from : TaskStatus.values()) {
      observed.put(from, EnumSet.noneOf(TaskStatus.class));
      for (Call call : Call.values()) {
        Task before = singleIn(from);
        assertThat(before.status()).as("setting up %s", from).isEqualTo(from);
        Instant now = clock().advance(Duration.ofSeconds(1));
        Expected expected = Expected.of(call, from);
        String what = call + " on a " + from + " task";
        switch (expected.kind()) {
          case ILLEGAL -> {
            IllegalTransitionException failure =
                Tck.expectIllegal(what, () -> call.apply(engine(), before));
            softly.assertThat(failure.currentStatus()).as(what + ": currentStatus").isEqualTo(from);
            softly.assertThat(failure.taskId()).as(what + ": taskId").isEqualTo(before.id());
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(before);
          }
          case NO_OP -> {
            Task returned = call.apply(engine(), before);
            softly.assertThat(returned).as(what + ": returned task").isEqualTo(before);
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(before);
          }
          case PROGRESS -> {
            Task returned = call.apply(engine(), before);
            softly.assertThat(returned.status()).as(what + ": status").isEqualTo(from);
            softly.assertThat(returned.result()).as(what + ": result").isEqualTo("progress");
            softly
                .assertThat(returned.version())
                .as(what + ": version")
                .isEqualTo(before.version() + 1);
            softly.assertThat(returned.updatedAt()).as(what + ": updatedAt").isEqualTo(now);
            softly
                .assertThat(returned.startedAt())
                .as(what + ": startedAt")
                .isEqualTo(before.startedAt());
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(returned);
          }
          case MOVE -> {
            Task returned = call.apply(engine(), before);
            observed.get(from).add(returned.status());
            softly.assertThat(returned.status()).as(what + ": status").isEqualTo(expected.target());
            softly
                .assertThat(returned.version())
                .as(what + ": version")
                .isEqualTo(before.version() + 1);
            softly.assertThat(returned.updatedAt()).as(what + ": updatedAt").isEqualTo(now);
            softly
                .assertThat(returned.createdAt())
                .as(what + ": createdAt")
                .isEqualTo(before.createdAt());
            Instant startedAt = expected.target() == TaskStatus.RUNNING ? now : before.startedAt();
            softly.assertThat(returned.startedAt()).as(what + ": startedAt").isEqualTo(startedAt);
            Instant finishedAt = expected.target().isTerminal() ? now : null;
            softly
                .assertThat(returned.finishedAt())
                .as(what + ": finishedAt")
                .isEqualTo(finishedAt);
            if (call == Call.SUCCEED) {
              softly.assertThat(returned.result()).as(what + ": result").isEqualTo(RESULT);
            }
            if (call == Call.FAIL) {
              softly
                  .assertThat(returned.errorCode())
                  .as(what + ": errorCode")
                  .isEqualTo(ERROR_CODE);
              softly
                  .assertThat(returned.errorMessage())
                  .as(what + ": errorMessage")
                  .isEqualTo(ERROR_MESSAGE);
            }
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(returned);
          }
        }
      }
    }
    return observed;
  }

  @Test
  default void everyCallOnEveryStatusFollowsTheTransitionTable() {
    SoftAssertions softly = new SoftAssertions();
    applyEveryCallInEveryStatus(softly);
    softly.assertAll();
  }

  @Test
  default void theEngineReachesEveryAllowedTransitionAndNoOther() {
    SoftAssertions softly = new SoftAssertions();
    Map<TaskStatus, Set<TaskStatus>> observed = applyEveryCallInEveryStatus(softly);
    softly.assertAll();
    assertThat(observed).isEqualTo(TaskStatus.transitions());
  }

  @Test
  default void repeatingTheSameSuccessIsANoOpAndADifferentReportIsIllegal() {
    Task succeeded = singleIn(TaskStatus.SUCCEEDED);
    clock().advance(Duration.ofMinutes(1));

    assertThat(engine().succeed(tenant(), succeeded.id(), RESULT)).isEqualTo(succeeded);
    expectIllegal(
        "succeed with another result", () -> engine().succeed(tenant(), succeeded.id(), "other"));
    expectIllegal(
        "succeed without a result", () -> engine().succeed(tenant(), succeeded.id(), null));
    expectIllegal("fail after success", () -> engine().fail(tenant(), succeeded.id(), "E", "m"));
    assertThat(reload(succeeded)).isEqualTo(succeeded);

    Task withoutResult = engine().start(tenant(), newSingle().id());
    Task done = engine().succeed(tenant(), withoutResult.id(), null);
    assertThat(done.result()).isNull();
    assertThat(engine().succeed(tenant(), done.id(), null)).isEqualTo(done);
    expectIllegal(
        "succeed with a result after none", () -> engine().succeed(tenant(), done.id(), "late"));
    assertThat(reload(done)).isEqualTo(done);
  }

  @Test
  default void repeatingTheSameFailureIsANoOpAndADifferentReportIsIllegal() {
    Task failed = singleIn(TaskStatus.FAILED);
    clock().advance(Duration.ofMinutes(1));

    assertThat(engine().fail(tenant(), failed.id(), ERROR_CODE, ERROR_MESSAGE)).isEqualTo(failed);
    expectIllegal(
        "fail with another code", () -> engine().fail(tenant(), failed.id(), "E2", ERROR_MESSAGE));
    expectIllegal(
        "fail with another message",
        () -> engine().fail(tenant(), failed.id(), ERROR_CODE, "other"));
    expectIllegal(
        "fail without a message", () -> engine().fail(tenant(), failed.id(), ERROR_CODE, null));
    expectIllegal("succeed after failure", () -> engine().succeed(tenant(), failed.id(), RESULT));
    assertThat(reload(failed)).isEqualTo(failed);

    Task noMessage = engine().fail(tenant(), newSingle().id(), "E3", null);
    assertThat(noMessage.errorMessage()).isNull();
    assertThat(engine().fail(tenant(), noMessage.id(), "E3", null)).isEqualTo(noMessage);
    expectIllegal(
        "fail with a message after none",
        () -> engine().fail(tenant(), noMessage.id(), "E3", "late"));
    assertThat(reload(noMessage)).isEqualTo(noMessage);
  }

  @Test
  default void batchesCannotBeStartedSucceededFailedOrConfirmedDirectly() {
    Task pendingBatch = newBatch(2);
    Task runningBatch = newBatch(2);
    engine().start(tenant(), childrenByResource(runningBatch).get(0).id());
    Task running = reload(runningBatch);
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);

    for (Task batch : List.of(pendingBatch, running)) {
      String what = "on a " + batch.status() + " batch";
      expectIllegal("start " + what, () -> engine().start(tenant(), batch.id()));
      expectIllegal("succeed " + what, () -> engine().succeed(tenant(), batch.id(), "r"));
      expectIllegal("fail " + what, () -> engine().fail(tenant(), batch.id(), "E", "m"));
      expectIllegal(
          "confirmCancelled " + what, () -> engine().confirmCancelled(tenant(), batch.id()));
      assertThat(reload(batch)).as(what).isEqualTo(batch);
    }
  }

  @Test
  default void recordProgressWorksOnBatchesAndIncrementsTheirVersion() {
    Task batch = newBatch(2);
    Instant now = clock().advance(Duration.ofSeconds(3));

    Task progressed = engine().recordProgress(tenant(), batch.id(), "50%");

    assertThat(progressed.result()).isEqualTo("50%");
    assertThat(progressed.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(progressed.version()).isEqualTo(1);
    assertThat(progressed.updatedAt()).isEqualTo(now);
    assertThat(progressed.counters()).isEqualTo(batch.counters());
    assertThat(reload(batch)).isEqualTo(progressed);
  }

  @Test
  default void nonCancellableTasksRejectCancel() {
    TaskSpec spec = TaskSpec.builder(tenant(), TYPE).cancellable(false).build();
    Task pending = engine().submit(spec);
    Task running = engine().start(tenant(), engine().submit(spec).id());
    Task batch = engine().submitBatch(batchSpec(tenant(), 2).cancellable(false).build());
    Task child = childrenByResource(batch).get(0);
    assertThat(child.cancellable()).isFalse();

    for (Task task : List.of(pending, running, batch, child)) {
      String what = "cancel of a non-cancellable " + task.level() + " " + task.status();
      IllegalTransitionException failure =
          expectIllegal(what, () -> engine().cancel(tenant(), task.id()));
      assertThat(failure.currentStatus()).as(what).isEqualTo(task.status());
      assertThat(reload(task)).as(what).isEqualTo(task);
    }
    assertThat(childrenOf(batch)).extracting(Task::status).containsOnly(TaskStatus.PENDING);

    // not cancellable, but it still runs to the end
    assertThat(engine().succeed(tenant(), running.id(), "ok").status())
        .isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  default void everyWriteIncrementsTheVersionByOneAndSetsUpdatedAt() {
    Task task = newSingle();
    assertThat(task.version()).isZero();
    List<BiFunction<TaskEngine, String, Task>> writes =
        List.of(
            (engine, id) -> engine.recordProgress(tenant(), id, "0%"),
            (engine, id) -> engine.start(tenant(), id),
            (engine, id) -> engine.recordProgress(tenant(), id, "10%"),
            (engine, id) -> engine.recordProgress(tenant(), id, "90%"),
            (engine, id) -> engine.cancel(tenant(), id),
            (engine, id) -> engine.recordProgress(tenant(), id, "stopping"),
            (engine, id) -> engine.confirmCancelled(tenant(), id));
    long version = 0;
    for (BiFunction<TaskEngine, String, Task> write : writes) {
      Instant now = clock().advance(Duration.ofMillis(250));
      Task written = write.apply(engine(), task.id());
      version++;
      assertThat(written.version()).isEqualTo(version);
      assertThat(written.updatedAt()).isEqualTo(now);
      assertThat(written.createdAt()).isEqualTo(task.createdAt());
      assertThat(reload(task)).isEqualTo(written);
    }
    assertThat(reload(task).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(reload(task).result()).isEqualTo("stopping");
  }

  @Test
  default void startedAtAndFinishedAtFollowTheLifecycle() {
    Task task = newSingle();
    Instant started = clock().advance(Duration.ofSeconds(1));
    assertThat(engine().start(tenant(), task.id()).startedAt()).isEqualTo(started);
    clock().advance(Duration.ofSeconds(1));
    Task cancelling = engine().cancel(tenant(), task.id());
    assertThat(cancelling.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancelling.startedAt()).isEqualTo(started);
    assertThat(cancelling.finishedAt()).isNull();
    Instant finished = clock().advance(Duration.ofSeconds(1));
    Task cancelled = engine().confirmCancelled(tenant(), task.id());
    assertThat(cancelled.startedAt()).isEqualTo(started);
    assertThat(cancelled.finishedAt()).isEqualTo(finished);

    Instant failedAt = clock().advance(Duration.ofSeconds(1));
    Task failedWithoutRunning = engine().fail(tenant(), newSingle().id(), "E", null);
    assertThat(failedWithoutRunning.startedAt()).isNull();
    assertThat(failedWithoutRunning.finishedAt()).isEqualTo(failedAt);

    Task cancelledWithoutRunning = engine().cancel(tenant(), newSingle().id());
    assertThat(cancelledWithoutRunning.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelledWithoutRunning.startedAt()).isNull();
    assertThat(cancelledWithoutRunning.finishedAt()).isEqualTo(failedAt);
    assertThat(reload(cancelledWithoutRunning)).isEqualTo(cancelledWithoutRunning);
  }

  @Test
  default void childTransitionsChangeTheBatchOnlyWhenTheyChangeItsCounters() {
    Task batch = newBatch(2);
    List<Task> children = childrenByResource(batch);
    String first = children.get(0).id();
    String second = children.get(1).id();

    Instant startedAt = clock().advance(Duration.ofSeconds(1));
    engine().start(tenant(), first);
    Task afterStart = reload(batch);
    assertThat(afterStart.version()).isEqualTo(1);
    assertThat(afterStart.updatedAt()).isEqualTo(startedAt);
    assertThat(afterStart.counters()).isEqualTo(new ChildCounters(2, 1, 1, 0, 0, 0));

    clock().advance(Duration.ofSeconds(1));
    engine().recordProgress(tenant(), first, "half");
    assertThat(reload(batch))
        .as("progress of a child leaves its batch alone")
        .isEqualTo(afterStart);

    clock().advance(Duration.ofSeconds(1));
    engine().cancel(tenant(), first);
    assertThat(reload(batch))
        .as("RUNNING -> CANCELLING counts alike, so the batch is not written")
        .isEqualTo(afterStart);

    Instant secondStarted = clock().advance(Duration.ofSeconds(1));
    engine().start(tenant(), second);
    Task afterSecond = reload(batch);
    assertThat(afterSecond.version()).isEqualTo(2);
    assertThat(afterSecond.updatedAt()).isEqualTo(secondStarted);
    assertThat(afterSecond.startedAt()).isEqualTo(startedAt);
    assertThat(afterSecond.counters()).isEqualTo(new ChildCounters(2, 0, 2, 0, 0, 0));

    Instant done = clock().advance(Duration.ofSeconds(1));
    engine().confirmCancelled(tenant(), first);
    engine().succeed(tenant(), second, "ok");
    Task finished = reload(batch);
    assertThat(finished.version()).isEqualTo(4);
    assertThat(finished.updatedAt()).isEqualTo(done);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(2, 0, 0, 1, 0, 1));
    assertThat(finished.status()).isEqualTo(TaskStatus.CANCELLED);
  }
}
