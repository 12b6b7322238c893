package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import java.sql.SQLException;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The baselines of the write path, written by hand with JDBC ({@link JdbcBaseline}): the child
 * transition (read the child; in one transaction the compare-and-set UPDATE of the child, the
 * counter delta of its batch and, when it changes, the batch's status) from one and two threads,
 * and a batch of 1,000 children inserted in one transaction. Same fresh databases, pool settings
 * and batches as {@link WriteBenchmark}; the engine only makes the batches to move, outside the
 * measurement.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdbcWriteBenchmark -p store=sqlite
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class JdbcWriteBenchmark {

  /** Children to move, a fresh database, the baseline and an engine that makes the batches. */
  @State(Scope.Benchmark)
  public static class Transitions {
    @Param({"sqlite", "postgresql"})
    public String store;

    WriteStore database;
    HikariDataSource pool;
    TaskEngine engine;
    TransitionWork work;
    TransitionWork.Mover mover;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
      database = WriteStore.open(store);
      pool = database.jdbc().pool();
      JdbcBaseline jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      engine = Bench.engine(database.store());
      work =
          new TransitionWork(
              params.getThreads(),
              WriteBenchmark.initialChildren(store),
              () -> WriteBenchmark.newBatch(engine));
      mover =
          new TransitionWork.Mover() {
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

    @Setup(Level.Iteration)
    public void refill() {
      work.refill();
    }

    @TearDown(Level.Iteration)
    public void purge() {
      engine.purgeFinished(WriteBenchmark.TENANT, Instant.now().plusSeconds(3_600));
    }

    @TearDown(Level.Trial)
    public void close() {
      pool.close();
      database.close();
    }
  }

  /** A fresh database and the baseline. */
  @State(Scope.Benchmark)
  public static class Inserts {
    @Param({"sqlite", "postgresql"})
    public String store;

    WriteStore database;
    HikariDataSource pool;
    JdbcBaseline jdbc;
    List<String> resources;

    @Setup(Level.Trial)
    public void open() {
      database = WriteStore.open(store);
      pool = database.jdbc().pool();
      jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      resources = new ArrayList<>(WriteBenchmark.BATCH_CHILDREN);
      for (int i = 0; i < WriteBenchmark.BATCH_CHILDREN; i++) {
        resources.add(WriteBenchmark.resource(i));
      }
    }

    @TearDown(Level.Iteration)
    public void clear() {
      database.clear();
    }

    @TearDown(Level.Trial)
    public void close() {
      pool.close();
      database.close();
    }
  }

  @Benchmark
  public Object transition(Transitions state, ThreadParams thread) throws Exception {
    return state.work.step(thread.getThreadIndex(), state.mover);
  }

  @Benchmark
  @Threads(2)
  public Object transitionTwoThreads(Transitions state, ThreadParams thread) throws Exception {
    return state.work.step(thread.getThreadIndex(), state.mover);
  }

  @Benchmark
  public Task batchInsert(Inserts state) throws SQLException {
    return state.jdbc.insertBatch(
        WriteBenchmark.TENANT, WriteBenchmark.TYPE, "req-bench", state.resources);
  }
}
