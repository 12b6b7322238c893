package dev.taskengine.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@code benchmarks/run.sh} runs: prepares the data sets, runs every benchmark with JMH,
 * writes the JSON results and regenerates the report.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.taskengine.benchmarks.Run quick|full|prepare|report
 * </pre>
 *
 * <ul>
 *   <li>{@code quick}: one fork per benchmark; the figures' benchmarks two warm-up and two
 *       measurement iterations of half a second, the paired ones six warm-ups and two measurements
 *       of one second; two page depths. About thirteen minutes on two cores; the first run also
 *       builds the data sets (two to three minutes).
 *   <li>{@code full}: two forks, three (paired: five) warm-ups and five measurements of two
 *       seconds, five depths, and the SQL stores' writes measured alone as well.
 *   <li>{@code prepare}: only build (or check) the data sets.
 *   <li>{@code report}: only regenerate BENCHMARKS.md and the chart from the last results.
 * </ul>
 *
 * It runs from the repository root (the script changes there). The two embedded PostgreSQL servers
 * ({@link BenchPostgres}: the data set's, with durability off, and the write benchmarks', with
 * durable commits) are started once here, handed to the forks and stopped at the end; {@code
 * TASKENGINE_PG_URL} names one server for both instead. The run's record says what durability each
 * had, as the servers report it.
 */
public final class Run {
  private Run() {}

  /** How long a benchmark is warmed up and measured. */
  record Iterations(int warmups, Duration warmupTime, int measurements, Duration measurementTime) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d x %.1f s warm-up, %d x %.1f s measurement",
          warmups,
          warmupTime.toMillis() / 1e3,
          measurements,
          measurementTime.toMillis() / 1e3);
    }
  }

  /**
   * The settings of one mode. A paired benchmark ({@link Sides}) runs both of its sides, so each of
   * them gets half the calls; and its ratio is only as good as the warm-up of the side with more
   * code to compile (the engine), hence the longer warm-up. Claims warm up longest: a worker does a
   * few hundred claims and reports a second, each through the whole stack, and the JIT compiler was
   * seen still compiling the engine's path 15 seconds into a fork, at half a core.
   *
   * @param figures the benchmarks that give each operation's own time and percentiles
   * @param paired the benchmarks that give the ratios
   * @param claims {@link PairedClaimBenchmark} and {@link ClaimThroughputBenchmark}
   */
  record Mode(
      String name,
      int forks,
      Iterations figures,
      Iterations paired,
      Iterations claims,
      List<String> depths) {}

  static final Mode QUICK =
      new Mode(
          "quick",
          1,
          new Iterations(2, Duration.ofMillis(500), 2, Duration.ofMillis(500)),
          new Iterations(6, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)),
          new Iterations(12, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)),
          List.of("10000", "500000"));

  static final Mode FULL =
      new Mode(
          "full",
          2,
          new Iterations(3, Duration.ofSeconds(2), 5, Duration.ofSeconds(2)),
          new Iterations(5, Duration.ofSeconds(2), 5, Duration.ofSeconds(2)),
          new Iterations(15, Duration.ofSeconds(2), 5, Duration.ofSeconds(2)),
          List.of("1000", "10000", "100000", "250000", "500000"));

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: Run quick|full|prepare|report [--started <epoch seconds>]");
      System.exit(2);
    }
    Path root = Path.of("").toAbsolutePath();
    Path results = root.resolve("benchmarks/results");
    Instant started = Instant.now();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (args[i].equals("--started")) {
        started = Instant.ofEpochSecond(Long.parseLong(args[i + 1]));
      }
    }
    switch (args[0]) {
      case "prepare" -> {
        prepare();
        Bench.postgres(BenchPostgres.Role.DATA_SET).close();
      }
      case "report" ->
          Log.info("%d target(s) not met", Report.write(root, results, latestMode(results)));
      case "quick" -> run(QUICK, root, results, started);
      case "full" -> run(FULL, root, results, started);
      default -> {
        System.err.println("unknown mode " + args[0] + "; use quick, full, prepare or report");
        System.exit(2);
      }
    }
  }

  private static String latestMode(Path results) throws IOException {
    Path quick = results.resolve("quick-run.json");
    Path full = results.resolve("full-run.json");
    if (Files.exists(full)
        && (!Files.exists(quick)
            || Files.getLastModifiedTime(full).compareTo(Files.getLastModifiedTime(quick)) > 0)) {
      return "full";
    }
    return "quick";
  }

  /**
   * One JMH invocation: the benchmarks whose names match {@code include}, on one store.
   *
   * @param include a regular expression over the benchmarks' full names
   * @param store the value of every benchmark's {@code store} parameter
   * @param pairs the values of {@link PairedReadBenchmark}'s {@code pair} parameter, if it runs
   */
  record Step(String include, String store, List<String> pairs) {
    /** The iterations of this step in {@code mode}. */
    Iterations iterations(Mode mode) {
      if (include.contains("Claim")) {
        return mode.claims();
      }
      return include.contains("Paired") ? mode.paired() : mode.figures();
    }
  }

  /**
   * What a run measures, one store after the other. Each ratio of the report comes from a paired
   * benchmark ({@link Sides}), which measures both of its sides in one fork, call for call; the
   * other benchmarks give each operation's own time and percentiles. {@code full} also measures the
   * SQL stores' writes alone (the paired benchmark already gives their means).
   */
  static List<Step> steps(Mode mode) {
    List<Step> steps = new ArrayList<>();
    for (String store : List.of("memory", "sqlite", "postgresql")) {
      boolean memory = store.equals("memory");
      steps.add(new Step(only("ReadBenchmark"), store, List.of()));
      steps.add(new Step(only("DepthBenchmark"), store, List.of()));
      steps.add(
          new Step(
              only("PairedReadBenchmark"),
              store,
              memory
                  ? List.of("deepVsFirst", "twoVsOneStatus", "statusVsFirst")
                  : List.of(
                      "firstPage", "deepPage", "statusPage", "deepVsFirst", "twoVsOneStatus")));
      if (!memory) {
        steps.add(new Step(only("PairedWriteBenchmark"), store, List.of()));
        steps.add(new Step(only("PairedClaimBenchmark"), store, List.of()));
        steps.add(new Step(only("ClaimThroughputBenchmark"), store, List.of()));
        steps.add(new Step(only("PairedSchemaBenchmark"), store, List.of()));
      }
      if (memory || mode == FULL) {
        steps.add(new Step(only("WriteBenchmark"), store, List.of()));
      }
      steps.add(new Step(only("ExpiryBenchmark"), store, List.of()));
    }
    return steps;
  }

  /** A regular expression matching every benchmark method of one class. */
  private static String only(String benchmarkClass) {
    return "^dev\\.taskengine\\.benchmarks\\." + benchmarkClass + "\\.";
  }

  /** Builds the SQLite and the PostgreSQL data set side by side, unless they are current. */
  static Map<String, String> prepare() {
    DatasetPlan plan = Bench.plan();
    Path directory = Bench.datasetsDirectory();
    long begin = System.nanoTime();
    CompletableFuture<Path> sqlite =
        CompletableFuture.supplyAsync(() -> SqliteDataset.ensure(directory, plan));
    CompletableFuture<String> postgres =
        CompletableFuture.supplyAsync(
            () -> PostgresDataset.ensure(Bench.postgres(BenchPostgres.Role.DATA_SET), plan));
    sqlite.join();
    postgres.join();
    Log.info("data sets ready in %.1f s", (System.nanoTime() - begin) / 1e9);
    return SqliteDataset.facts(sqlite.join());
  }

  private static void run(Mode mode, Path root, Path results, Instant started)
      throws RunnerException, IOException {
    Files.createDirectories(results);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("mode", mode.name());
    meta.put("startedAt", started.toString());
    meta.put("loadBefore", Machine.loadAverage());
    long prepareStart = System.nanoTime();
    Map<String, String> facts = prepare();
    meta.put("prepareSeconds", (System.nanoTime() - prepareStart) / 1e9);
    meta.put("dataset", facts);
    // Only what a fork cannot know by itself: an external server comes from the same
    // TASKENGINE_PG_* environment (so no password lands in the results), an embedded one from here.
    List<String> forkArguments = new ArrayList<>();
    forkArguments.add("-D" + Bench.DIR_PROPERTY + "=" + Bench.datasetsDirectory());
    forkArguments.add("-D" + Dataset.SCALE_PROPERTY + "=" + Bench.plan().dataset().name());
    Map<String, Object> durability = new LinkedHashMap<>();
    List<BenchPostgres> servers = new ArrayList<>();
    for (BenchPostgres.Role role : BenchPostgres.Role.values()) {
      BenchPostgres server = Bench.postgres(role);
      servers.add(server);
      if (server.isEmbedded()) {
        forkArguments.add("-D" + role.urlProperty() + "=" + server.url());
      }
      durability.put(role.key(), server.durability());
    }
    meta.put("postgresql", durability);
    Path json = results.resolve(mode.name() + ".json");
    List<RunResult> measured = new ArrayList<>();
    long jmhStart = System.nanoTime();
    try {
      for (Step step : steps(mode)) {
        Iterations iterations = step.iterations(mode);
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include(step.include())
                .param("store", step.store())
                .forks(mode.forks())
                .warmupIterations(iterations.warmups())
                .warmupTime(TimeValue.milliseconds(iterations.warmupTime().toMillis()))
                .measurementIterations(iterations.measurements())
                .measurementTime(TimeValue.milliseconds(iterations.measurementTime().toMillis()))
                .param("depth", mode.depths().toArray(String[]::new))
                // Prepended: the heap of each class's @Fork(jvmArgsAppend) still applies.
                .jvmArgsPrepend(forkArguments.toArray(String[]::new))
                .shouldFailOnError(true);
        if (!step.pairs().isEmpty()) {
          options.param("pair", step.pairs().toArray(String[]::new));
        }
        measured.addAll(new Runner(options.build()).run());
      }
    } finally {
      // What was measured before a failing step still lands on disk, and the report marks the
      // rest missing.
      ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(measured);
    }
    meta.put("jmhSeconds", (System.nanoTime() - jmhStart) / 1e9);
    meta.put("loadAfter", Machine.loadAverage());
    meta.put("finishedAt", Instant.now().toString());
    meta.put("wallSeconds", Duration.between(started, Instant.now()).toMillis() / 1e3);
    meta.put("machine", Machine.describe());
    meta.put(
        "settings",
        String.format(
            Locale.ROOT,
            "%d fork(s); figures: %s, sample time; paired ratios: %s, average time; claims: %s,"
                + " average time",
            mode.forks(),
            mode.figures(),
            mode.paired(),
            mode.claims()));
    try {
      Files.writeString(
          results.resolve(mode.name() + "-run.json"),
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(meta));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    servers.forEach(BenchPostgres::close);
    Log.info("%d target(s) not met", Report.write(root, results, mode.name()));
  }
}
