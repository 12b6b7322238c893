package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The opt-in background sweeper: it sweeps on its own thread without being called, drains more than
 * one sweep's worth in a round, and stops on {@code close()}. Its rounds run on real time (a short
 * interval); the tasks' time is the test clock, so what becomes due is exact.
 */
@Timeout(30)
class SweeperTest extends EngineOnMemoryStore {

  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void retriesExpiredLeasesInTheBackgroundUntilClosed() throws InterruptedException {
    TaskEngine swept =
        engineBuilder()
            .retryPolicy(RetryPolicy.attempts(2))
            .sweeper(Duration.ofMillis(5), 2)
            .build();
    try {
      for (int i = 0; i < 5; i++) {
        swept.submit(TaskSpec.builder(tenant, TYPE).build());
      }
      var claimed =
          swept.claim(ClaimRequest.forTenant(tenant).owner("w").lease(LEASE).limit(5).build());
      assertThat(claimed).hasSize(5);
      clock.advance(LEASE);
      // five due tasks, two per sweep: one round drains them all
      awaitTrue(
          () ->
              claimed.stream()
                  .allMatch(task -> swept.get(tenant, task.id()).status() == TaskStatus.PENDING));
      for (Task task : claimed) {
        Task retried = swept.get(tenant, task.id());
        assertThat(retried.leaseOwner()).isNull();
        assertThat(retried.availableAt()).isAfter(clock.instant());
      }
    } finally {
      swept.close();
    }
    assertThat(sweeperThreadAlive()).as("close() stops the sweeper's thread").isFalse();

    // once closed, nothing sweeps: a claim that expires stays RUNNING
    clock.advance(Duration.ofHours(1));
    Task again =
        engine.claim(ClaimRequest.forTenant(tenant).owner("w2").lease(LEASE).build()).get(0);
    clock.advance(LEASE.multipliedBy(2));
    Thread.sleep(50); // long enough for ten rounds of a sweeper that should not exist
    assertThat(engine.get(tenant, again.id()).status()).isEqualTo(TaskStatus.RUNNING);
    swept.close(); // idempotent
  }

  @Test
  void anEngineWithoutASweeperStartsNoThread() {
    TaskEngine plain = engineBuilder().build();
    plain.close();
    assertThat(sweeperThreadAlive()).isFalse();
  }

  private static boolean sweeperThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals("taskengine-sweeper") && thread.isAlive());
  }

  /** Polls until the condition holds; the class timeout bounds the wait. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(5);
    }
  }
}
