package dev.taskengine.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target checked against the figures of one run; {@code value} is NaN when missing. A target
 * whose figures are not in the results is missing and counts as not met.
 */
record Outcome(
    Target target,
    Optional<Figure> measured,
    Optional<Figure> baseline,
    double value,
    Outcome.Verdict verdict) {

  enum Verdict {
    MET,
    NOT_MET,
    MISSING,
    COMPARISON
  }

  /** Every target's outcome, in the targets' order. */
  static List<Outcome> check(List<Target> targets, List<Figure> figures) {
    Map<Figure.Key, Figure> byKey = new LinkedHashMap<>();
    for (Figure figure : figures) {
      byKey.put(figure.key(), figure);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Target target : targets) {
      Optional<Figure> measured = Optional.ofNullable(byKey.get(target.measured()));
      Optional<Figure> baseline = target.baseline().map(byKey::get);
      boolean missing =
          measured.isEmpty()
              || !Double.isFinite(measured.get().mean())
              || (target.baseline().isPresent()
                  && (baseline.isEmpty() || !(baseline.get().mean() > 0)));
      double value =
          missing ? Double.NaN : target.measure().of(measured.get(), baseline.orElse(null));
      Verdict verdict = Verdict.MISSING;
      if (Double.isFinite(value)) { // a throughput of a zero mean time is no figure either
        if (!target.counted()) {
          verdict = Verdict.COMPARISON;
        } else {
          verdict = target.bound().holds(value, target.limit()) ? Verdict.MET : Verdict.NOT_MET;
        }
      }
      outcomes.add(new Outcome(target, measured, baseline, value, verdict));
    }
    return outcomes;
  }

  static int met(List<Outcome> outcomes) {
    return (int) outcomes.stream().filter(o -> o.verdict() == Verdict.MET).count();
  }

  /** "18 of 20 targets met (2 missing)", for both the report and standard output. */
  static String summary(List<Outcome> outcomes) {
    long counted = outcomes.stream().filter(o -> o.target().counted()).count();
    long missing =
        outcomes.stream()
            .filter(o -> o.target().counted() && o.verdict() == Verdict.MISSING)
            .count();
    String summary = met(outcomes) + " of " + counted + " targets met";
    return missing == 0 ? summary : summary + " (" + missing + " missing)";
  }
}
