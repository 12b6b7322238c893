package dev.taskengine.server;

import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.Level;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo's ids: time-ordered {@code t-} ids like the engine's own (a millisecond timestamp, a
 * per-millisecond sequence and a random part, lower-case Crockford base 32), except that the demo
 * may pin the ids of the next tasks it creates, so that the README's curl examples can name a task.
 * Thread-safe.
 */
final class DemoIdGenerator implements IdGenerator {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final ThreadLocal<Deque<String>> PINNED = new ThreadLocal<>();

  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long sequence;

  /**
   * Runs {@code action} with the next tasks created on this thread getting {@code ids}, in order (a
   * batch is created before its children, so one id pins a batch's).
   */
  static <T> T withIds(List<String> ids, Supplier<T> action) {
    PINNED.set(new ArrayDeque<>(ids));
    try {
      return action.get();
    } finally {
      PINNED.remove();
    }
  }

  @Override
  public String newId(String type, Level level) {
    Deque<String> pinned = PINNED.get();
    if (pinned != null && !pinned.isEmpty()) {
      return pinned.removeFirst();
    }
    long millis;
    long seq;
    synchronized (this) {
      millis = System.currentTimeMillis();
      if (millis <= lastMillis) {
        millis = lastMillis;
        sequence++;
      } else {
        lastMillis = millis;
        sequence = 0;
      }
      seq = sequence;
    }
    StringBuilder id = new StringBuilder("t-");
    append(id, millis, 10);
    append(id, seq, 6);
    append(id, random.nextLong() & ((1L << 50) - 1), 10);
    return id.toString();
  }

  private static void append(StringBuilder id, long value, int digits) {
    for (int shift = (digits - 1) * 5; shift >= 0; shift -= 5) {
      id.append(ALPHABET[(int) ((value >>> shift) & 31)]);
    }
  }
}
