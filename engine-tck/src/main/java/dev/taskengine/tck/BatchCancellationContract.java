package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectIllegal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a batch moves it and all its open children in one step, then the rollup finishes it.
 */
interface BatchCancellationContract extends ContractFixture {

  private Map<String, Task> byId(List<Task> tasks) {
    return tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
  }

  @Test
  default void cancellingBatchCancelsPendingChildrenAndMovesRunningOnesToCancelling() {
    Task batch = newBatch(4);
    List<Task> c = childrenByResource(batch);
    engine().start(tenant(), c.get(0).id());
    engine().start(tenant(), c.get(1).id());
    engine().start(tenant(), c.get(3).id());
    engine().succeed(tenant(), c.get(3).id(), "done");
    Task running = reload(batch);
    Map<String, Task> before = byId(childrenOf(batch));

    Instant now = clock().advance(Duration.ofSeconds(10));
    Task cancelled = engine().cancel(tenant(), batch.id());

    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLING);
    assertThat(cancelled.counters()).isEqualTo(new ChildCounters(4, 0, 2, 1, 0, 1));
    assertThat(cancelled.version()).isEqualTo(running.version() + 1);
    assertThat(cancelled.updatedAt()).isEqualTo(now);
    assertThat(cancelled.finishedAt()).isNull();
    assertThat(reload(batch)).isEqualTo(cancelled);

    Map<String, Task> after = byId(childrenOf(batch));
    for (int i : new int[] {0, 1}) {
      Task child = after.get(c.get(i).id());
      Task old = before.get(child.id());
      assertThat(child.status()).isEqualTo(TaskStatus.CANCELLING);
      assertThat(child.version()).isEqualTo(old.version() + 1);
      assertThat(child.updatedAt()).isEqualTo(now);
      assertThat(child.finishedAt()).isNull();
      assertThat(child.startedAt()).isEqualTo(old.startedAt());
    }
    Task pending = after.get(c.get(2).id());
    assertThat(pending.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(pending.version()).isEqualTo(1);
    assertThat(pending.finishedAt()).isEqualTo(now);
    assertThat(pending.updatedAt()).isEqualTo(now);
    assertThat(pending.startedAt()).isNull();
    assertThat(after.get(c.get(3).id()))
        .as("a finished child is left alone")
        .isEqualTo(before.get(c.get(3).id()));
    Tck.assertBatchFollowsChildren(cancelled, childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void remainingChildrenFinishACancellingBatch() {
    Task batch = newBatch(3);
    List<Task> c = childrenByResource(batch);
    for (Task child : c) {
      engine().start(tenant(), child.id());
    }
    engine().cancel(tenant(), batch.id());

    engine().confirmCancelled(tenant(), c.get(0).id());
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.CANCELLING);
    engine().succeed(tenant(), c.get(1).id(), "finished before it noticed");
    assertThat(reload(batch).status()).isEqualTo(TaskStatus.CANCELLING);
    Instant now = clock().advance(Duration.ofSeconds(5));
    engine().confirmCancelled(tenant(), c.get(2).id());

    Task finished = reload(batch);
    assertThat(finished.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(finished.finishedAt()).isEqualTo(now);
    assertThat(finished.counters()).isEqualTo(new ChildCounters(3, 0, 0, 1, 0, 2));

    Task failing = newBatch(2);
    List<Task> f = childrenByResource(failing);
    engine().start(tenant(), f.get(0).id());
    engine().start(tenant(), f.get(1).id());
    engine().cancel(tenant(), failing.id());
    engine().confirmCancelled(tenant(), f.get(0).id());
    engine().fail(tenant(), f.get(1).id(), "E", "crashed while stopping");
    assertThat(reload(failing).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(reload(failing).counters()).isEqualTo(new ChildCounters(2, 0, 0, 0, 1, 1));
  }

  @Test
  default void cancellingBatchWhoseChildrenAreAllPendingFinishesItCancelledAtOnce() {
    Task batch = newBatch(3);
    Instant now = clock().advance(Duration.ofSeconds(1));

    Task cancelled = engine().cancel(tenant(), batch.id());

    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelled.finishedAt()).isEqualTo(now);
    assertThat(cancelled.counters()).isEqualTo(new ChildCounters(3, 0, 0, 0, 0, 3));
    assertThat(reload(batch)).isEqualTo(cancelled);
    assertThat(childrenOf(batch))
        .allSatisfy(
            child -> {
              assertThat(child.status()).isEqualTo(TaskStatus.CANCELLED);
              assertThat(child.finishedAt()).isEqualTo(now);
            });
  }

  @Test
  default void cancellingBatchWithNoRunningChildFinishesItAtOnce() {
    Task batch = newBatch(3);
    List<Task> c = childrenByResource(batch);
    engine().start(tenant(), c.get(0).id());
    engine().succeed(tenant(), c.get(0).id(), "ok");

    Task cancelled = engine().cancel(tenant(), batch.id());

    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelled.counters()).isEqualTo(new ChildCounters(3, 0, 0, 1, 0, 2));
    assertThat(cancelled.finishedAt()).isEqualTo(clock().instant());
    Tck.assertBatchFollowsChildren(reload(batch), childrenOf(batch), RollupPolicy.DEFAULT);
  }

  @Test
  default void repeatedBatchCancelIsANoOp() {
    Task batch = newBatch(2);
    engine().start(tenant(), childrenByResource(batch).get(0).id());
    Task cancelling = engine().cancel(tenant(), batch.id());
    List<Task> children = childrenOf(batch);
    clock().advance(Duration.ofSeconds(1));

    assertThat(engine().cancel(tenant(), batch.id())).isEqualTo(cancelling);
    assertThat(reload(batch)).isEqualTo(cancelling);
    assertThat(childrenOf(batch)).isEqualTo(children);

    Task done = newBatch(2);
    Task cancelled = engine().cancel(tenant(), done.id());
    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    clock().advance(Duration.ofSeconds(1));
    assertThat(engine().cancel(tenant(), done.id())).isEqualTo(cancelled);
    assertThat(reload(done)).isEqualTo(cancelled);
  }

  @Test
  default void cancelOfASucceededOrFailedBatchIsIllegal() {
    Task succeeded = newBatch(1);
    String child = childrenByResource(succeeded).get(0).id();
    engine().start(tenant(), child);
    engine().succeed(tenant(), child, "ok");
    Task failed = newBatch(1);
    engine().fail(tenant(), childrenByResource(failed).get(0).id(), "E", "m");

    for (Task batch : List.of(reload(succeeded), reload(failed))) {
      assertThat(
              expectIllegal(
                      "cancel a " + batch.status() + " batch",
                      () -> engine().cancel(tenant(), batch.id()))
                  .currentStatus())
          .isEqualTo(batch.status());
      assertThat(reload(batch)).isEqualTo(batch);
    }
  }
}
