package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.TaskUpdate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store's own guards, called directly through the SPI where the engine reaches them only when a
 * race is lost: a stale compare-and-set, a stale cascade, a refused addition, a duplicate client
 * token and the count limit must each write nothing, deterministically.
 */
interface StoreSpiContract extends ContractFixture {

  /** A rollup that keeps the batch as it is; the calls here are refused before it matters. */
  BatchRollup KEEP = (batch, now) -> batch;

  /** {@code task} moved to {@code status} as the engine would write it at {@code now}. */
  private static Task moved(Task task, TaskStatus status, Instant now) {
    return task.toBuilder()
        .status(status)
        .version(task.version() + 1)
        .startedAt(status == TaskStatus.RUNNING ? now : task.startedAt())
        .finishedAt(status.isTerminal() ? now : task.finishedAt())
        .updatedAt(now)
        .build();
  }

  /** A new PENDING child of {@code batch}, as the engine would make it. */
  private static Task newChild(Task batch, Instant now) {
    return newChild(batch.tenant(), batch, now);
  }

  /** A new PENDING child of {@code batch} in {@code tenant}, as the engine would make it. */
  private static Task newChild(String tenant, Task batch, Instant now) {
    return Task.builder()
        .id("tck-" + UUID.randomUUID())
        .tenant(tenant)
        .parentId(batch.id())
        .level(Level.INSTANCE)
        .type(batch.type())
        .status(TaskStatus.PENDING)
        .invokeId(batch.invokeId())
        .resourceId("added")
        .operator(batch.operator())
        .cancellable(batch.cancellable())
        .createdAt(now)
        .updatedAt(now)
        .build();
  }

  @Test
  default void staleCompareAndSetWritesNothing() {
    Task batch = newBatch(2);
    Task child = childrenByResource(batch).get(0);
    Task started = engine().start(tenant(), child.id());
    Task batchNow = reload(batch);
    Instant now = clock().instant();

    // the child as a racer read it before the start: status and version are both stale
    TaskUpdate stale =
        new TaskUpdate(
            child,
            moved(child, TaskStatus.FAILED, now),
            CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
            now);
    assertThat(store().update(stale, KEEP)).as("stale status and version").isEmpty();

    // right status, stale version: a RUNNING task written by someone else since
    Task progressed = engine().recordProgress(tenant(), child.id(), "half");
    TaskUpdate staleVersion =
        new TaskUpdate(
            started,
            moved(started, TaskStatus.SUCCEEDED, now),
            CounterDelta.move(TaskStatus.RUNNING, TaskStatus.SUCCEEDED),
            now);
    assertThat(store().update(staleVersion, KEEP)).as("stale version").isEmpty();

    // right version, wrong status
    Task wrongStatus =
        progressed.toBuilder().status(TaskStatus.PENDING).startedAt(null).finishedAt(null).build();
    TaskUpdate wrong =
        new TaskUpdate(
            wrongStatus,
            moved(wrongStatus, TaskStatus.FAILED, now),
            CounterDelta.move(TaskStatus.PENDING, TaskStatus.FAILED),
            now);
    assertThat(store().update(wrong, KEEP)).as("stale status").isEmpty();

    assertThat(reload(child)).isEqualTo(progressed);
    assertThat(reload(batch)).as("the parent's counters were not touched").isEqualTo(batchNow);

    TaskUpdate current =
        new TaskUpdate(
            progressed,
            moved(progressed, TaskStatus.SUCCEEDED, now),
            CounterDelta.move(TaskStatus.RUNNING, TaskStatus.SUCCEEDED),
            now);
    assertThat(store().update(current, KEEP)).as("the current read wins").isPresent();
    assertThat(reload(child).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(reload(batch).counters()).isEqualTo(new ChildCounters(2, 1, 0, 1, 0, 0));
  }

  @Test
  default void compareAndSetOfAnotherTenantsTaskWritesNothing() {
    Task task = engine().start(tenant(), newSingle().id());
    Instant now = clock().instant();
    Task foreign =
        Task.builder()
            .id(task.id())
            .tenant(otherTenant())
            .level(task.level())
            .type(task.type())
            .status(task.status())
            .createdAt(task.createdAt())
            .startedAt(task.startedAt())
            .updatedAt(task.updatedAt())
            .version(task.version())
            .build();
    TaskUpdate update =
        new TaskUpdate(foreign, moved(foreign, TaskStatus.SUCCEEDED, now), CounterDelta.ZERO, now);
    assertThat(store().update(update, KEEP)).isEmpty();
    assertThat(reload(task)).isEqualTo(task);
    assertThat(store().find(otherTenant(), task.id())).isEmpty();
  }

  @Test
  default void staleCascadeWritesNothing() {
    Task batch = newBatch(3);
    List<Task> children = childrenByResource(batch);
    Task staleBatch = reload(batch);
    engine().start(tenant(), children.get(0).id());
    Task batchNow = reload(batch);
    List<Task> childrenNow = childrenOf(batch);

    BatchCascade cascade =
        new BatchCascade(
            staleBatch,
            TaskStatus.CANCELLING,
            Map.of(
                TaskStatus.PENDING,
                TaskStatus.CANCELLED,
                TaskStatus.RUNNING,
                TaskStatus.CANCELLING),
            clock().instant());
    assertThat(store().cascade(cascade, KEEP)).isEmpty();
    assertThat(reload(batch)).isEqualTo(batchNow);
    assertThat(childrenOf(batch)).isEqualTo(childrenNow);
  }

  @Test
  default void refusedChildAdditionsWriteNothing() {
    Task batch = newBatch(2);
    Task single = newSingle();
    Task before = reload(batch);
    List<Task> childrenBefore = childrenOf(batch);
    Instant now = clock().instant();
    Set<TaskStatus> open = EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING);

    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(), batch.id(), open, 2, List.of(newChild(batch, now)), now)))
        .as("past maxTotal")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(),
                        batch.id(),
                        open,
                        3,
                        List.of(newChild(batch, now), newChild(batch, now)),
                        now)))
        .as("two past a maxTotal that takes one")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(),
                        batch.id(),
                        EnumSet.of(TaskStatus.RUNNING),
                        10,
                        List.of(newChild(batch, now)),
                        now)))
        .as("a batch in a status that is not allowed")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        otherTenant(),
                        batch.id(),
                        open,
                        10,
                        List.of(newChild(otherTenant(), batch, now)),
                        now)))
        .as("another tenant's batch")
        .isEmpty();
    assertThat(
            store()
                .addChildren(
                    new ChildAddition(
                        tenant(), single.id(), open, 10, List.of(newChild(single, now)), now)))
        .as("a single task")
        .isEmpty();
    assertThat(reload(batch)).isEqualTo(before);
    assertThat(reload(single)).isEqualTo(single);
    assertThat(childrenOf(batch)).isEqualTo(childrenBefore);
    assertThat(childrenOf(single)).isEmpty();

    Task added = newChild(batch, now);
    assertThat(
            store()
                .addChildren(new ChildAddition(tenant(), batch.id(), open, 3, List.of(added), now)))
        .as("up to maxTotal")
        .hasValueSatisfying(
            b -> assertThat(b.counters()).isEqualTo(new ChildCounters(3, 3, 0, 0, 0, 0)));
    assertThat(store().find(tenant(), added.id())).contains(added);
  }

  @Test
  default void duplicateClientTokenInsertThrowsAndWritesNothing() {
    String token = "spi-" + UUID.randomUUID();
    Task first = engine().submit(TaskSpec.builder(tenant(), TYPE).clientToken(token).build());
    ClientTokenRecord record = store().findClientToken(tenant(), token).orElseThrow();
    assertThat(record.taskId()).isEqualTo(first.id());
    assertThat(store().findClientToken(otherTenant(), token)).isEmpty();

    Task second = newChildlessCopy(first);
    assertThatThrownBy(
            () ->
                store()
                    .insert(
                        new NewTasks(
                            second,
                            List.of(),
                            new ClientTokenRecord(tenant(), token, second.id(), "another hash"))))
        .isInstanceOf(DuplicateClientTokenException.class);
    assertThat(store().find(tenant(), second.id())).isEmpty();
    assertThat(store().findClientToken(tenant(), token)).contains(record);
  }

  private Task newChildlessCopy(Task task) {
    return Task.builder()
        .id("tck-" + UUID.randomUUID())
        .tenant(task.tenant())
        .level(Level.INSTANCE)
        .type(task.type())
        .status(TaskStatus.PENDING)
        .createdAt(task.createdAt())
        .updatedAt(task.createdAt())
        .build();
  }

  @Test
  default void countStopsAtTheLimitItIsGiven() {
    for (int i = 0; i < 5; i++) {
      newSingle();
    }
    TaskQuery all = TaskQuery.all(tenant());
    assertThat(store().count(all, 3)).isEqualTo(3);
    assertThat(store().count(all, 5)).isEqualTo(5);
    assertThat(store().count(all, 100)).isEqualTo(5);
  }
}
