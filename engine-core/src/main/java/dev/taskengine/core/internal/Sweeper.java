package dev.taskengine.core.internal;

import dev.taskengine.api.SweepResult;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in background sweep: one daemon thread that calls {@link TaskEngine#sweepExpired} every
 * interval, as many times in a row as full sweeps come back (so a backlog drains at once, in
 * bounded transactions), and logs what each round changed. A failing sweep is logged and tried
 * again at the next interval. Running one on every node is safe: the sweep itself is.
 */
final class Sweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  /** Full sweeps in a row before the round yields to the next interval. */
  private static final int MAX_SWEEPS_PER_ROUND = 100;

  private final TaskEngine engine;
  private final int limit;
  private final ScheduledExecutorService executor;
  private final Thread thread;

  Sweeper(TaskEngine engine, Duration interval, int limit) {
    this.engine = engine;
    this.limit = limit;
    Thread[] made = new Thread[1];
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread daemon = new Thread(runnable, "taskengine-sweeper");
              daemon.setDaemon(true);
              made[0] = daemon;
              return daemon;
            });
    // the single thread is made now, not at the first round, so close() knows what to wait for
    executor.execute(() -> {});
    this.thread = made[0];
    long millis = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void round() {
    try {
      SweepResult total = SweepResult.NONE;
      for (int i = 0; i < MAX_SWEEPS_PER_ROUND; i++) {
        SweepResult swept = engine.sweepExpired(limit);
        total = total.plus(swept);
        if (swept.total() < limit) {
          break;
        }
      }
      if (total.total() > 0) {
        LOG.info(
            "sweep: {} retried, {} failed as LeaseExpired, {} failed as DeadlineExceeded, {}"
                + " cancelled",
            total.retried(),
            total.leaseExpired(),
            total.deadlineExceeded(),
            total.cancelled());
      }
    } catch (TaskEngineException e) {
      LOG.warn("sweep failed, trying again at the next interval: {}", e.getMessage());
    } catch (RuntimeException e) {
      // never let the scheduler drop the task: a thrown exception would end every later round
      LOG.error("sweep failed unexpectedly, trying again at the next interval", e);
    }
  }

  /** Stops the thread after a round in progress; waits for it to end, up to ten seconds. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
