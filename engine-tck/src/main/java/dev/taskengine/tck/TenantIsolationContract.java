package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.time.Duration;
import java.util.List;
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
}
