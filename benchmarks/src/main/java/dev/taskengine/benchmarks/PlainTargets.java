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
              ? target.bound().plain
                  + " "
                  + Numbers.limit(target.limit())
                  + (target.baseline().isEmpty() ? " us" : "")
              : "";
      out.append(
          String.format(
              Locale.ROOT,
              "  %-8s %10s %-10s  %d. %s, %s%n",
              outcome.verdict().plain,
              value,
              limit,
              target.group(),
              target.description(),
              target.measured().store()));
    }
    out.append(Outcome.summary(outcomes)).append('\n');
    return out.toString();
  }
}
