package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Purging deletes finished roots with their children, and nothing else. */
interface PurgeContract extends ContractFixture {

  @Test
  default void purgeRemovesTerminalRootsFinishedBeforeTheInstantWithTheirChildren() {
    String token = "purge-" + UUID.randomUUID();
    TaskSpec tokenSpec = TaskSpec.builder(tenant(), TYPE).clientToken(token).build();
    Task succeeded = engine().submit(tokenSpec);
    Task failedLater = newSingle();
    Task running = newSingle();
    Task cancelled = newSingle();
    Task pending = newSingle();
    Task finishedBatch = newBatch(2);
    Task openBatch = newBatch(2);
    Task theirs = engine().submit(TaskSpec.builder(otherTenant(), TYPE).build());
    List<Task> finishedChildren = childrenByResource(finishedBatch);
    List<Task> openChildren = childrenByResource(openBatch);

    clock().advance(Duration.ofHours(1));
    engine().start(tenant(), succeeded.id());
    engine().succeed(tenant(), succeeded.id(), "ok");
    engine().cancel(tenant(), cancelled.id());
    engine().start(tenant(), running.id());
    engine().start(tenant(), finishedChildren.get(0).id());
    engine().succeed(tenant(), finishedChildren.get(0).id(), "ok");
    engine().fail(tenant(), finishedChildren.get(1).id(), "E", "m");
    engine().fail(tenant(), openChildren.get(0).id(), "E", "m"); // finished, but its batch is open
    engine().start(otherTenant(), theirs.id());
    engine().succeed(otherTenant(), theirs.id(), "ok");
    assertThat(reload(finishedBatch).status()).isEqualTo(TaskStatus.FAILED);

    Instant cutoff = clock().advance(Duration.ofMinutes(1));
    engine().fail(tenant(), failedLater.id(), "E", "finished exactly at the cutoff");

    List<Task> all = allTasks(tenant());
    List<String> purged =
        List.of(
            succeeded.id(),
            cancelled.id(),
            finishedBatch.id(),
            finishedChildren.get(0).id(),
            finishedChildren.get(1).id());
    List<Task> kept = new ArrayList<>(all);
    kept.removeIf(task -> purged.contains(task.id()));

    assertThat(engine().purgeFinished(tenant(), cutoff)).isEqualTo(purged.size());

    for (String id : purged) {
      assertThat(engine().find(tenant(), id)).as("purged %s", id).isEmpty();
    }
    assertThat(allTasks(tenant())).as("everything else is unchanged").isEqualTo(kept);
    assertThat(kept)
        .extracting(Task::id)
        .contains(failedLater.id(), running.id(), pending.id(), openBatch.id());
    Tck.assertBatchFollowsChildren(reload(openBatch), childrenOf(openBatch), RollupPolicy.DEFAULT);
    assertThat(engine().get(otherTenant(), theirs.id()).status()).isEqualTo(TaskStatus.SUCCEEDED);

    assertThat(engine().purgeFinished(tenant(), cutoff)).as("a second purge").isZero();

    Task again = engine().submit(tokenSpec);
    assertThat(again.id())
        .as("the purged task's client token is free again")
        .isNotEqualTo(succeeded.id());
    assertThat(again.status()).isEqualTo(TaskStatus.PENDING);

    assertThat(engine().purgeFinished(tenant(), clock().instant().plusNanos(1_000)))
        .as("a later purge takes the task that finished at the first cutoff")
        .isEqualTo(1);
    assertThat(engine().find(tenant(), failedLater.id())).isEmpty();
    assertThat(allTasks(tenant()))
        .extracting(Task::id)
        .containsExactlyInAnyOrder(
            running.id(),
            pending.id(),
            openBatch.id(),
            openChildren.get(0).id(),
            openChildren.get(1).id(),
            again.id());
  }

  @Test
  default void purgeWithNothingFinishedDeletesNothing() {
    newSingle();
    newBatch(2);
    List<Task> all = allTasks(tenant());
    assertThat(engine().purgeFinished(tenant(), clock().instant().plus(Duration.ofDays(365))))
        .isZero();
    assertThat(allTasks(tenant())).isEqualTo(all);
  }

  @Test
  default void aBatchIsPurgedByItsOwnFinishTimeNotItsChildrens() {
    Task batch = newBatch(2);
    List<Task> children = childrenByResource(batch);
    engine().fail(tenant(), children.get(0).id(), "E", "finished before the cutoff");
    Instant cutoff = clock().advance(Duration.ofMinutes(1));
    clock().advance(Duration.ofMinutes(1));
    engine().start(tenant(), children.get(1).id());
    engine().succeed(tenant(), children.get(1).id(), "finished after it");
    List<Task> all = allTasks(tenant());
    assertThat(reload(batch).finishedAt()).isAfter(cutoff);

    assertThat(engine().purgeFinished(tenant(), cutoff))
        .as("a child goes only with its batch, which finished after the cutoff")
        .isZero();
    assertThat(allTasks(tenant())).isEqualTo(all);

    assertThat(engine().purgeFinished(tenant(), clock().instant().plusNanos(1_000))).isEqualTo(3);
    assertThat(allTasks(tenant())).isEmpty();
  }

  @Test
  default void purgingABatchFreesItsClientToken() {
    String token = "purge-" + UUID.randomUUID();
    BatchSpec spec = batchSpec(tenant(), 2).clientToken(token).build();
    Task batch = engine().submitBatch(spec);
    assertThat(engine().cancel(tenant(), batch.id()).status()).isEqualTo(TaskStatus.CANCELLED);

    assertThat(engine().purgeFinished(tenant(), clock().instant().plusNanos(1_000))).isEqualTo(3);

    assertThat(store().findClientToken(tenant(), token)).isEmpty();
    Task again = engine().submitBatch(spec);
    assertThat(again.id()).isNotEqualTo(batch.id());
    assertThat(reload(again).status()).isEqualTo(TaskStatus.PENDING);
    assertThat(childrenOf(again)).hasSize(2);
  }

  @Test
  default void purgedTasksLeaveNoTraceInAnyFilterOrCount() {
    Task batch =
        engine()
            .submitBatch(batchSpec(tenant(), 2).invokeId("inv-purged").operator("alice").build());
    List<Task> children = childrenByResource(batch);
    for (Task child : children) {
      engine().fail(tenant(), child.id(), "E", "m");
    }
    Task kept = engine().submit(TaskSpec.builder(tenant(), "Kept").build());

    assertThat(engine().purgeFinished(tenant(), clock().instant().plusNanos(1_000))).isEqualTo(3);

    List<TaskQuery> queries =
        List.of(
            TaskQuery.builder(tenant()).ids(batch.id(), children.get(0).id()).build(),
            TaskQuery.builder(tenant()).parentId(batch.id()).build(),
            TaskQuery.builder(tenant()).invokeIds("inv-purged").build(),
            TaskQuery.builder(tenant()).types(TYPE).build(),
            TaskQuery.builder(tenant()).statuses(TaskStatus.FAILED).build(),
            TaskQuery.builder(tenant()).level(Level.BATCH).build(),
            TaskQuery.builder(tenant()).resourceIds("r-1", "r-2").build(),
            TaskQuery.builder(tenant()).resourceName("phone-1").build(),
            TaskQuery.builder(tenant()).operator("alice").build());
    for (TaskQuery query : queries) {
      assertThat(Tck.readAll(engine(), query, 10)).as("pages of %s", query).isEmpty();
      assertThat(engine().queryByOffset(query, 0, 10)).as("offset page of %s", query).isEmpty();
      assertThat(engine().count(query)).as("count of %s", query).isEqualTo(new TaskCount(0, false));
    }
    assertThat(allTasks(tenant())).containsExactly(kept);
  }
}
