package dev.taskengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.examples.WorkerLoopExample.Step;
import dev.taskengine.store.memory.MemoryTaskStore;
import dev.taskengine.tck.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/engine.md's worker loop, run: on a clock that each step of the work moves (so that only the
 * loop's heartbeats keep its leases), through a lease lost to the sweeper, and a cancellation.
 */
class WorkerLoopExampleTest {
  private static final Duration STEP = Duration.ofSeconds(20);

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-05T08:00:00Z"));
  private final TaskEngine engine =
      TaskEngines.builder().store(new MemoryTaskStore()).clock(clock).build();
  private final Map<String, Integer> steps = new HashMap<>();

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  /** Three steps of twenty seconds each: a minute of work on a thirty-second lease. */
  private Step threeSteps(Task task) {
    clock.advance(STEP);
    int step = steps.merge(task.id(), 1, Integer::sum);
    if (step < 3) {
      return Step.WORKING;
    }
    return "acp-broken".equals(task.resourceId()) ? Step.FAILED : Step.DONE;
  }

  @Test
  void theLoopRenewsItsLeasesAndReportsEveryTask() {
    Task batch =
        engine.submitBatch(
            BatchSpec.builder("account-1/cn-hangzhou", "RebootInstance")
                .child("acp-1")
                .child("acp-2")
                .child("acp-broken")
                .build());
    Task single =
        engine.submit(TaskSpec.builder("account-2/cn-shanghai", "RebootInstance").build());
    Task other = engine.submit(TaskSpec.builder("account-2/cn-shanghai", "StopInstance").build());

    WorkerLoopExample.drain(engine, "worker-1", this::threeSteps);

    Task done = engine.get(batch.tenant(), batch.id());
    assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(done.counters()).isEqualTo(new ChildCounters(3, 0, 0, 2, 1, 0));
    Task succeeded = engine.get(single.tenant(), single.id());
    assertThat(succeeded.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(succeeded.result()).isEqualTo("{\"rebooted\":true}");
    assertThat(succeeded.attempt()).isEqualTo(1);
    assertThat(succeeded.leaseOwner()).isEqualTo("worker-1");
    // A minute passed under a thirty-second lease: only the heartbeats kept it.
    assertThat(Duration.between(succeeded.startedAt(), succeeded.finishedAt()))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(engine.get(other.tenant(), other.id()).status()).isEqualTo(TaskStatus.PENDING);
  }

  @Test
  void aLeaseLostToTheSweeperIsDroppedAndTheRetryIsClaimedAndFinished() {
    Task task = engine.submit(TaskSpec.builder("account-1/cn-hangzhou", "RebootInstance").build());

    WorkerLoopExample.drain(
        engine,
        "worker-1",
        claimed -> {
          if (claimed.attempt() == 1) {
            // The worker stalls past its lease; the sweeper, on some node, retries the task.
            clock.advance(Duration.ofSeconds(31));
            assertThat(engine.sweepExpired(100).retried()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1)); // past the retry's backoff
            return Step.WORKING;
          }
          return Step.DONE;
        });

    Task done = engine.get(task.tenant(), task.id());
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(2);
  }

  @Test
  void aTaskCancelledWhileRunningIsConfirmedCancelled() {
    Task task = engine.submit(TaskSpec.builder("account-1/cn-hangzhou", "RebootInstance").build());

    WorkerLoopExample.drain(
        engine,
        "worker-1",
        claimed -> {
          engine.cancel(claimed.tenant(), claimed.id()); // an operator cancels meanwhile
          return Step.WORKING;
        });

    assertThat(engine.get(task.tenant(), task.id()).status()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void engineMdShowsExactlyTheLoopThatRuns() throws IOException {
    String snippet =
        Snippets.between(
            "src/main/java/dev/taskengine/examples/WorkerLoopExample.java", "engine.md");
    String page = Files.readString(Path.of("..", "docs", "engine.md"));
    assertThat(page).contains("```java\n" + snippet + "```\n");
  }
}
