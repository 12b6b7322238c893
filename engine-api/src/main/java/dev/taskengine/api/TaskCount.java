package dev.taskengine.api;

/**
 * The number of tasks matching a query, exact up to the engine's count cap (10,000 by default).
 * When the store stopped counting at the cap, {@code capped} is true and {@code value} equals the
 * cap: there are at least that many.
 *
 * @param value the count, or the cap when capped
 * @param capped whether counting stopped at the cap
 */
public record TaskCount(long value, boolean capped) {

  public TaskCount {
    if (value < 0) {
      throw new IllegalArgumentException("count must not be negative: " + value);
    }
  }

  public boolean isExact() {
    return !capped;
  }
}
