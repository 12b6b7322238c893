package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.BatchSpec;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The write path against hand-written JDBC ({@link JdbcBaseline}), call for call ({@link Sides}):
 * one child transition with its batch's counters and rollup (from one thread, and from two threads
 * whose children share batches), and a batch of 1,000 children created in one transaction. Both
 * sides write into the same fresh database ({@link WriteStore}), each on children of its own.
 *
 * <p>The memory store has no JDBC twin; its write figures are {@link WriteBenchmark}'s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.PairedWriteBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class PairedWriteBenchmark {

  /** A fresh database, an engine and the baseline on it, and children for each side to move. */
  @State(Scope.Benchmark)
  public static class Transitions {
    @Param({"sqlite", "postgresql"})
    public String store;

    WriteStore database;
    HikariDataSource pool;
    TaskEngine engine;
    TransitionWork engineWork;
    TransitionWork jdbcWork;
    TransitionWork.Mover engineMover;
    TransitionWork.Mover jdbcMover;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
      database = WriteStore.open(store);
      pool = database.jdbc().pool();
      JdbcBaseline jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      engine = Bench.engine(database.store());
      int initial = WriteBenchmark.initialChildren(store);
      engineWork =
          new TransitionWork(params.getThreads(), initial, () -> WriteBenchmark.newBatch(engine));
      jdbcWork =
          new TransitionWork(params.getThreads(), initial, () -> WriteBenchmark.newBatch(engine));
      engineMover =
          new TransitionWork.Mover() {
            @Override
            public Object start(String id) {
              return engine.start(WriteBenchmark.TENANT, id);
            }

            @Override
            public Object succeed(String id) {
              return engine.succeed(WriteBenchmark.TENANT, id, WriteBenchmark.RESULT);
            }
          };
      jdbcMover =
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
      engineWork.refill();
      jdbcWork.refill();
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

  /** A fresh database, an engine and the baseline on it, and the batch each side creates. */
  @State(Scope.Benchmark)
  public static class Inserts {
    @Param({"sqlite", "postgresql"})
    public String store;

    WriteStore database;
    HikariDataSource pool;
    JdbcBaseline jdbc;
    TaskEngine engine;
    BatchSpec batch;
    List<String> resources;

    @Setup(Level.Trial)
    public void open() {
      database = WriteStore.open(store);
      pool = database.jdbc().pool();
      jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      engine = Bench.engine(database.store());
      batch =
          BatchSpec.builder(WriteBenchmark.TENANT, WriteBenchmark.TYPE)
              .invokeId("req-bench")
              .children(WriteBenchmark.childSpecs(WriteBenchmark.BATCH_CHILDREN))
              .build();
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

  /** A PENDING child to RUNNING, or a RUNNING one to SUCCEEDED, with its batch's rollup. */
  @Benchmark
  public void transition(Transitions state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    int lane = thread.getThreadIndex();
    sides.run(
        () -> state.engineWork.step(lane, state.engineMover),
        () -> state.jdbcWork.step(lane, state.jdbcMover),
        sink);
  }

  /** The same from two threads, whose children share batches. */
  @Benchmark
  @Threads(2)
  public void transitionTwoThreads(
      Transitions state, ThreadParams thread, Sides sides, Blackhole sink) throws Exception {
    transition(state, thread, sides, sink);
  }

  /** One batch of 1,000 children, created atomically. */
  @Benchmark
  public void batchInsert(Inserts state, Sides sides, Blackhole sink) throws Exception {
    sides.run(
        () -> state.engine.submitBatch(state.batch),
        () ->
            state.jdbc.insertBatch(
                WriteBenchmark.TENANT, WriteBenchmark.TYPE, "req-bench", state.resources),
        sink);
  }
}
