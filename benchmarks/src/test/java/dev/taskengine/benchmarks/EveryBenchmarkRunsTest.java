package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark method once, on every store, on the tiny data set, inside this JVM: a
 * benchmark whose setup finds a wrong data set, or whose method throws, fails the build. Nothing
 * about time is asserted; the figures come from {@code benchmarks/run.sh}.
 */
class EveryBenchmarkRunsTest {
  @TempDir static Path datasets;

  @BeforeAll
  static void tinyDataSet() {
    System.setProperty(Dataset.SCALE_PROPERTY, "tiny");
    System.setProperty(Bench.DIR_PROPERTY, datasets.toString());
  }

  @AfterAll
  static void stopPostgres() {
    Bench.postgres().close();
  }

  @Test
  void everyBenchmarkMethodRunsOnEveryStore() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(ReadBenchmark.class.getSimpleName())
                    .include(DepthBenchmark.class.getSimpleName())
                    .include(JdbcReadBenchmark.class.getSimpleName())
                    .include(WriteBenchmark.class.getSimpleName())
                    .include(JdbcWriteBenchmark.class.getSimpleName())
                    .forks(0)
                    .mode(Mode.SingleShotTime)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .param("depth", "1000", "500000")
                    .shouldFailOnError(true)
                    .build())
            .run();

    Set<String> ran = new TreeSet<>();
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getSampleCount()).isPositive();
      String benchmark = result.getParams().getBenchmark();
      String store = result.getParams().getParam("store");
      String depth = result.getParams().getParam("depth");
      ran.add(
          benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1)
              + " "
              + store
              + (depth == null ? "" : " " + depth));
    }
    Set<String> expected = new TreeSet<>();
    for (String store : Set.of("memory", "sqlite", "postgresql")) {
      for (String method :
          Set.of(
              "firstPage",
              "statusPage",
              "twoStatusPage",
              "childrenPage",
              "idsPage",
              "cappedCount",
              "offsetCapPage")) {
        expected.add("ReadBenchmark." + method + " " + store);
      }
      for (String depth : Set.of("1000", "500000")) {
        expected.add("DepthBenchmark.keysetPage " + store + " " + depth);
        expected.add("DepthBenchmark.offsetPage " + store + " " + depth);
      }
      for (String method : Set.of("transition", "transitionTwoThreads", "batchInsert")) {
        expected.add("WriteBenchmark." + method + " " + store);
        if (!store.equals("memory")) {
          expected.add("JdbcWriteBenchmark." + method + " " + store);
        }
      }
      if (!store.equals("memory")) {
        for (String method : Set.of("firstPage", "deepPage", "statusPage")) {
          expected.add("JdbcReadBenchmark." + method + " " + store);
        }
      }
    }
    assertThat(ran).isEqualTo(expected);
  }
}
