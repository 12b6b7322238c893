package dev.taskengine.benchmarks;

import java.util.Locale;

/**
 * How the report shows its numbers, the same in {@code BENCHMARKS.md} and on standard output:
 * always {@link Locale#ROOT}, so that a report does not change with the machine's language.
 */
final class Numbers {
  private Numbers() {}

  /** What a cell shows where there is no value. */
  static final String NONE = "—";

  /** Three significant digits below 1,000 µs, whole microseconds with separators above. */
  static String micros(double value) {
    if (!Double.isFinite(value)) {
      return NONE;
    }
    if (Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value == 0) {
      return "0";
    }
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(value))));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * Two decimals (fewer for ratios of ten and more), or more when two would round a ratio onto the
   * other side of its limit: 1.304 shown as "1.30" beside "not met" would read as a bug.
   */
  static String ratio(double value, Target target) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10 && !(target.counted() && target.limit() >= 10)) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    boolean holds = target.bound().holds(value, target.limit());
    for (int decimals = 2; decimals < 6; decimals++) {
      String shown = String.format(Locale.ROOT, "%." + decimals + "f", value);
      if (!target.counted()
          || target.bound().holds(Double.parseDouble(shown), target.limit()) == holds) {
        return shown;
      }
    }
    return String.format(Locale.ROOT, "%.6f", value);
  }

  /** A limit: whole numbers without decimals, others as Java writes them. */
  static String limit(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.valueOf(value);
  }
}
