package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.Task;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the current schema costs the write path against schema version 1, call for call ({@link
 * Sides}): the same hand-written JDBC ({@link JdbcBaseline}) writes into the store's own database
 * (the measured side, every schema version; its rows carry the columns version 2 added, as the
 * engine writes them) and into a database made from the version-1 file alone ({@link
 * WriteStore#openFirstVersion}, the baseline). The only difference between the sides is the schema:
 * the wider row and the indexes version 2 added. Measured: a batch of 1,000 children, and one child
 * transition with its batch's counters and rollup ({@link TransitionWork}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.PairedSchemaBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class PairedSchemaBenchmark {

  /** A database of each schema and the baseline on each. */
  static final class Databases implements AutoCloseable {
    final WriteStore current;
    final WriteStore first;
    final HikariDataSource currentPool;
    final HikariDataSource firstPool;
    final JdbcBaseline currentJdbc;
    final JdbcBaseline firstJdbc;

    Databases(String store) {
      current = WriteStore.open(store);
      first = WriteStore.openFirstVersion(store);
      currentPool = current.jdbc().pool();
      firstPool = first.jdbc().pool();
      currentJdbc = new JdbcBaseline(currentPool, current.jdbc().dialect(), TaskColumns.CURRENT);
      firstJdbc = new JdbcBaseline(firstPool, first.jdbc().dialect(), TaskColumns.V1);
    }

    void clear() {
      current.clear();
      first.clear();
    }

    @Override
    public void close() {
      currentPool.close();
      firstPool.close();
      current.close();
      first.close();
    }
  }

  /** Both databases, and children for each side to move. */
  @State(Scope.Benchmark)
  public static class Transitions {
    @Param({"sqlite", "postgresql"})
    public String store;

    Databases databases;
    TransitionWork currentWork;
    TransitionWork firstWork;
    TransitionWork.Mover currentMover;
    TransitionWork.Mover firstMover;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
      databases = new Databases(store);
      int initial = WriteBenchmark.initialChildren(store);
      JdbcBaseline current = databases.currentJdbc;
      JdbcBaseline first = databases.firstJdbc;
      currentWork = new TransitionWork(params.getThreads(), initial, () -> newBatch(current));
      firstWork = new TransitionWork(params.getThreads(), initial, () -> newBatch(first));
      currentMover = mover(current);
      firstMover = mover(first);
    }

    @Setup(Level.Iteration)
    public void refill() {
      currentWork.refill();
      firstWork.refill();
    }

    /**
     * Both databases emptied (the version-1 one has no engine to purge it), and the queues with
     * them; {@link #refill()} fills them anew.
     */
    @TearDown(Level.Iteration)
    public void clear() {
      databases.clear();
      currentWork.forget();
      firstWork.forget();
    }

    @TearDown(Level.Trial)
    public void close() {
      databases.close();
    }

    private static List<String> newBatch(JdbcBaseline jdbc) {
      List<String> resources = new ArrayList<>(TransitionWork.BATCH_SIZE);
      for (int i = 0; i < TransitionWork.BATCH_SIZE; i++) {
        resources.add(WriteBenchmark.resource(i));
      }
      try {
        return jdbc
            .insertBatch(WriteBenchmark.TENANT, WriteBenchmark.TYPE, "req-transitions", resources)
            .children()
            .stream()
            .map(Task::id)
            .toList();
      } catch (SQLException e) {
        throw new IllegalStateException("could not make a batch", e);
      }
    }

    private static TransitionWork.Mover mover(JdbcBaseline jdbc) {
      return new TransitionWork.Mover() {
        @Override
        public Object start(String id) throws SQLException {
          return jdbc.start(WriteBenchmark.TENANT, id);
        }

        @Override
        public Object succeed(String id) throws SQLException {
          return jdbc.succeed(WriteBenchmark.TENANT, id, WriteBenchmark.RESULT);
        }
      };
    }
  }

  /** Both databases and the children of the batch each side creates. */
  @State(Scope.Benchmark)
  public static class Inserts {
    @Param({"sqlite", "postgresql"})
    public String store;

    Databases databases;
    List<String> resources;

    @Setup(Level.Trial)
    public void open() {
      databases = new Databases(store);
      resources = new ArrayList<>(WriteBenchmark.BATCH_CHILDREN);
      for (int i = 0; i < WriteBenchmark.BATCH_CHILDREN; i++) {
        resources.add(WriteBenchmark.resource(i));
      }
    }

    @TearDown(Level.Iteration)
    public void clear() {
      databases.clear();
    }

    @TearDown(Level.Trial)
    public void close() {
      databases.close();
    }
  }

  /** A PENDING child to RUNNING, or a RUNNING one to SUCCEEDED, with its batch's rollup. */
  @Benchmark
  public void transition(Transitions state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    int lane = thread.getThreadIndex();
    sides.run(
        () -> state.currentWork.step(lane, state.currentMover),
        () -> state.firstWork.step(lane, state.firstMover),
        sink);
  }

  /** One batch of 1,000 children, created atomically. */
  @Benchmark
  public void batchInsert(Inserts state, Sides sides, Blackhole sink) throws Exception {
    Databases databases = state.databases;
    sides.run(
        () ->
            databases.currentJdbc.insertBatch(
                WriteBenchmark.TENANT, WriteBenchmark.TYPE, "req-bench", state.resources),
        () ->
            databases.firstJdbc.insertBatch(
                WriteBenchmark.TENANT, WriteBenchmark.TYPE, "req-bench", state.resources),
        sink);
  }
}
