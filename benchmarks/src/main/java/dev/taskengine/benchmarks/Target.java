package dev.taskengine.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One target: the mean of {@code measured}, divided by the mean of {@code baseline} when there is
 * one, must stay within {@code limit}. The targets are data ({@link #ALL}); {@link Outcome} checks
 * them against the figures of one run.
 *
 * @param group the number of the target in the project's list (1 to 5), for reference
 * @param description what is measured, for people
 */
record Target(
    int group,
    String description,
    Figure.Key measured,
    Optional<Figure.Key> baseline,
    Target.Bound bound,
    double limit) {

  /** How a target's value is compared with its limit. */
  enum Bound {
    AT_MOST,
    BELOW,
    /** Shown beside a target for comparison; no limit, not counted. */
    NONE;

    boolean holds(double value, double limit) {
      return switch (this) {
        case AT_MOST -> value <= limit;
        case BELOW -> value < limit;
        case NONE -> true;
      };
    }
  }

  /**
   * The ratio of a paired benchmark's ({@link Sides}) measured side to its baseline, at most {@code
   * limit}.
   *
   * @param side the key of one side given its suffix, {@link Figure#MEASURED} or {@link
   *     Figure#BASELINE}
   */
  static Target paired(
      int group, String description, Function<String, Figure.Key> side, double limit) {
    return new Target(
        group,
        description,
        side.apply(Figure.MEASURED),
        Optional.of(side.apply(Figure.BASELINE)),
        Bound.AT_MOST,
        limit);
  }

  static Target comparison(
      int group, String description, Figure.Key measured, Figure.Key baseline) {
    return new Target(group, description, measured, Optional.of(baseline), Bound.NONE, 0);
  }

  static Target below(int group, String description, Figure.Key measured, double limitMicros) {
    return new Target(group, description, measured, Optional.empty(), Bound.BELOW, limitMicros);
  }

  boolean counted() {
    return bound != Bound.NONE;
  }

  private static final List<String> JDBC_STORES = List.of("sqlite", "postgresql");

  /** The targets, in the order of the project's list. */
  static final List<Target> ALL = targets();

  private static List<Target> targets() {
    String read = ReadBenchmark.class.getSimpleName();
    String depth = DepthBenchmark.class.getSimpleName();
    List<Target> targets = new ArrayList<>();
    for (String store : JDBC_STORES) {
      for (String[] page :
          List.of(
              new String[] {"firstPage", "First page, engine vs. JDBC"},
              new String[] {"deepPage", "Deep page, engine vs. JDBC"},
              new String[] {"statusPage", "Status page, engine vs. JDBC"})) {
        targets.add(paired(1, page[1], side -> Figure.Key.pairedRead(page[0], store, side), 1.3));
      }
    }
    for (String store : JDBC_STORES) {
      for (String[] write :
          List.of(
              new String[] {"transition", "Transition, engine vs. JDBC"},
              new String[] {"transitionTwoThreads", "Transition from two threads, engine vs. JDBC"},
              new String[] {"batchInsert", "Batch insert, engine vs. JDBC"})) {
        targets.add(
            paired(2, write[1], side -> Figure.Key.pairedWrite(write[0], store, side), 1.5));
      }
    }
    for (String store : Figure.STORES) {
      targets.add(
          paired(
              3,
              "Deep page vs. first page",
              side -> Figure.Key.pairedRead("deepVsFirst", store, side),
              1.5));
      targets.add(
          comparison(
              3,
              "Deep page by OFFSET vs. first page",
              Figure.Key.deep(depth + ".offsetPage", store),
              Figure.Key.of(read + ".firstPage", store)));
    }
    for (String store : Figure.STORES) {
      targets.add(
          paired(
              4,
              "Two statuses vs. one status",
              side -> Figure.Key.pairedRead("twoVsOneStatus", store, side),
              2));
    }
    targets.add(
        paired(
            5,
            "Status page vs. first page",
            side -> Figure.Key.pairedRead("statusVsFirst", "memory", side),
            3));
    targets.add(
        below(5, "First page, absolute", Figure.Key.of(read + ".firstPage", "memory"), 100));
    return List.copyOf(targets);
  }
}
