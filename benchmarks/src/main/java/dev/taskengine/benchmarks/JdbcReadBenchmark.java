package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.sql.SQLException;
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

/**
 * The baselines of the read path: the first page, the deep page (depth 500,000) and the 1 % status
 * page written by hand with JDBC ({@link JdbcBaseline}), on the same database, pool settings and
 * data set as {@link ReadBenchmark} and {@link DepthBenchmark}, reading the same 101 rows (the
 * engine reads one more than it returns to know whether a next page exists).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdbcReadBenchmark -p store=sqlite
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class JdbcReadBenchmark {
  private static final int ROWS = ReadBenchmark.PAGE_SIZE + 1;

  @Param({"sqlite", "postgresql"})
  public String store;

  private ReadStore data;
  private HikariDataSource pool;
  private JdbcBaseline jdbc;
  private String tenant;
  private Instant snapshot;
  private DepthBenchmark.Deep deep;

  @Setup
  public void open() throws SQLException {
    data = ReadStore.open(store);
    pool = data.jdbc().pool();
    jdbc = new JdbcBaseline(pool, data.jdbc().dialect());
    tenant = data.plan().main().tenant;
    snapshot = data.plan().main().newest().plusSeconds(3_600);
    deep = DepthBenchmark.Deep.at(data, DepthBenchmark.DEEP);
    // The same tasks as the engine's pages, or the comparison means nothing.
    List<Task> deepRows = deepPage();
    List<Task> engineDeep =
        deep.engine()
            .query(
                deep.query(),
                dev.taskengine.api.PageRequest.after(deep.token(), ReadBenchmark.PAGE_SIZE))
            .items();
    if (deepRows.size() != ROWS
        || !deepRows.subList(0, ReadBenchmark.PAGE_SIZE).equals(engineDeep)) {
      throw new IllegalStateException("the hand-written deep page differs from the engine's");
    }
    if (firstPage().size() != ROWS || statusPage().size() != ROWS) {
      throw new IllegalStateException("a hand-written page is not full");
    }
  }

  @TearDown
  public void close() {
    pool.close();
    data.close();
  }

  @Benchmark
  public List<Task> firstPage() throws SQLException {
    return jdbc.firstPage(tenant, snapshot, ROWS);
  }

  @Benchmark
  public List<Task> deepPage() throws SQLException {
    return jdbc.keysetPage(tenant, deep.after(), ROWS);
  }

  @Benchmark
  public List<Task> statusPage() throws SQLException {
    return jdbc.statusPage(tenant, TaskStatus.FAILED, snapshot, ROWS);
  }
}
