package dev.taskengine.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that moves only when a test moves it, so that timestamps and token expiry are exact
 * without sleeping. engine-core's tests cannot use the contract suite's {@code MutableClock}: the
 * suite depends on engine-core. Thread-safe for reads while a test moves it.
 */
final class SteppingClock extends Clock {
  private volatile Instant now;

  SteppingClock(Instant start) {
    now = start;
  }

  /** Moves the clock forward by {@code step} and returns the new time. */
  synchronized Instant advance(Duration step) {
    now = now.plus(step);
    return now;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the engine reads instants only");
  }
}
