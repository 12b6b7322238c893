package dev.taskengine.benchmarks;

import dev.taskengine.api.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog one side of {@link PairedClaimBenchmark} claims from, and the work of one call: claim
 * {@value #CLAIM_SIZE} tasks and succeed each as its lease holder. The backlog is topped up between
 * iterations with batches of PENDING children, to twice what the previous iteration claimed, so
 * that it does not run dry; if it does, the call that found it empty makes a batch itself, inside
 * the measurement (it shows, and the log says so).
 *
 * <p>Thread-safe: every benchmark thread of a side claims from the same backlog, as workers do.
 * {@link #refill()} runs between iterations, when no thread claims.
 */
final class ClaimWork {
  /**
   * Tasks per claim. More than one, so that the bulk path (one counter update per batch for all of
   * its claimed children) is measured; few, so that eight workers hold only 32 leases at a time.
   */
  static final int CLAIM_SIZE = 4;

  /** Long enough never to expire during a run. */
  static final Duration LEASE = Duration.ofMinutes(10);

  /** Claims and reports: the engine, or the hand-written baseline. */
  interface Worker {
    List<Task> claim(String owner, int limit) throws Exception;

    Object succeed(Task claimed) throws Exception;
  }

  private final int batchSize;
  private final Runnable newBatch;
  private final AtomicLong unclaimed = new AtomicLong();
  private final AtomicLong claimed = new AtomicLong();
  private final AtomicLong inlineBatches = new AtomicLong();
  private long wanted;

  /**
   * @param initialTasks unclaimed tasks before the first iteration
   * @param batchSize the children of each batch {@code newBatch} makes
   * @param newBatch creates a batch of {@code batchSize} PENDING children of this side's tenant
   */
  ClaimWork(long initialTasks, int batchSize, Runnable newBatch) {
    this.wanted = initialTasks;
    this.batchSize = batchSize;
    this.newBatch = newBatch;
  }

  /** Tops the backlog up for the next iteration; called between iterations. */
  void refill() {
    wanted = Math.max(wanted, Math.min(2 * claimed.getAndSet(0), 2_000_000));
    long dry = inlineBatches.getAndSet(0);
    if (dry > 0) {
      Log.info("a claim backlog ran dry: %d batches were made inside the iteration", dry);
    }
    while (unclaimed.get() < wanted) {
      newBatch.run();
      unclaimed.addAndGet(batchSize);
    }
  }

  /**
   * Claims {@value #CLAIM_SIZE} tasks as {@code owner} and succeeds each: one claim, unless it
   * returned fewer.
   *
   * @return the last task succeeded
   */
  Object claimThenSucceed(String owner, Worker worker) throws Exception {
    Object last = null;
    int done = 0;
    while (done < CLAIM_SIZE) {
      List<Task> tasks = worker.claim(owner, CLAIM_SIZE - done);
      if (tasks.isEmpty()) {
        ranDry();
        continue;
      }
      unclaimed.addAndGet(-tasks.size());
      claimed.addAndGet(tasks.size());
      for (Task task : tasks) {
        last = worker.succeed(task);
      }
      done += tasks.size();
    }
    return last;
  }

  private synchronized void ranDry() {
    inlineBatches.incrementAndGet();
    newBatch.run();
    unclaimed.addAndGet(batchSize);
  }
}
