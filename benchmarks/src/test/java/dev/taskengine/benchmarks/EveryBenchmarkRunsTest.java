package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every step of {@code benchmarks/run.sh full} on the tiny data set, inside this JVM, for a
 * few milliseconds each: a benchmark whose setup finds a wrong data set, whose pair of sides
 * disagree on the tasks they read, or whose method throws fails the build, and so does a step that
 * selects nothing. Nothing about time is asserted; the figures come from {@code run.sh}.
 */
@Slow
class EveryBenchmarkRunsTest {
  @TempDir static Path datasets;

  @BeforeAll
  static void tinyDataSet() {
    System.setProperty(Dataset.SCALE_PROPERTY, "tiny");
    System.setProperty(Bench.DIR_PROPERTY, datasets.toString());
  }

  @AfterAll
  static void stopPostgres() {
    for (BenchPostgres.Role role : BenchPostgres.Role.values()) {
      Bench.postgres(role).close();
    }
  }

  @Test
  void everyStepOfAFullRunRunsEveryBenchmarkMethodItSelects() throws Exception {
    List<RunResult> results = new ArrayList<>();
    for (Run.Step step : Run.steps(Run.FULL)) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(step.include())
              .param("store", step.store())
              .param("depth", "1000", "500000")
              .forks(0)
              .warmupIterations(0)
              .measurementIterations(1)
              .measurementTime(TimeValue.milliseconds(20))
              .shouldFailOnError(true);
      if (!step.pairs().isEmpty()) {
        options.param("pair", step.pairs().toArray(String[]::new));
      }
      List<RunResult> ran = new ArrayList<>(new Runner(options.build()).run());
      assertThat(ran).as("benchmarks selected by %s", step).isNotEmpty();
      results.addAll(ran);
    }

    Set<String> ran = new TreeSet<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String name = benchmark.substring("dev.taskengine.benchmarks.".length());
      String pair = result.getParams().getParam("pair");
      String depth = result.getParams().getParam("depth");
      ran.add(
          name
              + " "
              + result.getParams().getParam("store")
              + (depth == null ? "" : " " + depth)
              + (pair == null ? "" : " " + pair));
      Result<?> primary = result.getPrimaryResult();
      assertThat(primary.getSampleCount()).as(name).isPositive();
      if (name.startsWith("Paired")) {
        // Both sides of a pair ran and were timed.
        assertThat(result.getSecondaryResults().get("measuredCalls").getScore()).isPositive();
        assertThat(result.getSecondaryResults().get("baselineCalls").getScore()).isPositive();
        assertThat(result.getSecondaryResults().get("measuredNanos").getScore()).isPositive();
        assertThat(result.getSecondaryResults().get("baselineNanos").getScore()).isPositive();
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String store : List.of("memory", "sqlite", "postgresql")) {
      for (String method :
          List.of(
              "firstPage",
              "statusPage",
              "twoStatusPage",
              "childrenPage",
              "idsPage",
              "cappedCount",
              "offsetCapPage")) {
        expected.add("ReadBenchmark." + method + " " + store);
      }
      for (String depth : List.of("1000", "500000")) {
        expected.add("DepthBenchmark.keysetPage " + store + " " + depth);
        expected.add("DepthBenchmark.offsetPage " + store + " " + depth);
      }
      for (String method : List.of("transition", "transitionTwoThreads", "batchInsert")) {
        expected.add("WriteBenchmark." + method + " " + store);
        if (!store.equals("memory")) {
          expected.add("PairedWriteBenchmark." + method + " " + store);
        }
      }
      if (!store.equals("memory")) {
        for (String method :
            List.of(
                "oneThread",
                "twoThreads",
                "fourThreads",
                "eightThreads",
                "oneThreadLargeBatches",
                "eightThreadsLargeBatches")) {
          expected.add("PairedClaimBenchmark." + method + " " + store);
        }
        for (String method :
            List.of("engineOneThread", "engineEightThreads", "jdbcOneThread", "jdbcEightThreads")) {
          expected.add("ClaimThroughputBenchmark." + method + " " + store);
        }
        for (String method : List.of("transition", "batchInsert")) {
          expected.add("PairedSchemaBenchmark." + method + " " + store);
        }
      }
      expected.add("ExpiryBenchmark.sweepExpired " + store);
      List<String> pairs =
          store.equals("memory")
              ? List.of("deepVsFirst", "twoVsOneStatus", "statusVsFirst")
              : List.of("firstPage", "deepPage", "statusPage", "deepVsFirst", "twoVsOneStatus");
      for (String pair : pairs) {
        expected.add("PairedReadBenchmark.interleaved " + store + " " + pair);
      }
    }
    assertThat(ran).isEqualTo(expected);
  }
}
