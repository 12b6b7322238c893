package dev.taskengine.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines on standard error, which JMH passes through from its forks. */
final class Log {
  private Log() {}

  static void info(String format, Object... arguments) {
    System.err.println(
        "[bench "
            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + "] "
            + String.format(Locale.ROOT, format, arguments));
  }
}
