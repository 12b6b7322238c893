package dev.taskengine.api;

import java.time.Duration;

/**
 * How often a task whose lease expired is tried again, and how long it waits first. After attempt
 * {@code n} (1 for the first claim) expires, the task goes back to PENDING while {@code n <
 * maxAttempts}, available again after {@link #backoff(int, double)}; otherwise it fails with code
 * {@code LeaseExpired}. A task's policy comes from its spec, or else from the engine's default.
 *
 * <p>The backoff doubles with each attempt from {@code initialBackoff} up to {@code maxBackoff},
 * with "equal jitter": half the delay is fixed and the other half random, so that tasks that
 * expired together do not all return at once, and none returns sooner than half its delay.
 *
 * @param maxAttempts how many claims a task gets in all, at least 1 (1 means no retry)
 * @param initialBackoff the delay before the second attempt, positive
 * @param maxBackoff the cap on any delay, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** The longest backoff a policy may have: 30 days. */
  public static final Duration MAX_BACKOFF = Duration.ofDays(30);

  /** The engine's default unless configured: 3 attempts, 1 second doubling up to 5 minutes. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(5));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidRequestException(
          "retryPolicy.maxAttempts", "must be at least 1, was " + maxAttempts);
    }
    InvalidRequestException.requireNonNull(initialBackoff, "retryPolicy.initialBackoff");
    InvalidRequestException.requireNonNull(maxBackoff, "retryPolicy.maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new InvalidRequestException(
          "retryPolicy.initialBackoff", "must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidRequestException(
          "retryPolicy.maxBackoff",
          "must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
    if (maxBackoff.compareTo(MAX_BACKOFF) > 0) {
      throw new InvalidRequestException(
          "retryPolicy.maxBackoff", "must be at most " + MAX_BACKOFF + ", was " + maxBackoff);
    }
  }

  /** A policy of {@code maxAttempts} with the default backoff. */
  public static RetryPolicy attempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, DEFAULT.initialBackoff, DEFAULT.maxBackoff);
  }

  /** Whether a task whose attempt {@code attempt} expired is tried again. */
  public boolean retriesAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /**
   * The wait after attempt {@code attempt} expired: {@code d = min(maxBackoff, initialBackoff *
   * 2^(attempt-1))}, then {@code d/2 + jitter * d/2}.
   *
   * @param attempt the attempt that expired, at least 1
   * @param jitter a random number in {@code [0, 1)}
   */
  public Duration backoff(int attempt, double jitter) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    long cap = maxBackoff.toNanos();
    long delay = initialBackoff.toNanos();
    for (int i = 1; i < attempt && delay < cap; i++) {
      delay = delay > cap / 2 ? cap : delay * 2;
    }
    delay = Math.min(delay, cap);
    long half = delay / 2;
    return Duration.ofNanos(delay - half + (long) (jitter * half));
  }
}
