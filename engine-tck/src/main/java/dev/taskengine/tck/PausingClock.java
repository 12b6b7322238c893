package dev.taskengine.tck;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A clock that stops the first thread to read it after {@link #arm()} until {@link #release()}. The
 * engine reads the clock between reading a task and writing it, so a test can let another writer in
 * at exactly that moment: a deterministic lost race, no matter how fast the store is.
 */
final class PausingClock extends Clock {
  private static final long MAX_PAUSE_SECONDS = 60;

  private final Clock time;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final CountDownLatch paused = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  PausingClock(Clock time) {
    this.time = time;
  }

  /** The next read of the clock pauses its thread. */
  void arm() {
    armed.set(true);
  }

  /** Waits up to {@code millis} for a thread to pause; true when one has. */
  boolean awaitPaused(long millis) throws InterruptedException {
    return paused.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Lets the paused thread (and every later reader) go on. */
  void release() {
    armed.set(false);
    released.countDown();
  }

  @Override
  public Instant instant() {
    if (armed.compareAndSet(true, false)) {
      paused.countDown();
      try {
        if (!released.await(MAX_PAUSE_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the paused thread was never released");
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while paused", interrupted);
      }
    }
    return time.instant();
  }

  @Override
  public ZoneId getZone() {
    return time.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the suite's engines use UTC");
  }
}
