package dev.taskengine.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One target: the mean of {@code measured}, divided by the mean of {@code baseline} when there is
 * one, must stay within {@code limit}; or, for a {@link Measure#THROUGHPUT} target, the throughput
 * of {@code measured} over that of {@code baseline}. The targets are data ({@link #ALL}); {@link
 * Outcome} checks them against the figures of one run.
 *
 * @param group the number of the target in the project's list, for reference: 1 to 5 for queries
 *     and the write path, 6 for claims and expiry, 7 for what the schema's version 2 costs
 * @param description what is measured, for people
 */
record Target(
    int group,
    String description,
    Figure.Key measured,
    Optional<Figure.Key> baseline,
    Target.Bound bound,
    double limit,
    Target.Measure measure) {

  /** How a target's value is compared with its limit. */
  enum Bound {
    AT_MOST,
    AT_LEAST,
    BELOW,
    /** Shown beside a target for comparison; no limit, not counted. */
    NONE;

    boolean holds(double value, double limit) {
      return switch (this) {
        case AT_MOST -> value <= limit;
        case AT_LEAST -> value >= limit;
        case BELOW -> value < limit;
        case NONE -> true;
      };
    }
  }

  /** What a target's value is. */
  enum Measure {
    /** The measured mean time, or its ratio to the baseline's mean time. */
    TIME,
    /**
     * The measured side's throughput over the baseline's, each its threads over its mean time per
     * operation: how much more work more threads get done.
     */
    THROUGHPUT;

    /** The value of a target of this measure from its figures; {@code baseline} may be null. */
    double of(Figure measured, Figure baseline) {
      return switch (this) {
        case TIME -> measured.mean() / (baseline == null ? 1.0 : baseline.mean());
        case THROUGHPUT ->
            (measured.threads() / measured.mean()) / (baseline.threads() / baseline.mean());
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
        limit,
        Measure.TIME);
  }

  /** The ratio of a paired benchmark's two sides, shown for comparison only. */
  static Target pairedComparison(int group, String description, Function<String, Figure.Key> side) {
    return comparison(group, description, side.apply(Figure.MEASURED), side.apply(Figure.BASELINE));
  }

  static Target comparison(
      int group, String description, Figure.Key measured, Figure.Key baseline) {
    return new Target(
        group, description, measured, Optional.of(baseline), Bound.NONE, 0, Measure.TIME);
  }

  /** One figure's mean, shown for comparison only. */
  static Target figure(int group, String description, Figure.Key measured) {
    return new Target(group, description, measured, Optional.empty(), Bound.NONE, 0, Measure.TIME);
  }

  static Target below(int group, String description, Figure.Key measured, double limitMicros) {
    return new Target(
        group, description, measured, Optional.empty(), Bound.BELOW, limitMicros, Measure.TIME);
  }

  /**
   * The throughput of {@code measured} over that of {@code baseline} ({@link Measure#THROUGHPUT}),
   * at least {@code limit}, or only shown for comparison when {@code limit} is not positive.
   */
  static Target throughput(
      int group, String description, Figure.Key measured, Figure.Key baseline, double limit) {
    return new Target(
        group,
        description,
        measured,
        Optional.of(baseline),
        limit > 0 ? Bound.AT_LEAST : Bound.NONE,
        limit,
        Measure.THROUGHPUT);
  }

  boolean counted() {
    return bound != Bound.NONE;
  }

  private static final List<String> JDBC_STORES = List.of("sqlite", "postgresql");

  /** {@link PairedClaimBenchmark}'s methods and their worker threads. */
  static final List<Map.Entry<String, Integer>> CLAIM_THREADS =
      List.of(
          Map.entry("oneThread", 1),
          Map.entry("twoThreads", 2),
          Map.entry("fourThreads", 4),
          Map.entry("eightThreads", 8));

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
    claimsAndExpiry(targets);
    schemaCost(targets);
    return List.copyOf(targets);
  }

  /**
   * Group 6: claim then succeed, engine against JDBC at every thread count; on PostgreSQL eight
   * workers get at least twice the work of one done, each side measured alone ({@link
   * ClaimThroughputBenchmark}); for comparison the same on large batches, whose counters every
   * worker moves (from the paired figures); the expiry of leases per task.
   */
  private static void claimsAndExpiry(List<Target> targets) {
    Class<?> claims = PairedClaimBenchmark.class;
    for (String store : JDBC_STORES) {
      for (Map.Entry<String, Integer> method : CLAIM_THREADS) {
        int threads = method.getValue();
        targets.add(
            paired(
                6,
                "Claim then succeed, " + workers(threads) + ", engine vs. JDBC, per task",
                side -> Figure.Key.paired(claims, method.getKey(), store, side),
                1.5));
      }
    }
    String alone = ClaimThroughputBenchmark.class.getSimpleName() + ".";
    for (String store : JDBC_STORES) {
      for (String side : List.of("engine", "jdbc")) {
        boolean engine = side.equals("engine");
        targets.add(
            throughput(
                6,
                "Claim then succeed, throughput of 8 workers vs. 1, "
                    + (engine ? "engine" : "JDBC"),
                Figure.Key.of(alone + side + "EightThreads", store),
                Figure.Key.of(alone + side + "OneThread", store),
                engine && store.equals("postgresql") ? 2 : 0));
      }
    }
    String large = " on shared batches of " + PairedClaimBenchmark.LARGE_BATCH;
    for (String store : JDBC_STORES) {
      targets.add(
          pairedComparison(
              6,
              "Claim then succeed" + large + ", 8 workers, engine vs. JDBC, per task",
              side -> Figure.Key.paired(claims, "eightThreadsLargeBatches", store, side)));
      for (String side : List.of(Figure.MEASURED, Figure.BASELINE)) {
        targets.add(
            throughput(
                6,
                "Claim then succeed"
                    + large
                    + ", throughput of 8 workers vs. 1, "
                    + (side.equals(Figure.MEASURED) ? "engine" : "JDBC"),
                Figure.Key.paired(claims, "eightThreadsLargeBatches", store, side),
                Figure.Key.paired(claims, "oneThreadLargeBatches", store, side),
                0));
      }
    }
    for (String store : Figure.STORES) {
      targets.add(
          figure(
              6,
              "Expiry of 10,000 expired leases, per task",
              Figure.Key.of(ExpiryBenchmark.class.getSimpleName() + ".sweepExpired", store)));
    }
  }

  private static String workers(int threads) {
    return threads + (threads == 1 ? " worker" : " workers");
  }

  /** Group 7: the same JDBC writes on the current schema against version 1 alone. */
  private static void schemaCost(List<Target> targets) {
    for (String store : JDBC_STORES) {
      for (String[] write :
          List.of(
              new String[] {"batchInsert", "Batch insert, schema version 2 vs. 1"},
              new String[] {"transition", "Transition, schema version 2 vs. 1"})) {
        targets.add(
            pairedComparison(
                7,
                write[1],
                side -> Figure.Key.paired(PairedSchemaBenchmark.class, write[0], store, side)));
      }
    }
  }
}
