package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Transitions as the store keeps them: every write moves the version by one and sets updatedAt,
 * startedAt and finishedAt follow the lifecycle, and a batch is written only when a child's move
 * changes its counters. Which call is legal in which status is the engine's rule, checked once in
 * engine-core's {@code TransitionTableTest}.
 */
interface TransitionContract extends ContractFixture {

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
