package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Another tenant's task behaves as if it did not exist, for every call. */
interface TenantIsolationContract extends ContractFixture {

  /** A single task, a running batch with a running and a pending child, and a finished task. */
  private List<Task> tenantTasks() {
    engine()
        .submit(
            TaskSpec.builder(tenant(), TYPE)
                .resource("res-1", "phone")
                .operator("alice")
                .invokeId("inv-1")
                .build());
    Task batch = engine().submitBatch(batchSpec(tenant(), 2).invokeId("inv-1").build());
    engine().start(tenant(), childrenByResource(batch).get(0).id());
    engine().fail(tenant(), newSingle().id(), "E", "m");
    clock().advance(Duration.ofHours(1));
    return allTasks(tenant());
  }

  @Test
  default void anotherTenantCannotReadOrChangeATask() {
    List<Task> tasks = tenantTasks();
    String other = otherTenant();
    TaskEngine engine = engine();
    assertThat(tasks).hasSize(5);

    for (Task task : tasks) {
      String id = task.id();
      String what = task.level() + " " + task.status() + " task of another tenant";
      assertThat(engine.find(other, id)).as("find " + what).isEmpty();
      List<ThrowingCallable> calls =
          List.of(
              () -> engine.get(other, id),
              () -> engine.start(other, id),
              () -> engine.succeed(other, id, "stolen"),
              () -> engine.fail(other, id, "E", "stolen"),
              () -> engine.cancel(other, id),
              () -> engine.confirmCancelled(other, id),
              () -> engine.recordProgress(other, id, "stolen"),
              () -> engine.addChildren(other, id, List.of(ChildSpec.of("stolen"))));
      for (int i = 0; i < calls.size(); i++) {
        assertThat(expectNotFound("call " + i + " on a " + what, calls.get(i)).taskId())
            .isEqualTo(id);
      }
    }
    assertThat(allTasks(tenant())).as("nothing changed").isEqualTo(tasks);
    assertThat(allTasks(other)).as("nothing created").isEmpty();
  }

  @Test
  default void queriesCountsAndOffsetPagesNeverShowAnotherTenantsTasks() {
    List<Task> tasks = tenantTasks();
    List<String> ids = Tck.ids(tasks);
    Task batch = tasks.stream().filter(t -> t.level() == Level.BATCH).findFirst().orElseThrow();
    Task mine =
        engine()
            .submit(
                TaskSpec.builder(otherTenant(), TYPE)
                    .resource("res-1", "phone")
                    .operator("alice")
                    .invokeId("inv-1")
                    .build());

    List<TaskQuery> queries =
        List.of(
            TaskQuery.all(otherTenant()),
            TaskQuery.builder(otherTenant()).ids(ids).build(),
            TaskQuery.builder(otherTenant()).parentId(batch.id()).build(),
            TaskQuery.builder(otherTenant()).invokeIds("inv-1").build(),
            TaskQuery.builder(otherTenant()).resourceIds("res-1", "r-1", "r-2").build(),
            TaskQuery.builder(otherTenant()).types(TYPE).operator("alice").build());
    for (TaskQuery query : queries) {
      List<Task> expected = Tck.expected(List.of(mine), query);
      assertThat(Tck.readAll(engine(), query, 2)).as("pages of %s", query).isEqualTo(expected);
      assertThat(engine().queryByOffset(query, 0, 100))
          .as("offset page of %s", query)
          .isEqualTo(expected);
      assertThat(engine().count(query))
          .as("count of %s", query)
          .isEqualTo(new TaskCount(expected.size(), false));
    }
    assertThat(engine().query(TaskQuery.all(tenant()), PageRequest.first(100)).items())
        .as("and the other way round")
        .isEqualTo(Tck.expected(tasks, TaskQuery.all(tenant())));
  }

  @Test
  default void purgeNeverTouchesAnotherTenantsTasks() {
    List<Task> tasks = tenantTasks();
    engine().submit(TaskSpec.builder(otherTenant(), TYPE).build());

    assertThat(engine().purgeFinished(otherTenant(), clock().instant().plus(Duration.ofDays(1))))
        .as("the other tenant has no finished task")
        .isZero();
    assertThat(allTasks(tenant())).isEqualTo(tasks);
    assertThat(allTasks(otherTenant())).hasSize(1);
  }

  /** An engine whose ids are {@code prefix1, prefix2, ...} in the order it makes them. */
  private TaskEngine engineNumberingIds(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return engineBuilder().idGenerator((type, level) -> prefix + next.incrementAndGet()).build();
  }

  /** The same batch (ids included) in this test's tenant and in the other one. */
  private List<Task> sameBatchInBothTenants(int children) {
    String prefix = "same-" + UUID.randomUUID() + "-";
    Task mine = engineNumberingIds(prefix).submitBatch(batchSpec(tenant(), children).build());
    Task theirs =
        engineNumberingIds(prefix).submitBatch(batchSpec(otherTenant(), children).build());
    assertThat(theirs.id()).isEqualTo(mine.id());
    assertThat(Tck.ids(childrenOf(theirs))).isEqualTo(Tck.ids(childrenOf(mine)));
    return List.of(mine, theirs);
  }

  @Test
  default void theSameIdInTwoTenantsIsTwoTasks() {
    String prefix = "same-" + UUID.randomUUID() + "-";
    Task mine =
        engineNumberingIds(prefix).submit(TaskSpec.builder(tenant(), TYPE).resourceId("a").build());
    Task theirs =
        engineNumberingIds(prefix)
            .submit(TaskSpec.builder(otherTenant(), "Other").resourceId("b").build());
    assertThat(theirs.id()).as("ids are unique per tenant only").isEqualTo(mine.id());

    assertThat(engine().get(tenant(), mine.id())).isEqualTo(mine);
    assertThat(engine().get(otherTenant(), mine.id())).isEqualTo(theirs);
    Task started = engine().start(tenant(), mine.id());
    assertThat(engine().get(otherTenant(), mine.id()))
        .as("theirs, after mine started")
        .isEqualTo(theirs);
    assertThat(engine().count(TaskQuery.builder(tenant()).ids(mine.id()).build()))
        .isEqualTo(new TaskCount(1, false));
    assertThat(Tck.readAll(engine(), TaskQuery.builder(otherTenant()).ids(mine.id()).build(), 10))
        .containsExactly(theirs);
    assertThat(allTasks(tenant())).containsExactly(started);
  }

  @Test
  default void childWritesMoveOnlyTheirOwnTenantsBatchOfTheSameId() {
    List<Task> same = sameBatchInBothTenants(2);
    Task mine = same.get(0);
    Task theirs = same.get(1);
    List<Task> theirChildren = childrenOf(theirs);
    List<Task> myChildren = childrenByResource(mine);

    engine().start(tenant(), myChildren.get(0).id());
    engine().fail(tenant(), myChildren.get(1).id(), "E", "m");
    engine().addChildren(tenant(), mine.id(), List.of(ChildSpec.of("added")));

    assertThat(reload(mine).counters()).isEqualTo(new ChildCounters(3, 1, 1, 0, 1, 0));
    assertThat(reload(theirs)).as("their batch of the same id").isEqualTo(theirs);
    assertThat(childrenOf(theirs)).as("their children of the same ids").isEqualTo(theirChildren);
  }

  @Test
  default void cancellingABatchNeverTouchesAnotherTenantsBatchOfTheSameId() {
    List<Task> same = sameBatchInBothTenants(3);
    Task mine = same.get(0);
    Task theirs = same.get(1);
    engine().start(tenant(), childrenByResource(mine).get(0).id());
    engine().start(otherTenant(), childrenByResource(theirs).get(0).id());
    Task theirsRunning = reload(theirs);
    List<Task> theirChildren = childrenOf(theirs);

    assertThat(engine().cancel(tenant(), mine.id()).status()).isEqualTo(TaskStatus.CANCELLING);

    assertThat(reload(theirs)).isEqualTo(theirsRunning);
    assertThat(childrenOf(theirs)).isEqualTo(theirChildren);
  }

  @Test
  default void purgeNeverTouchesAnotherTenantsTasksOfTheSameIds() {
    List<Task> same = sameBatchInBothTenants(2);
    for (Task batch : same) {
      for (Task child : childrenOf(batch)) {
        engine().fail(batch.tenant(), child.id(), "E", "m");
      }
    }
    List<Task> theirs = allTasks(otherTenant());
    assertThat(theirs).hasSize(3).allMatch(Task::isTerminal);

    assertThat(engine().purgeFinished(tenant(), clock().instant().plusSeconds(1))).isEqualTo(3);

    assertThat(allTasks(tenant())).isEmpty();
    assertThat(allTasks(otherTenant())).isEqualTo(theirs);
  }
}
