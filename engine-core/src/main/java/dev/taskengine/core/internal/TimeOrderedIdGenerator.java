package dev.taskengine.core.internal;

import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * Ids like {@code t-01jd4r6k2q8x9m3v5w7y0z1a2b}: a prefix, then 26 lowercase Crockford base-32
 * characters encoding 48 bits of epoch milliseconds and 80 random bits (the ULID layout). Within
 * one millisecond the random part is incremented instead of redrawn, so ids from one generator sort
 * in creation order. Thread-safe (one lock, held for nanoseconds).
 */
final class TimeOrderedIdGenerator implements IdGenerator {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final String defaultPrefix;
  private final Map<String, String> prefixByType;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private long lastMillis = -1;
  private long randomHigh; // 16 bits used
  private long randomLow; // 64 bits

  TimeOrderedIdGenerator(String defaultPrefix, Map<String, String> prefixByType, Clock clock) {
    this.defaultPrefix = defaultPrefix;
    this.prefixByType = Map.copyOf(prefixByType);
    this.clock = clock;
  }

  @Override
  public String newId(String type, Level level) {
    String prefix = prefixByType.getOrDefault(type, defaultPrefix);
    long millis;
    long high;
    long low;
    synchronized (this) {
      millis = Math.max(clock.millis(), lastMillis); // never go back, even if the clock does
      if (millis == lastMillis) {
        randomLow++;
        if (randomLow == 0) {
          randomHigh = (randomHigh + 1) & 0xFFFF;
        }
      } else {
        lastMillis = millis;
        randomHigh = random.nextInt(1 << 16);
        randomLow = random.nextLong();
      }
      high = randomHigh;
      low = randomLow;
    }
    return prefix + encode(millis, high, low);
  }

  /** 128 bits (48 time, 16 + 64 random) as 26 base-32 characters, most significant first. */
  private static String encode(long millis, long high, long low) {
    long top = ((millis & 0xFFFF_FFFF_FFFFL) << 16) | high; // 64 bits
    char[] out = new char[26];
    // 26 characters carry 130 bits; the first character holds the top 3.
    for (int i = 25; i >= 0; i--) {
      int bitFromEnd = (25 - i) * 5; // position of this character's lowest bit, counted from bit 0
      out[i] = ALPHABET[fiveBits(top, low, bitFromEnd)];
    }
    return new String(out);
  }

  private static int fiveBits(long top, long low, int shift) {
    long value;
    if (shift >= 64) {
      value = top >>> (shift - 64);
    } else if (shift > 59) {
      value = (low >>> shift) | (top << (64 - shift));
    } else {
      value = low >>> shift;
    }
    return (int) (value & 0x1F);
  }
}
