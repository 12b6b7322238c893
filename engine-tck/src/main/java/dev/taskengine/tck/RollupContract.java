package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectIllegal;
import static dev.taskengine.tck.Tck.expectInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Limits;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A batch's counters and status follow its children, as the rollup of docs/engine.md says. */
interface RollupContract extends ContractFixture {

  private void assertFollows(Task batch) {
    Tck.assertBatchFollowsChildren(reload(batch), childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void batchRunsOnceAnyChildLeavesPending() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);

    Instant started = clock().advance(Duration.ofSeconds(1));
    engine().start(tenant(), children.get(0).id());
    Task running = reload(batch);
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.startedAt()).isEqualTo(started);
    assertThat(running.finishedAt()).isNull();
    assertThat(running.counters()).isEqualTo(new ChildCounters(3, 2, 1, 0, 0, 0));

    clock().advance(Duration.ofSeconds(1));
    engine().start(tenant(), children.get(1).id());
    assertThat(reload(batch).startedAt()).as("startedAt is set once").isEqualTo(started);
    assertFollows(batch);
  }

  @Test
  default void batchRunsWhenAPendingChildFailsOrIsCancelledWhileOthersWait() {
    Task failing = newBatch(2);
    engine().fail(tenant(), childrenByResource(failing).get(0).id(), "E", "m");
    Task afterFailure = reload(failing);
    assertThat(afterFailure.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(afterFailure.counters()).isEqualTo(new ChildCounters(2, 1, 0, 0, 1, 0));
    assertThat(afterFailure.startedAt()).isEqualTo(clock().instant());

    Task cancelling = newBatch(2);
    engine().cancel(tenant(), childrenByResource(cancelling).get(0).id());
    Task afterCancel = reload(cancelling);
    assertThat(afterCancel.status())
        .as("cancelling one child is not cancelling the batch")
        .isEqualTo(TaskStatus.RUNNING);
    assertThat(afterCancel.counters()).isEqualTo(new ChildCounters(2, 1, 0, 0, 0, 1));
  }

  @Test
  default void allChildrenSucceededMovesBatchToSucceeded() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    for (Task child : children) {
      engine().start(tenant(), child.id());
    }
    for (int i = 0; i < children.size(); i++) {
      Instant now = clock().advance(Duration.ofSeconds(1));
      engine().succeed(tenant(), children.get(i).id(), "ok");
      Task stored = reload(batch);
      if (i < children.size() - 1) {
        assertThat(stored.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(stored.finishedAt()).isNull();
      } else {
        assertThat(stored.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(stored.finishedAt()).isEqualTo(now);
        assertThat(stored.updatedAt()).isEqualTo(now);
        assertThat(stored.counters()).isEqualTo(new ChildCounters(3, 0, 0, 3, 0, 0));
      }
    }
    assertFollows(batch);
  }

  @Test
  default void childFailureMovesBatchToFailedWhenLastChildFinishes() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    engine().fail(tenant(), children.get(0).id(), "E", "broken");
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.RUNNING);
    engine().start(tenant(), children.get(1).id());
    engine().succeed(tenant(), children.get(1).id(), "ok");
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.RUNNING);

    Instant now = clock().advance(Duration.ofSeconds(1));
    engine().start(tenant(), children.get(2).id());
    engine().succeed(tenant(), children.get(2).id(), "ok");

    Task finished = reload(batch);
    assertThat(finished.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(finished.finishedAt()).isEqualTo(now);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(3, 0, 0, 2, 1, 0));
    assertFollows(batch);
  }

  @Test
  default void cancelledChildrenWithoutFailuresMoveBatchToCancelled() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    engine().start(tenant(), children.get(0).id());
    engine().succeed(tenant(), children.get(0).id(), "ok");
    engine().cancel(tenant(), children.get(1).id());
    engine().start(tenant(), children.get(2).id());
    engine().cancel(tenant(), children.get(2).id());
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.RUNNING);

    engine().confirmCancelled(tenant(), children.get(2).id());

    Task finished = reload(batch);
    assertThat(finished.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(3, 0, 0, 1, 0, 2));
    assertThat(finished.finishedAt()).isEqualTo(clock().instant());
  }

  @Test
  default void customRollupPolicyDecidesTheFinalStatus() {
    List<ChildCounters> seen = new CopyOnWriteArrayList<>();
    RollupPolicy anySuccessIsSuccess =
        counters -> {
          seen.add(counters);
          return counters.succeeded() > 0 ? TaskStatus.SUCCEEDED : TaskStatus.FAILED;
        };
    TaskEngine engine = engineBuilder().rollupPolicy(anySuccessIsSuccess).build();

    Task batch = engine.submitBatch(batchSpec(tenant(), 3).build());
    List<Task> children = childrenByResource(batch);
    engine.fail(tenant(), children.get(0).id(), "E", "m");
    engine.cancel(tenant(), children.get(1).id());
    engine.start(tenant(), children.get(2).id());
    engine.succeed(tenant(), children.get(2).id(), "ok");

    Task finished = engine.get(tenant(), batch.id());
    assertThat(finished.status())
        .as("the default policy would say FAILED")
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(seen).isNotEmpty();
    assertThat(seen).allMatch(ChildCounters::allTerminal);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new ChildCounters(3, 0, 0, 1, 1, 1));

    Task allCancelled = engine.submitBatch(batchSpec(tenant(), 2).build());
    engine.cancel(tenant(), allCancelled.id());
    assertThat(engine.get(tenant(), allCancelled.id()).status())
        .as("the default policy would say CANCELLED")
        .isEqualTo(TaskStatus.FAILED);
  }

  @Test
  default void countersFollowEveryKindOfChildTransition() {
    Task batch = newBatch(6);
    List<Task> c = childrenByResource(batch);
    String[] ids = c.stream().map(Task::id).toArray(String[]::new);

    engine().start(tenant(), ids[0]);
    assertFollows(batch);
    engine().succeed(tenant(), ids[0], "ok"); // running -> succeeded
    assertFollows(batch);
    engine().fail(tenant(), ids[1], "E", null); // pending -> failed
    assertFollows(batch);
    engine().cancel(tenant(), ids[2]); // pending -> cancelled
    assertFollows(batch);
    engine().start(tenant(), ids[3]);
    engine().cancel(tenant(), ids[3]); // running -> cancelling
    assertFollows(batch);
    engine().confirmCancelled(tenant(), ids[3]); // cancelling -> cancelled
    assertFollows(batch);
    engine().start(tenant(), ids[4]);
    engine().cancel(tenant(), ids[4]);
    engine().fail(tenant(), ids[4], "E", "while cancelling"); // cancelling -> failed
    assertFollows(batch);
    engine().start(tenant(), ids[5]);
    engine().cancel(tenant(), ids[5]);
    engine().succeed(tenant(), ids[5], "finished anyway"); // cancelling -> succeeded
    assertFollows(batch);

    Task finished = reload(batch);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(6, 0, 0, 2, 2, 2));
    assertThat(finished.status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  default void addedChildrenKeepARunningBatchOpenUntilTheyFinish() {
    Task batch = newBatch(1);
    String first = childrenByResource(batch).get(0).id();
    engine().start(tenant(), first);

    List<Task> added = engine().addChildren(tenant(), batch.id(), List.of(ChildSpec.of("more")));
    Task extended = reload(batch);
    assertThat(extended.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(extended.counters()).isEqualTo(new ChildCounters(2, 1, 1, 0, 0, 0));

    engine().succeed(tenant(), first, "ok");
    assertThat(reload(batch).status())
        .as("the added child is still pending")
        .isEqualTo(TaskStatus.RUNNING);

    engine().start(tenant(), added.get(0).id());
    engine().succeed(tenant(), added.get(0).id(), "ok");
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertFollows(batch);
  }

  @Test
  default void addChildrenStopsAtMaxChildrenPerBatch() {
    TaskEngine engine =
        engineBuilder()
            .limits(Limits.defaults().toBuilder().maxChildrenPerBatch(4).build())
            .build();
    Task batch = engine.submitBatch(batchSpec(tenant(), 3).build());

    engine.addChildren(tenant(), batch.id(), List.of(ChildSpec.of("fourth")));
    Task full = engine.get(tenant(), batch.id());
    assertThat(full.counters().total()).isEqualTo(4);

    expectInvalid(
        "a fifth child",
        () -> engine.addChildren(tenant(), batch.id(), List.of(ChildSpec.of("fifth"))),
        "children");
    assertThat(engine.get(tenant(), batch.id())).isEqualTo(full);
    assertThat(childrenOf(batch)).hasSize(4);
  }

  @Test
  default void terminalCancellingOrSingleTasksTakeNoChildren() {
    Task finished = newBatch(1);
    engine().fail(tenant(), childrenByResource(finished).get(0).id(), "E", "m");
    Task cancelling = newBatch(1);
    engine().start(tenant(), childrenByResource(cancelling).get(0).id());
    engine().cancel(tenant(), cancelling.id());
    Task single = newSingle();

    for (Task target : List.of(reload(finished), reload(cancelling), single)) {
      String what = "addChildren to a " + target.level() + " " + target.status();
      expectIllegal(
          what, () -> engine().addChildren(tenant(), target.id(), List.of(ChildSpec.of("x"))));
      assertThat(reload(target)).as(what).isEqualTo(target);
    }
    assertThat(childrenOf(finished)).hasSize(1);
    assertThat(childrenOf(cancelling)).hasSize(1);
    assertThat(childrenOf(single)).isEmpty();
  }

  @Test
  default void terminalBatchNeverChangesAgain() {
    Task batch = newBatch(2);
    List<Task> children = childrenByResource(batch);
    for (Task child : children) {
      engine().start(tenant(), child.id());
      engine().succeed(tenant(), child.id(), "ok");
    }
    Task finished = reload(batch);
    assertThat(finished.status()).isEqualTo(TaskStatus.SUCCEEDED);
    clock().advance(Duration.ofMinutes(1));

    expectIllegal("cancel a succeeded batch", () -> engine().cancel(tenant(), batch.id()));
    expectIllegal(
        "progress on a succeeded batch", () -> engine().recordProgress(tenant(), batch.id(), "r"));
    for (Task child : children) {
      assertThat(engine().succeed(tenant(), child.id(), "ok").status())
          .as("a repeated report")
          .isEqualTo(TaskStatus.SUCCEEDED);
    }
    assertThat(reload(batch)).isEqualTo(finished);
  }
}
