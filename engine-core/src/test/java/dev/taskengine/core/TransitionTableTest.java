package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.RetryPolicy;
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
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The status machine as the engine exposes it: every call on a task in every status, checked
 * against {@link TaskStatus#transitions()} and the call table of docs/engine.md.
 */
class TransitionTableTest extends EngineOnMemoryStore {

  static final String RESULT = "result-1";
  static final String ERROR_CODE = "E1";
  static final String ERROR_MESSAGE = "message 1";

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
  Task singleIn(TaskStatus status) {
    Task task = newSingle();
    String id = task.id();
    return switch (status) {
      case PENDING -> task;
      case RUNNING -> engine.start(tenant, id);
      case CANCELLING -> {
        engine.start(tenant, id);
        yield engine.cancel(tenant, id);
      }
      case SUCCEEDED -> {
        engine.start(tenant, id);
        yield engine.succeed(tenant, id, RESULT);
      }
      case FAILED -> engine.fail(tenant, id, ERROR_CODE, ERROR_MESSAGE);
      case CANCELLED -> engine.cancel(tenant, id);
    };
  }

  /**
   * Applies every call to a fresh task in every status, checks each against {@link Expected}, and
   * returns the status changes it saw.
   */
  Map<TaskStatus, Set<TaskStatus>> applyEveryCallInEveryStatus(SoftAssertions softly) {
    Map<TaskStatus, Set<TaskStatus>> observed = new EnumMap<>(TaskStatus.class);
    for (TaskStatus from : TaskStatus.values()) {
      observed.put(from, EnumSet.noneOf(TaskStatus.class));
      for (Call call : Call.values()) {
        Task before = singleIn(from);
        assertThat(before.status()).as("setting up %s", from).isEqualTo(from);
        Instant now = clock.advance(Duration.ofSeconds(1));
        Expected expected = Expected.of(call, from);
        String what = call + " on a " + from + " task";
        switch (expected.kind()) {
          case ILLEGAL -> {
            IllegalTransitionException failure =
                Failures.expect(
                    IllegalTransitionException.class, what, () -> call.apply(engine, before));
            softly.assertThat(failure.currentStatus()).as(what + ": currentStatus").isEqualTo(from);
            softly.assertThat(failure.taskId()).as(what + ": taskId").isEqualTo(before.id());
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(before);
          }
          case NO_OP -> {
            Task returned = call.apply(engine, before);
            softly.assertThat(returned).as(what + ": returned task").isEqualTo(before);
            softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(before);
          }
          case PROGRESS -> {
            Task returned = call.apply(engine, before);
            softly.assertThat(returned.status()).as(what + ": status").isEqualTo(from);
            softly.assertThat(returned.result()).as(what + ": result").isEqualTo("progress");
            softly
                .assertThat(returned.startedAt())
                .as(what + ": startedAt")
                .isEqualTo(before.startedAt());
            assertOneWrite(softly, what, before, returned, now);
          }
          case MOVE -> {
            Task returned = call.apply(engine, before);
            observed.get(from).add(returned.status());
            softly.assertThat(returned.status()).as(what + ": status").isEqualTo(expected.target());
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
            assertOneWrite(softly, what, before, returned, now);
          }
        }
      }
    }
    return observed;
  }

  /** {@code returned} is one write of {@code before} at {@code now}, and the store has it. */
  private void assertOneWrite(
      SoftAssertions softly, String what, Task before, Task returned, Instant now) {
    softly.assertThat(returned.version()).as(what + ": version").isEqualTo(before.version() + 1);
    softly.assertThat(returned.updatedAt()).as(what + ": updatedAt").isEqualTo(now);
    softly.assertThat(returned.createdAt()).as(what + ": createdAt").isEqualTo(before.createdAt());
    softly.assertThat(reload(before)).as(what + ": stored task").isEqualTo(returned);
  }

  @Test
  void everyCallOnEveryStatusFollowsTheTransitionTable() {
    SoftAssertions softly = new SoftAssertions();
    applyEveryCallInEveryStatus(softly);
    softly.assertAll();
  }

  @Test
  void theEngineReachesEveryAllowedTransitionAndNoOther() {
    SoftAssertions softly = new SoftAssertions();
    Map<TaskStatus, Set<TaskStatus>> observed = applyEveryCallInEveryStatus(softly);
    softly.assertAll();
    observeTheSweep(observed);
    assertThat(observed).isEqualTo(TaskStatus.transitions());
  }

  /**
   * Adds what the work calls do: a claim moves PENDING to RUNNING, and the sweep moves a RUNNING
   * task whose lease expired back to PENDING while attempts remain, then to FAILED.
   */
  private void observeTheSweep(Map<TaskStatus, Set<TaskStatus>> observed) {
    engine.submit(TaskSpec.builder(tenant, "Work").retryPolicy(RetryPolicy.attempts(2)).build());
    ClaimRequest claim =
        ClaimRequest.forTenant(tenant)
            .owner("w")
            .lease(Duration.ofSeconds(5))
            .types("Work")
            .build();
    for (TaskStatus expected : List.of(TaskStatus.PENDING, TaskStatus.FAILED)) {
      clock.advance(Duration.ofMinutes(10)); // past any backoff
      Task claimed = engine.claim(claim).get(0);
      observed.get(TaskStatus.PENDING).add(claimed.status());
      clock.advance(Duration.ofMinutes(10));
      engine.sweepExpired(10);
      Task swept = reload(claimed);
      assertThat(swept.status()).isEqualTo(expected);
      observed.get(TaskStatus.RUNNING).add(swept.status());
    }
  }

  @Test
  void repeatingTheSameSuccessIsANoOpAndADifferentReportIsIllegal() {
    Task succeeded = singleIn(TaskStatus.SUCCEEDED);
    clock.advance(Duration.ofMinutes(1));

    assertThat(engine.succeed(tenant, succeeded.id(), RESULT)).isEqualTo(succeeded);
    Failures.expect(
        IllegalTransitionException.class,
        "succeed with another result",
        () -> engine.succeed(tenant, succeeded.id(), "other"));
    Failures.expect(
        IllegalTransitionException.class,
        "succeed without a result",
        () -> engine.succeed(tenant, succeeded.id(), null));
    Failures.expect(
        IllegalTransitionException.class,
        "fail after success",
        () -> engine.fail(tenant, succeeded.id(), "E", "m"));
    assertThat(reload(succeeded)).isEqualTo(succeeded);

    Task withoutResult = engine.start(tenant, newSingle().id());
    Task done = engine.succeed(tenant, withoutResult.id(), null);
    assertThat(done.result()).isNull();
    assertThat(engine.succeed(tenant, done.id(), null)).isEqualTo(done);
    Failures.expect(
        IllegalTransitionException.class,
        "succeed with a result after none",
        () -> engine.succeed(tenant, done.id(), "late"));
    assertThat(reload(done)).isEqualTo(done);
  }

  @Test
  void repeatingTheSameFailureIsANoOpAndADifferentReportIsIllegal() {
    Task failed = singleIn(TaskStatus.FAILED);
    clock.advance(Duration.ofMinutes(1));

    assertThat(engine.fail(tenant, failed.id(), ERROR_CODE, ERROR_MESSAGE)).isEqualTo(failed);
    Failures.expect(
        IllegalTransitionException.class,
        "fail with another code",
        () -> engine.fail(tenant, failed.id(), "E2", ERROR_MESSAGE));
    Failures.expect(
        IllegalTransitionException.class,
        "fail with another message",
        () -> engine.fail(tenant, failed.id(), ERROR_CODE, "other"));
    Failures.expect(
        IllegalTransitionException.class,
        "fail without a message",
        () -> engine.fail(tenant, failed.id(), ERROR_CODE, null));
    Failures.expect(
        IllegalTransitionException.class,
        "succeed after failure",
        () -> engine.succeed(tenant, failed.id(), RESULT));
    assertThat(reload(failed)).isEqualTo(failed);

    Task noMessage = engine.fail(tenant, newSingle().id(), "E3", null);
    assertThat(noMessage.errorMessage()).isNull();
    assertThat(engine.fail(tenant, noMessage.id(), "E3", null)).isEqualTo(noMessage);
    Failures.expect(
        IllegalTransitionException.class,
        "fail with a message after none",
        () -> engine.fail(tenant, noMessage.id(), "E3", "late"));
    assertThat(reload(noMessage)).isEqualTo(noMessage);
  }

  @Test
  void batchesCannotBeStartedSucceededFailedOrConfirmedDirectly() {
    Task pendingBatch = newBatch(2);
    Task runningBatch = newBatch(2);
    engine.start(tenant, children(runningBatch).get(0).id());
    Task running = reload(runningBatch);
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);

    for (Task batch : List.of(pendingBatch, running)) {
      String what = "on a " + batch.status() + " batch";
      Failures.expect(
          IllegalTransitionException.class,
          "start " + what,
          () -> engine.start(tenant, batch.id()));
      Failures.expect(
          IllegalTransitionException.class,
          "succeed " + what,
          () -> engine.succeed(tenant, batch.id(), "r"));
      Failures.expect(
          IllegalTransitionException.class,
          "fail " + what,
          () -> engine.fail(tenant, batch.id(), "E", "m"));
      Failures.expect(
          IllegalTransitionException.class,
          "confirmCancelled " + what,
          () -> engine.confirmCancelled(tenant, batch.id()));
      assertThat(reload(batch)).as(what).isEqualTo(batch);
    }
  }

  @Test
  void nonCancellableTasksRejectCancel() {
    TaskSpec spec = TaskSpec.builder(tenant, TYPE).cancellable(false).build();
    Task pending = engine.submit(spec);
    Task running = engine.start(tenant, engine.submit(spec).id());
    Task batch = engine.submitBatch(batchSpec(tenant, 2).cancellable(false).build());
    Task child = children(batch).get(0);
    assertThat(child.cancellable()).isFalse();

    for (Task task : List.of(pending, running, batch, child)) {
      String what = "cancel of a non-cancellable " + task.level() + " " + task.status();
      IllegalTransitionException failure =
          Failures.expect(
              IllegalTransitionException.class, what, () -> engine.cancel(tenant, task.id()));
      assertThat(failure.currentStatus()).as(what).isEqualTo(task.status());
      assertThat(reload(task)).as(what).isEqualTo(task);
    }
    assertThat(children(batch)).extracting(Task::status).containsOnly(TaskStatus.PENDING);

    // not cancellable, but it still runs to the end
    assertThat(engine.succeed(tenant, running.id(), "ok").status()).isEqualTo(TaskStatus.SUCCEEDED);
  }
}
