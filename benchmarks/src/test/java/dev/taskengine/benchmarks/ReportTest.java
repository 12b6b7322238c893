package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "dev.taskengine.benchmarks.";
  private static final List<String> STORES = List.of("memory", "sqlite", "postgresql");
  private static final List<String> JDBC_STORES = List.of("sqlite", "postgresql");
  private static final List<String> DEPTHS = List.of("10000", "100000", "500000");

  @TempDir Path root;

  /** A run that meets every target: the engine within 10% of JDBC, flat deep pages. */
  private static Map<String, Double> passingRun() {
    Map<String, Double> means = new LinkedHashMap<>();
    for (String store : STORES) {
      double base = store.equals("memory") ? 40 : 400;
      put(means, "ReadBenchmark.firstPage", store, base);
      put(means, "ReadBenchmark.statusPage", store, base * 1.5);
      put(means, "ReadBenchmark.twoStatusPage", store, base * 2.5);
      put(means, "ReadBenchmark.childrenPage", store, base);
      put(means, "ReadBenchmark.idsPage", store, base);
      put(means, "ReadBenchmark.cappedCount", store, base * 4);
      put(means, "ReadBenchmark.offsetCapPage", store, base * 20);
      for (String depth : DEPTHS) {
        double factor = Long.parseLong(depth) / 10_000.0;
        put(means, "DepthBenchmark.keysetPage", store + "@" + depth, base * 1.1);
        put(means, "DepthBenchmark.offsetPage", store + "@" + depth, base * 10 * factor);
      }
      put(means, "WriteBenchmark.transition", store, base * 2);
      put(means, "WriteBenchmark.transitionTwoThreads", store, base * 3);
      put(means, "WriteBenchmark.batchInsert", store, base * 50);
      put(means, "ExpiryBenchmark.sweepExpired", store, base / 8);
      if (!store.equals("memory")) {
        // Per task: twice the time at eight threads as at one, so four times the throughput.
        put(means, THROUGHPUT + "engineOneThread", store, 1_000);
        put(means, THROUGHPUT + "engineEightThreads", store, 2_000);
        put(means, THROUGHPUT + "jdbcOneThread", store, 800);
        put(means, THROUGHPUT + "jdbcEightThreads", store, 1_600);
      }
    }
    return means;
  }

  /**
   * The paired benchmarks of a run meeting every target: key "Class.method|store" or
   * "Class.method|store#pair", value the measured side's and the baseline's mean.
   */
  private static Map<String, double[]> passingPairs() {
    Map<String, double[]> pairs = new LinkedHashMap<>();
    for (String store : JDBC_STORES) {
      pairs.put(PAIRED_READ + store + "#firstPage", new double[] {400, 400 / 1.1});
      pairs.put(PAIRED_READ + store + "#deepPage", new double[] {440, 440 / 1.1});
      pairs.put(PAIRED_READ + store + "#statusPage", new double[] {600, 600 / 1.1});
      pairs.put("PairedWriteBenchmark.transition|" + store, new double[] {800, 800 / 1.1});
      pairs.put(
          "PairedWriteBenchmark.transitionTwoThreads|" + store, new double[] {1200, 1200 / 1.1});
      pairs.put("PairedWriteBenchmark.batchInsert|" + store, new double[] {20_000, 20_000 / 1.1});
    }
    for (String store : STORES) {
      double base = store.equals("memory") ? 40 : 400;
      pairs.put(PAIRED_READ + store + "#deepVsFirst", new double[] {base * 1.1, base});
      pairs.put(PAIRED_READ + store + "#twoVsOneStatus", new double[] {base * 2.5, base * 1.5});
    }
    pairs.put(PAIRED_READ + "memory#statusVsFirst", new double[] {60, 40});
    for (String store : JDBC_STORES) {
      // Per task: twice the time at eight threads as at one, so four times the throughput.
      pairs.put(CLAIM + "oneThread|" + store, new double[] {1_000, 1_000 / 1.2});
      pairs.put(CLAIM + "twoThreads|" + store, new double[] {1_100, 1_100 / 1.2});
      pairs.put(CLAIM + "fourThreads|" + store, new double[] {1_500, 1_500 / 1.2});
      pairs.put(CLAIM + "eightThreads|" + store, new double[] {2_000, 2_000 / 1.2});
      pairs.put(CLAIM + "oneThreadLargeBatches|" + store, new double[] {1_000, 1_000 / 1.2});
      pairs.put(CLAIM + "eightThreadsLargeBatches|" + store, new double[] {6_400, 6_400 / 1.3});
      pairs.put("PairedSchemaBenchmark.batchInsert|" + store, new double[] {22_000, 20_000});
      pairs.put("PairedSchemaBenchmark.transition|" + store, new double[] {1_010, 1_000});
    }
    return pairs;
  }

  private static final String CLAIM = "PairedClaimBenchmark.";

  private static final String THROUGHPUT = "ClaimThroughputBenchmark.";

  /** The worker threads of a benchmark method, from its name as the benchmarks spell it. */
  private static int threads(String method) {
    String name = method.toLowerCase(java.util.Locale.ROOT);
    return name.contains("eightthreads")
        ? 8
        : name.contains("fourthreads") ? 4 : name.contains("twothreads") ? 2 : 1;
  }

  private static final String PAIRED_READ = "PairedReadBenchmark.interleaved|";

  private static void put(Map<String, Double> means, String benchmark, String params, double mean) {
    means.put(benchmark + "|" + params, mean);
  }

  private void writeResults(Map<String, Double> means) throws IOException {
    writeResults(means, passingPairs());
  }

  /**
   * Writes the JMH JSON of these means (key "Class.method|store" or "Class.method|store@depth").
   */
  private void writeResults(Map<String, Double> means, Map<String, double[]> pairs)
      throws IOException {
    Path results = root.resolve("benchmarks/results");
    Files.createDirectories(results);
    ArrayNode entries = JSON.createArrayNode();
    for (Map.Entry<String, Double> mean : means.entrySet()) {
      String[] name = mean.getKey().split("\\|");
      String[] params = name[1].split("@");
      ObjectNode entry = entries.addObject();
      entry.put("jmhVersion", "1.37");
      entry.put("benchmark", PACKAGE + name[0]);
      entry.put("mode", "sample");
      entry.put("threads", threads(name[0]));
      entry.put("forks", 1);
      ObjectNode paramNode = entry.putObject("params");
      if (params.length > 1) {
        paramNode.put("depth", params[1]);
      }
      paramNode.put("store", params[0]);
      ObjectNode metric = entry.putObject("primaryMetric");
      metric.put("score", mean.getValue());
      metric.put("scoreError", mean.getValue() / 20);
      metric.putArray("scoreConfidence").add(mean.getValue() * 0.95).add(mean.getValue() * 1.05);
      ObjectNode percentiles = metric.putObject("scorePercentiles");
      percentiles.put("0.0", mean.getValue() / 2);
      percentiles.put("50.0", mean.getValue() * 0.9);
      percentiles.put("99.0", mean.getValue() * 3);
      percentiles.put("100.0", mean.getValue() * 10);
      metric.put("scoreUnit", "us/op");
    }
    for (Map.Entry<String, double[]> pair : pairs.entrySet()) {
      String[] name = pair.getKey().split("[|#]");
      ObjectNode entry = entries.addObject();
      entry.put("benchmark", PACKAGE + name[0]);
      entry.put("mode", "avgt");
      entry.put("threads", threads(name[0]));
      ObjectNode paramNode = entry.putObject("params");
      if (name.length > 2) {
        paramNode.put("pair", name[2]);
      }
      paramNode.put("store", name[1]);
      double measured = pair.getValue()[0];
      double baseline = pair.getValue()[1];
      entry.putObject("primaryMetric").put("score", measured + baseline).put("scoreUnit", "us/op");
      ObjectNode sides = entry.putObject("secondaryMetrics");
      // Two iterations of 1,000 calls a side; the counters are per iteration, in nanoseconds.
      counter(sides, "measuredCalls", 1_000, 1_000);
      counter(sides, "measuredNanos", measured * 1e6, measured * 1e6);
      counter(sides, "baselineCalls", 1_000, 1_000);
      counter(sides, "baselineNanos", baseline * 1e6, baseline * 1e6);
    }
    JSON.writeValue(results.resolve("quick.json").toFile(), entries);

    ObjectNode meta = JSON.createObjectNode();
    meta.put("mode", "quick");
    meta.put("startedAt", "2025-06-01T10:00:00Z");
    meta.put("loadBefore", "0.10 0.20 0.30");
    meta.put("prepareSeconds", 12.5);
    meta.putObject("dataset").put("tasks.all", "2000000").put("tasks.main", "1000000");
    meta.put("jmhSeconds", 540.2);
    meta.put("loadAfter", "1.90 1.80 1.70");
    meta.put("finishedAt", "2025-06-01T10:09:33Z");
    meta.put("wallSeconds", 573.4);
    meta.putObject("machine")
        .put("cpu", "Test CPU")
        .put("cores", "2")
        .put("memory", "8.0 GiB")
        .put("jdk", "OpenJDK 17")
        .put("os", "Linux");
    meta.put("settings", "1 fork(s), 1 x 1 s warm-up, 2 x 1 s measurement, sample time");
    ObjectNode postgresql = meta.putObject("postgresql");
    postgresql
        .putObject("dataSet")
        .put("server", "embedded")
        .put("fsync", "off")
        .put("synchronous_commit", "off");
    postgresql
        .putObject("writes")
        .put("server", "embedded")
        .put("fsync", "on")
        .put("synchronous_commit", "on");
    JSON.writeValue(results.resolve("quick-run.json").toFile(), meta);
  }

  private static void counter(ObjectNode sides, String name, double first, double second) {
    ObjectNode counter = sides.putObject(name);
    counter.put("score", first + second).put("scoreUnit", "#");
    counter.putArray("rawData").addArray().add(first).add(second);
  }

  private int report() throws IOException {
    return Report.write(root, root.resolve("benchmarks/results"), "quick");
  }

  private String markdown() throws IOException {
    return Files.readString(root.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8);
  }

  /** The targets-table row of this description and store. */
  private String targetRow(String description, String store) throws IOException {
    List<String> rows =
        markdown()
            .lines()
            .filter(line -> line.contains("| " + description + " | " + store + " |"))
            .toList();
    assertThat(rows).as("rows of %s on %s", description, store).hasSize(1);
    return rows.get(0);
  }

  @Test
  void runWithinEveryLimitMeetsEveryTarget() throws IOException {
    writeResults(passingRun());

    assertThat(report()).isZero();

    String markdown = markdown();
    assertThat(markdown)
        .contains("# Benchmarks")
        .contains("**29 of 29 targets met.**")
        .contains("Test CPU")
        .contains("2025-06-01 10:00 UTC")
        .contains("before 0.10 0.20 0.30; after 1.90 1.80 1.70")
        .contains("9 min 33 s")
        .contains("| `tasks.all` | 2,000,000 |")
        .doesNotContain("**not met**")
        .doesNotContain("| **missing** |");
    assertThat(targetRow("First page, engine vs. JDBC", "sqlite"))
        .contains("1.10×")
        .contains("≤ 1.3×")
        .contains("**met**");
    assertThat(targetRow("First page, absolute", "memory")).contains("40.0 µs").contains("**met**");
    assertThat(targetRow("Deep page by OFFSET vs. first page", "postgresql"))
        .contains("| 500× |")
        .contains("*for comparison*");
    assertThat(markdown)
        .contains(
            "| `DepthBenchmark.offsetPage` | postgresql | 500,000 | 1 | 200,000 | 10,000 |"
                + " 180,000 | 600,000 |")
        .contains(
            "| `WriteBenchmark.transitionTwoThreads` | memory | — | 2 | 120 | 6.00 | 108 | 360 |");
  }

  @Test
  void reportSaysWhatACommitCostsOnEachPostgresqlServer() throws IOException {
    writeResults(passingRun());

    report();

    assertThat(markdown())
        .contains(
            "PostgreSQL write figures (claims, expiry, writes, schema cost) run on an embedded"
                + " server of their own with `fsync=on`, `synchronous_commit=on`, and the read"
                + " figures on the data-set server with `fsync=off`, `synchronous_commit=off`.")
        .doesNotContain("did not record");
  }

  @Test
  void runThatDidNotRecordDurabilitySaysSo() throws IOException {
    writeResults(passingRun());
    Path metaFile = root.resolve("benchmarks/results/quick-run.json");
    ObjectNode meta = (ObjectNode) JSON.readTree(metaFile.toFile());
    meta.remove("postgresql");
    JSON.writeValue(metaFile.toFile(), meta);

    report();

    assertThat(markdown())
        .contains("This run did not record its PostgreSQL servers' durability")
        .doesNotContain("`fsync=");
  }

  @Test
  void claimTargetsCompareTheEngineWithJdbcPerTaskAndEightWorkersWithOne() throws IOException {
    writeResults(passingRun());

    assertThat(report()).isZero();

    assertThat(targetRow("Claim then succeed, 8 workers, engine vs. JDBC, per task", "postgresql"))
        .contains("`PairedClaimBenchmark.eightThreads:measured` 2,000 µs")
        .contains("| 1.20× | ≤ 1.5× | **met** |");
    assertThat(targetRow("Claim then succeed, throughput of 8 workers vs. 1, engine", "postgresql"))
        .contains("`ClaimThroughputBenchmark.engineEightThreads` 4,000 per s (8 threads)")
        .contains("`ClaimThroughputBenchmark.engineOneThread` 1,000 per s (1 thread)")
        .contains("| 4.00× | ≥ 2× | **met** |");
    assertThat(targetRow("Claim then succeed, throughput of 8 workers vs. 1, engine", "sqlite"))
        .contains("*for comparison*");
    assertThat(targetRow("Claim then succeed, throughput of 8 workers vs. 1, JDBC", "postgresql"))
        .contains("| 4.00× |")
        .contains("*for comparison*");
    assertThat(
            targetRow(
                "Claim then succeed on shared batches of 100, throughput of 8 workers vs. 1, engine",
                "postgresql"))
        .contains("| 1.25× | — | *for comparison* |");
    assertThat(
            targetRow(
                "Claim then succeed on shared batches of 100, 8 workers, engine vs. JDBC, per task",
                "sqlite"))
        .contains("| 1.30× | — | *for comparison* |");
    assertThat(targetRow("Expiry of 10,000 expired leases, per task", "postgresql"))
        .contains("| 50.0 µs | — | *for comparison* |");
  }

  @Test
  void eightWorkersLessThanTwiceAsFastAsOneIsNotMet() throws IOException {
    Map<String, Double> means = passingRun();
    // 8 threads at 5,333 µs a task each: 1,500 tasks a second against 1,000 from one thread.
    put(means, THROUGHPUT + "engineEightThreads", "postgresql", 8_000 / 1.5);
    writeResults(means);

    assertThat(report()).isEqualTo(1);

    assertThat(targetRow("Claim then succeed, throughput of 8 workers vs. 1, engine", "postgresql"))
        .contains("| 1.50× | ≥ 2× | **not met** |");
    assertThat(markdown()).contains("**28 of 29 targets met.**");
  }

  @Test
  void whatSchemaVersionTwoCostsIsReportedInFiguresAndWords() throws IOException {
    writeResults(passingRun());

    report();

    assertThat(markdown())
        .contains("## What schema version 2 costs")
        .contains("| sqlite | Batch insert | 22,000 µs | 20,000 µs | +10.0% |")
        .contains("| postgresql | Transition | 1,010 µs | 1,000 µs | +1.0% |")
        .contains(
            "In words: version 2 costs a batch insert +10.0% on SQLite and +10.0% on PostgreSQL,"
                + " and a transition +1.0% on SQLite and +1.0% on PostgreSQL");
    assertThat(targetRow("Transition, schema version 2 vs. 1", "sqlite"))
        .contains("| 1.01× | — | *for comparison* |");
  }

  @Test
  void twoStatusPageThreeTimesTheStatusPageIsNotMet() throws IOException {
    Map<String, double[]> pairs = passingPairs();
    pairs.put(PAIRED_READ + "sqlite#twoVsOneStatus", new double[] {1_800, 600});
    writeResults(passingRun(), pairs);

    assertThat(report()).isEqualTo(1);

    assertThat(targetRow("Two statuses vs. one status", "sqlite"))
        .contains("3.00×")
        .contains("≤ 2×")
        .contains("**not met**");
    assertThat(targetRow("Two statuses vs. one status", "postgresql")).contains("**met**");
    assertThat(markdown()).contains("**28 of 29 targets met.**");
  }

  @Test
  void ratioJustOverItsLimitIsShownWithEnoughDecimalsToSeeIt() throws IOException {
    Map<String, double[]> pairs = passingPairs();
    pairs.put(PAIRED_READ + "postgresql#firstPage", new double[] {1.3004 * 400 / 1.1, 400 / 1.1});
    writeResults(passingRun(), pairs);

    report();

    assertThat(targetRow("First page, engine vs. JDBC", "postgresql"))
        .contains("1.3004×")
        .contains("**not met**");
  }

  @Test
  void missingBenchmarkIsReportedAsMissingAndNotMet() throws IOException {
    Map<String, double[]> pairs = passingPairs();
    pairs.remove("PairedWriteBenchmark.batchInsert|postgresql");
    pairs.remove(PAIRED_READ + "memory#deepVsFirst");
    writeResults(passingRun(), pairs);

    // batch insert on postgresql, deep vs. first page on memory: two targets lost
    assertThat(report()).isEqualTo(2);

    assertThat(targetRow("Batch insert, engine vs. JDBC", "postgresql"))
        .contains("`PairedWriteBenchmark.batchInsert:measured` **missing**")
        .endsWith("| **missing** |");
    assertThat(targetRow("Deep page vs. first page", "memory")).endsWith("| **missing** |");
    assertThat(markdown()).contains("**27 of 29 targets met (2 missing).**");
  }

  @Test
  void chartIsAnSvgLinkedFromTheReport() throws IOException {
    Map<String, Double> means = passingRun();
    // only one depth left for memory's keyset line: still drawn
    means.remove("DepthBenchmark.keysetPage|memory@10000");
    means.remove("DepthBenchmark.keysetPage|memory@100000");
    writeResults(means);

    report();

    Path chart = root.resolve("benchmarks/results/quick-depth.svg");
    assertThat(chart).exists();
    String svg = Files.readString(chart, StandardCharsets.UTF_8);
    assertThat(svg.startsWith("<?xml") || svg.contains("<svg")).isTrue();
    assertThat(markdown()).contains("](benchmarks/results/quick-depth.svg)");
  }

  @Test
  void runWithoutDepthFiguresHasNoChart() throws IOException {
    Map<String, Double> means = passingRun();
    means.keySet().removeIf(key -> key.startsWith("DepthBenchmark."));
    writeResults(means);

    report();

    assertThat(root.resolve("benchmarks/results/quick-depth.svg")).doesNotExist();
    assertThat(markdown()).contains("no `DepthBenchmark` figures").doesNotContain("](benchmarks");
  }
}
