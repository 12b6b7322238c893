package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.Limits;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Creating tasks and reading them back: every field round-trips exactly. */
interface CreationContract extends ContractFixture {

  @Test
  default void submittedTaskIsPendingInstanceWithVersionZeroAndEveryFieldStored() {
    Task task =
        engine()
            .submit(
                TaskSpec.builder(tenant(), "StopInstance")
                    .invokeId("invoke-1")
                    .resource("acp-123", "phone one")
                    .operator("alice")
                    .param("{\"force\":true}")
                    .cancellable(false)
                    .build());

    assertThat(task.id()).isNotBlank();
    assertThat(task.tenant()).isEqualTo(tenant());
    assertThat(task.parentId()).isNull();
    assertThat(task.level()).isEqualTo(Level.INSTANCE);
    assertThat(task.type()).isEqualTo("StopInstance");
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.invokeId()).isEqualTo("invoke-1");
    assertThat(task.resourceId()).isEqualTo("acp-123");
    assertThat(task.resourceName()).isEqualTo("phone one");
    assertThat(task.operator()).isEqualTo("alice");
    assertThat(task.param()).isEqualTo("{\"force\":true}");
    assertThat(task.result()).isNull();
    assertThat(task.errorCode()).isNull();
    assertThat(task.errorMessage()).isNull();
    assertThat(task.cancellable()).isFalse();
    assertThat(task.createdAt()).isEqualTo(clock().instant());
    assertThat(task.updatedAt()).isEqualTo(task.createdAt());
    assertThat(task.startedAt()).isNull();
    assertThat(task.finishedAt()).isNull();
    assertThat(task.version()).isZero();
    assertThat(task.counters()).isEqualTo(ChildCounters.NONE);

    assertThat(engine().get(tenant(), task.id())).isEqualTo(task);
    assertThat(engine().find(tenant(), task.id())).contains(task);
  }

  @Test
  default void submittedTaskWithOnlyRequiredFieldsStoresNulls() {
    Task task = engine().submit(TaskSpec.builder(tenant(), TYPE).build());

    assertThat(task.invokeId()).isNull();
    assertThat(task.resourceId()).isNull();
    assertThat(task.resourceName()).isNull();
    assertThat(task.operator()).isNull();
    assertThat(task.param()).isNull();
    assertThat(task.cancellable()).isTrue();
    assertThat(engine().get(tenant(), task.id())).isEqualTo(task);
  }

  @Test
  default void submittedBatchCountsItsChildrenAndChildrenInheritTheBatchFields() {
    Task batch =
        engine()
            .submitBatch(
                BatchSpec.builder(tenant(), "RebootInstance")
                    .invokeId("invoke-7")
                    .operator("bob")
                    .param("batch-param")
                    .cancellable(false)
                    .child(new ChildSpec("acp-1", "phone 1", "p1"))
                    .child(new ChildSpec("acp-2", null, "p2"))
                    .child(ChildSpec.of("acp-3"))
                    .build());

    assertThat(batch.level()).isEqualTo(Level.BATCH);
    assertThat(batch.parentId()).isNull();
    assertThat(batch.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(batch.type()).isEqualTo("RebootInstance");
    assertThat(batch.invokeId()).isEqualTo("invoke-7");
    assertThat(batch.operator()).isEqualTo("bob");
    assertThat(batch.param()).isEqualTo("batch-param");
    assertThat(batch.cancellable()).isFalse();
    assertThat(batch.version()).isZero();
    assertThat(batch.createdAt()).isEqualTo(clock().instant());
    assertThat(batch.updatedAt()).isEqualTo(batch.createdAt());
    assertThat(batch.counters()).isEqualTo(new ChildCounters(3, 3, 0, 0, 0, 0));
    assertThat(engine().get(tenant(), batch.id())).isEqualTo(batch);

    Map<String, Task> children =
        childrenOf(batch).stream().collect(Collectors.toMap(Task::resourceId, Function.identity()));
    assertThat(children).containsOnlyKeys("acp-1", "acp-2", "acp-3");
    for (Task child : children.values()) {
      assertThat(child.id()).isNotEqualTo(batch.id());
      assertThat(child.tenant()).isEqualTo(tenant());
      assertThat(child.parentId()).isEqualTo(batch.id());
      assertThat(child.level()).isEqualTo(Level.INSTANCE);
      assertThat(child.type()).isEqualTo("RebootInstance");
      assertThat(child.status()).isEqualTo(TaskStatus.PENDING);
      assertThat(child.invokeId()).isEqualTo("invoke-7");
      assertThat(child.operator()).isEqualTo("bob");
      assertThat(child.cancellable()).isFalse();
      assertThat(child.version()).isZero();
      assertThat(child.createdAt()).isEqualTo(batch.createdAt());
      assertThat(child.updatedAt()).isEqualTo(child.createdAt());
      assertThat(child.startedAt()).isNull();
      assertThat(child.finishedAt()).isNull();
      assertThat(child.counters()).isEqualTo(ChildCounters.NONE);
    }
    assertThat(children.get("acp-1").resourceName()).isEqualTo("phone 1");
    assertThat(children.get("acp-1").param()).isEqualTo("p1");
    assertThat(children.get("acp-2").resourceName()).isNull();
    assertThat(children.get("acp-2").param()).isEqualTo("p2");
    assertThat(children.get("acp-3").param()).isNull();
  }

  @Test
  default void addedChildrenArePendingInheritTheBatchFieldsAndAreReturnedInOrder() {
    Task batch =
        engine()
            .submitBatch(
                BatchSpec.builder(tenant(), "RebootInstance")
                    .invokeId("invoke-8")
                    .operator("carol")
                    .child("acp-1")
                    .build());
    clock().advance(Duration.ofSeconds(5));

    List<Task> added =
        engine()
            .addChildren(
                tenant(),
                batch.id(),
                List.of(new ChildSpec("acp-2", "two", "p2"), ChildSpec.of("acp-3")));

    assertThat(added).extracting(Task::resourceId).containsExactly("acp-2", "acp-3");
    for (Task child : added) {
      assertThat(child.parentId()).isEqualTo(batch.id());
      assertThat(child.level()).isEqualTo(Level.INSTANCE);
      assertThat(child.status()).isEqualTo(TaskStatus.PENDING);
      assertThat(child.type()).isEqualTo("RebootInstance");
      assertThat(child.invokeId()).isEqualTo("invoke-8");
      assertThat(child.operator()).isEqualTo("carol");
      assertThat(child.cancellable()).isTrue();
      assertThat(child.version()).isZero();
      assertThat(child.createdAt()).isEqualTo(clock().instant());
      assertThat(engine().get(tenant(), child.id())).isEqualTo(child);
    }
    assertThat(added.get(0).resourceName()).isEqualTo("two");
    assertThat(added.get(0).param()).isEqualTo("p2");

    Task stored = engine().get(tenant(), batch.id());
    assertThat(stored.counters()).isEqualTo(new ChildCounters(3, 3, 0, 0, 0, 0));
    assertThat(stored.version()).isEqualTo(batch.version() + 1);
    assertThat(stored.updatedAt()).isEqualTo(clock().instant());
    assertThat(stored.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(childrenOf(batch)).hasSize(3);
  }

  @Test
  default void timestampsAreTruncatedToMicrosecondsAndRoundTripExactly() {
    clock().set(Instant.parse("2032-05-06T07:08:09.123456789Z"));
    Task task = newSingle();
    assertThat(task.createdAt()).isEqualTo(Instant.parse("2032-05-06T07:08:09.123456Z"));

    clock().set(Instant.parse("2032-05-06T07:08:10.000000999Z"));
    Task started = engine().start(tenant(), task.id());
    assertThat(started.startedAt()).isEqualTo(Instant.parse("2032-05-06T07:08:10Z"));
    assertThat(started.updatedAt()).isEqualTo(started.startedAt());

    clock().set(Instant.parse("2032-05-06T07:08:11.999999999Z"));
    Task finished = engine().succeed(tenant(), task.id(), "done");
    assertThat(finished.finishedAt()).isEqualTo(Instant.parse("2032-05-06T07:08:11.999999Z"));

    Task stored = engine().get(tenant(), task.id());
    assertThat(stored).isEqualTo(finished);
    for (Instant instant :
        List.of(stored.createdAt(), stored.startedAt(), stored.finishedAt(), stored.updatedAt())) {
      assertThat(instant.truncatedTo(ChronoUnit.MICROS)).isEqualTo(instant);
    }
  }

  @Test
  default void customIdGeneratorIdsAreStoredAsGiven() {
    String id = "custom-" + UUID.randomUUID();
    TaskEngine custom = engineBuilder().idGenerator((type, level) -> id).build();

    Task task = custom.submit(TaskSpec.builder(tenant(), TYPE).build());

    assertThat(task.id()).isEqualTo(id);
    assertThat(engine().get(tenant(), id)).isEqualTo(task);
  }

  @Test
  default void unknownTaskIsNotFoundByEveryCall() {
    String missing = "missing-" + UUID.randomUUID();

    assertThat(engine().find(tenant(), missing)).isEmpty();
    assertThat(expectNotFound("get", () -> engine().get(tenant(), missing)).taskId())
        .isEqualTo(missing);
    expectNotFound("start", () -> engine().start(tenant(), missing));
    expectNotFound("succeed", () -> engine().succeed(tenant(), missing, "r"));
    expectNotFound("fail", () -> engine().fail(tenant(), missing, "E", "m"));
    expectNotFound("cancel", () -> engine().cancel(tenant(), missing));
    expectNotFound("confirmCancelled", () -> engine().confirmCancelled(tenant(), missing));
    expectNotFound("recordProgress", () -> engine().recordProgress(tenant(), missing, "r"));
    expectNotFound(
        "addChildren",
        () -> engine().addChildren(tenant(), missing, List.of(ChildSpec.of("acp-1"))));
    assertThat(allTasks(tenant())).isEmpty();
  }

  @Test
  default void batchOfTheLargestSizeIsWrittenWhole() {
    int largest = Limits.defaults().maxChildrenPerBatch();

    Task batch = engine().submitBatch(batchSpec(tenant(), largest).build());

    assertThat(reload(batch)).isEqualTo(batch);
    assertThat(batch.counters()).isEqualTo(new ChildCounters(largest, largest, 0, 0, 0, 0));
    // one read of every child (the engine would page through them a hundred at a time)
    List<Task> children =
        store().findOffset(TaskQuery.builder(tenant()).parentId(batch.id()).build(), 0, largest);
    assertThat(children).hasSize(largest).allMatch(child -> batch.id().equals(child.parentId()));
    assertThat(children.stream().map(Task::resourceId).collect(Collectors.toSet()))
        .as("every child with its own resource")
        .hasSize(largest)
        .contains("r-1", "r-" + largest);
  }

  @Test
  default void addingChildrenUpToTheLargestSizeWritesThemAll() {
    int largest = Limits.defaults().maxChildrenPerBatch();
    Task batch = newBatch(1);
    List<ChildSpec> more = new ArrayList<>();
    for (int i = 2; i <= largest; i++) {
      more.add(ChildSpec.of("r-" + i));
    }

    List<Task> added = engine().addChildren(tenant(), batch.id(), more);

    assertThat(added).hasSize(largest - 1);
    assertThat(reload(batch).counters()).isEqualTo(new ChildCounters(largest, largest, 0, 0, 0, 0));
    assertThat(engine().count(TaskQuery.builder(tenant()).parentId(batch.id()).build()))
        .isEqualTo(new TaskCount(largest, false));
    for (Task child : List.of(added.get(0), added.get(largest / 2), added.get(largest - 2))) {
      assertThat(engine().get(tenant(), child.id())).isEqualTo(child);
    }
  }
}
