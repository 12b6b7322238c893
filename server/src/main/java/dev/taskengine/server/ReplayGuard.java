package dev.taskengine.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replay protection for signed requests: a signing time must lie within {@link #WINDOW} of the
 * server's clock, and a nonce may be used once within that window. Nonces are kept, per access key,
 * until their request's time has left the window, in a cache of at most {@code capacity} entries.
 * When the cache is full the oldest entry is dropped and its signing time becomes the
 * <em>horizon</em>: a request signed at or before it is refused as expired, because the cache can
 * no longer tell whether it is a replay. Under a flood the accepted window shrinks; it never lets a
 * replay through.
 *
 * <p>One node's memory: several nodes behind one address need a shared nonce store (or routing that
 * sends each access key to one node), or a request replayed to another node within the window is
 * accepted there. Thread-safe (one lock; each check is a few map operations).
 */
final class ReplayGuard {
  /** How far a signing time may be from the server's clock, either way (the vendors' 15 min). */
  static final Duration WINDOW = Duration.ofMinutes(15);

  /** The nonces kept by default: about 100 requests a second over a whole window. */
  static final int DEFAULT_CAPACITY = 100_000;

  /** What {@link #firstUse} found. */
  enum Use {
    /** Not seen before: the request may proceed (and the nonce is now remembered). */
    FIRST,
    /** Seen before within the window: a replay. */
    REPLAYED,
    /** Signed at or before the horizon: too old to tell. */
    TOO_OLD
  }

  private record Entry(Instant signedAt, String key) {}

  private final Clock clock;
  private final int capacity;
  private final Map<String, Instant> seen = new HashMap<>();
  private final PriorityQueue<Entry> bySigningTime =
      new PriorityQueue<>((a, b) -> a.signedAt().compareTo(b.signedAt()));
  private Instant horizon = Instant.MIN;

  ReplayGuard(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: at least 1, was " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  /** The server's time. */
  Instant now() {
    return clock.instant();
  }

  /** Whether {@code signedAt} lies within {@link #WINDOW} of now, either way. */
  boolean withinWindow(Instant signedAt) {
    Instant now = now();
    return !signedAt.isBefore(now.minus(WINDOW)) && !signedAt.isAfter(now.plus(WINDOW));
  }

  /**
   * Records the use of {@code nonce} by {@code accessKeyId} in a request signed at {@code signedAt}
   * (which {@link #withinWindow} accepted), unless it was used before.
   */
  synchronized Use firstUse(String accessKeyId, String nonce, Instant signedAt) {
    forgetExpired(now().minus(WINDOW));
    String key = accessKeyId + '\n' + nonce;
    if (seen.containsKey(key)) {
      return Use.REPLAYED;
    }
    if (!signedAt.isAfter(horizon)) {
      return Use.TOO_OLD;
    }
    while (seen.size() >= capacity) {
      Entry oldest = bySigningTime.remove();
      seen.remove(oldest.key());
      if (oldest.signedAt().isAfter(horizon)) {
        horizon = oldest.signedAt();
      }
    }
    if (!signedAt.isAfter(horizon)) {
      return Use.TOO_OLD;
    }
    seen.put(key, signedAt);
    bySigningTime.add(new Entry(signedAt, key));
    return Use.FIRST;
  }

  /** How many nonces are kept now. */
  synchronized int size() {
    return seen.size();
  }

  /** Drops nonces whose requests are older than the window: they would be refused as expired. */
  private void forgetExpired(Instant oldestAcceptable) {
    while (!bySigningTime.isEmpty() && bySigningTime.peek().signedAt().isBefore(oldestAcceptable)) {
      seen.remove(bySigningTime.remove().key());
    }
  }
}
