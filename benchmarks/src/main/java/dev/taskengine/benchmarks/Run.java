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
 *   <li>{@code quick}: one fork per benchmark, two warm-up and two measurement iterations of one
 *       second, two page depths; under ten minutes on two cores, data sets included.
 *   <li>{@code full}: two forks, three warm-ups and five measurements of two seconds, five depths.
 *   <li>{@code prepare}: only build (or check) the data sets.
 *   <li>{@code report}: only regenerate BENCHMARKS.md and the chart from the last results.
 * </ul>
 *
 * It runs from the repository root (the script changes there). The embedded PostgreSQL is started
 * once here and handed to the forks; {@code TASKENGINE_PG_URL} names another one instead.
 */
public final class Run {
  private Run() {}

  /** The settings of one mode. */
  record Mode(
      String name,
      int forks,
      int warmups,
      Duration warmupTime,
      int measurements,
      Duration measurementTime,
      List<String> depths) {}

  static final Mode QUICK =
      new Mode(
          "quick",
          1,
          2,
          Duration.ofSeconds(1),
          2,
          Duration.ofSeconds(1),
          List.of("10000", "500000"));

  static final Mode FULL =
      new Mode(
          "full",
          2,
          3,
          Duration.ofSeconds(2),
          5,
          Duration.ofSeconds(2),
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
        Bench.postgres().close();
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
   * One JMH invocation: benchmarks whose names match {@code include}, on one store.
   *
   * @param include a regular expression over the benchmarks' full names
   * @param store the value of every benchmark's {@code store} parameter
   */
  record Step(String include, String store) {}

  /**
   * What a run measures, in order. The machines this runs on are shared and their speed drifts over
   * minutes, so the two sides of each ratio are measured back to back: one store at a time, and
   * each engine benchmark in the same JMH invocation as its hand-written twin (JMH runs an
   * invocation's benchmarks in name order, so {@code JdbcReadBenchmark.firstPage} runs just before
   * {@code ReadBenchmark.firstPage}).
   */
  static List<Step> steps() {
    String pkg = "^dev\\.taskengine\\.benchmarks\\.";
    List<Step> steps = new ArrayList<>();
    for (String store : List.of("memory", "sqlite", "postgresql")) {
      // The memory store has no hand-written twin: JDBC baselines are for the SQL stores.
      String jdbc = store.equals("memory") ? "" : "(Jdbc)?";
      for (String include :
          List.of(
              pkg + jdbc + "ReadBenchmark\\.firstPage$",
              pkg + jdbc + "ReadBenchmark\\.statusPage$|" + pkg + "ReadBenchmark\\.twoStatusPage$",
              pkg
                  + "DepthBenchmark\\.keysetPage$"
                  + (store.equals("memory") ? "" : "|" + pkg + "JdbcReadBenchmark\\.deepPage$"),
              pkg + "DepthBenchmark\\.offsetPage$",
              pkg + "ReadBenchmark\\.(childrenPage|idsPage|cappedCount|offsetCapPage)$",
              pkg + jdbc + "WriteBenchmark\\.transition$",
              pkg + jdbc + "WriteBenchmark\\.transitionTwoThreads$",
              pkg + jdbc + "WriteBenchmark\\.batchInsert$")) {
        steps.add(new Step(include, store));
      }
    }
    return steps;
  }

  /** Builds the SQLite and the PostgreSQL data set side by side, unless they are current. */
  static Map<String, String> prepare() {
    DatasetPlan plan = Bench.plan();
    Path directory = Bench.datasetsDirectory();
    long begin = System.nanoTime();
    CompletableFuture<Path> sqlite =
        CompletableFuture.supplyAsync(() -> SqliteDataset.ensure(directory, plan));
    CompletableFuture<String> postgres =
        CompletableFuture.supplyAsync(() -> PostgresDataset.ensure(Bench.postgres(), plan));
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
    BenchPostgres postgres = Bench.postgres();
    List<String> forkArguments = new ArrayList<>();
    forkArguments.add("-D" + Bench.DIR_PROPERTY + "=" + Bench.datasetsDirectory());
    forkArguments.add("-D" + Dataset.SCALE_PROPERTY + "=" + Bench.plan().dataset().name());
    forkArguments.add("-D" + BenchPostgres.URL_PROPERTY + "=" + postgres.url());
    if (postgres.user() != null) {
      forkArguments.add("-D" + BenchPostgres.USER_PROPERTY + "=" + postgres.user());
    }
    if (postgres.password() != null) {
      forkArguments.add("-D" + BenchPostgres.PASSWORD_PROPERTY + "=" + postgres.password());
    }
    Path json = results.resolve(mode.name() + ".json");
    List<RunResult> measured = new ArrayList<>();
    long jmhStart = System.nanoTime();
    for (Step step : steps()) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(step.include())
              .param("store", step.store())
              .forks(mode.forks())
              .warmupIterations(mode.warmups())
              .warmupTime(TimeValue.milliseconds(mode.warmupTime().toMillis()))
              .measurementIterations(mode.measurements())
              .measurementTime(TimeValue.milliseconds(mode.measurementTime().toMillis()))
              .param("depth", mode.depths().toArray(String[]::new))
              .jvmArgsAppend(forkArguments.toArray(String[]::new))
              .shouldFailOnError(true);
      measured.addAll(new Runner(options.build()).run());
    }
    ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(measured);
    meta.put("jmhSeconds", (System.nanoTime() - jmhStart) / 1e9);
    meta.put("loadAfter", Machine.loadAverage());
    meta.put("finishedAt", Instant.now().toString());
    meta.put("wallSeconds", Duration.between(started, Instant.now()).toMillis() / 1e3);
    meta.put("machine", Machine.describe());
    meta.put(
        "settings",
        String.format(
            Locale.ROOT,
            "%d fork(s), %d x %d s warm-up, %d x %d s measurement, sample time",
            mode.forks(),
            mode.warmups(),
            mode.warmupTime().toSeconds(),
            mode.measurements(),
            mode.measurementTime().toSeconds()));
    try {
      Files.writeString(
          results.resolve(mode.name() + "-run.json"),
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(meta));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres.close();
    Log.info("%d target(s) not met", Report.write(root, results, mode.name()));
  }
}
