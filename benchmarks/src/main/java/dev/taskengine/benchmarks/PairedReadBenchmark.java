package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The read ratios of the report, each measured call for call ({@link Sides}): a page of 100 tasks
 * through the engine against the same page through hand-written JDBC ({@link JdbcBaseline}: same
 * SQL, same 101 rows, same records), and one engine page against another on the same store.
 *
 * <p>{@code pair} names the two sides, measured first:
 *
 * <ul>
 *   <li>{@code firstPage}, {@code deepPage}, {@code statusPage}: the engine against JDBC (SQL
 *       stores only): the newest page, the page after a token at depth 500,000 ({@link
 *       DepthBenchmark}), the newest FAILED page;
 *   <li>{@code deepVsFirst}: the engine's page at depth 500,000 against its first page;
 *   <li>{@code twoVsOneStatus}: FAILED or CANCELLED against FAILED alone;
 *   <li>{@code statusVsFirst}: FAILED against no filter.
 * </ul>
 *
 * Each side's own time, with percentiles, comes from {@link ReadBenchmark} and {@link
 * DepthBenchmark}; this class only holds the ratios still.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.PairedReadBenchmark\.' -p store=sqlite -p pair=firstPage
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class PairedReadBenchmark {
  private static final int ROWS = ReadBenchmark.PAGE_SIZE + 1;
  private static final PageRequest FIRST = PageRequest.first(ReadBenchmark.PAGE_SIZE);

  /** The engine-against-JDBC pairs need a SQL store; {@link Run#steps()} runs only valid pairs. */
  @Param({"memory", "sqlite", "postgresql"})
  public String store;

  @Param({"firstPage", "deepPage", "statusPage", "deepVsFirst", "twoVsOneStatus", "statusVsFirst"})
  public String pair;

  private ReadStore data;
  private HikariDataSource pool;
  private Sides.Side measured;
  private Sides.Side baseline;

  @Setup
  public void open() throws Exception {
    data = ReadStore.open(store);
    String tenant = data.plan().main().tenant;
    Instant snapshot = data.plan().main().newest().plusSeconds(3_600);
    TaskEngine engine = Bench.engine(data.store(), snapshot);
    TaskQuery all = TaskQuery.all(tenant);
    TaskQuery failed = TaskQuery.builder(tenant).statuses(TaskStatus.FAILED).build();
    TaskQuery failedOrCancelled =
        TaskQuery.builder(tenant).statuses(TaskStatus.FAILED, TaskStatus.CANCELLED).build();
    DepthBenchmark.Deep deep = DepthBenchmark.Deep.at(data, DepthBenchmark.DEEP);
    PageRequest afterDeepToken = PageRequest.after(deep.token(), ReadBenchmark.PAGE_SIZE);
    Sides.Side deepPage = () -> deep.engine().query(deep.query(), afterDeepToken);
    Sides.Side firstPage = () -> engine.query(all, FIRST);
    Sides.Side statusPage = () -> engine.query(failed, FIRST);
    switch (pair) {
      case "firstPage", "deepPage", "statusPage" -> {
        if (data.jdbc() == null) {
          throw new IllegalArgumentException(pair + " compares with JDBC: not on " + store);
        }
        pool = data.jdbc().pool();
        JdbcBaseline jdbc = new JdbcBaseline(pool, data.jdbc().dialect());
        switch (pair) {
          case "firstPage" -> {
            measured = firstPage;
            baseline = () -> jdbc.firstPage(tenant, snapshot, ROWS);
          }
          case "deepPage" -> {
            measured = deepPage;
            baseline = () -> jdbc.keysetPage(tenant, deep.after(), ROWS);
          }
          default -> {
            measured = statusPage;
            baseline = () -> jdbc.statusPage(tenant, TaskStatus.FAILED, snapshot, ROWS);
          }
        }
        // The same tasks on both sides, or the ratio means nothing.
        List<?> engineRows = ((Page<?>) measured.call()).items();
        List<?> jdbcRows = (List<?>) baseline.call();
        if (jdbcRows.size() != ROWS
            || !jdbcRows.subList(0, ReadBenchmark.PAGE_SIZE).equals(engineRows)) {
          throw new IllegalStateException(
              "the hand-written " + pair + " differs from the engine's on " + store);
        }
      }
      case "deepVsFirst" -> {
        measured = deepPage;
        baseline = firstPage;
      }
      case "twoVsOneStatus" -> {
        measured = () -> engine.query(failedOrCancelled, FIRST);
        baseline = statusPage;
      }
      case "statusVsFirst" -> {
        measured = statusPage;
        baseline = firstPage;
      }
      default -> throw new IllegalArgumentException("unknown pair " + pair);
    }
    ReadBenchmark.requireFullPage(engine.query(all, FIRST), "first page");
    ReadBenchmark.requireFullPage(engine.query(failedOrCancelled, FIRST), "two-status page");
  }

  @TearDown
  public void close() {
    if (pool != null) {
      pool.close();
    }
    data.close();
  }

  /** Both sides once, in alternating order. */
  @Benchmark
  public void interleaved(Sides sides, Blackhole sink) throws Exception {
    sides.run(measured, baseline, sink);
  }
}
