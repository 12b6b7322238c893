package dev.taskengine.benchmarks;

import java.util.List;
import java.util.Locale;

/** The targets table as plain text, for standard output at the end of a run. */
final class PlainTargets {
  private PlainTargets() {}

  static String render(String mode, List<Outcome> outcomes) {
    StringBuilder out = new StringBuilder();
    out.append("Targets of the ").append(mode).append(" run:\n");
    for (Outcome outcome : outcomes) {
      Target target = outcome.target();
      String value;
      if (outcome.verdict() == Outcome.Verdict.MISSING) {
        value = "-";
      } else if (target.baseline().isEmpty()) {
        value = Numbers.micros(outcome.value()) + " us";
      } else {
        value = Numbers.ratio(outcome.value(), target);
      }
      String limit =
          target.counted()
              ? spelled(target.bound())
                  + " "
                  + Numbers.limit(target.limit())
                  + (target.baseline().isEmpty() ? " us" : "")
              : "";
      out.append(
          String.format(
              Locale.ROOT,
              "  %-8s %10s %-10s  %d. %s, %s%n",
              spelled(outcome.verdict()),
              value,
              limit,
              target.group(),
              target.description(),
              target.measured().store()));
    }
    out.append(Outcome.summary(outcomes)).append('\n');
    return out.toString();
  }

  // ASCII only, as "us" for µs in the values: a terminal or CI log may not show other characters.
  private static String spelled(Target.Bound bound) {
    return switch (bound) {
      case AT_MOST -> "<=";
      case AT_LEAST -> ">=";
      case BELOW -> "<";
      case NONE -> "";
    };
  }

  private static String spelled(Outcome.Verdict verdict) {
    return switch (verdict) {
      case MET -> "met";
      case NOT_MET -> "NOT MET";
      case MISSING -> "MISSING";
      case COMPARISON -> "(info)";
    };
  }
}
