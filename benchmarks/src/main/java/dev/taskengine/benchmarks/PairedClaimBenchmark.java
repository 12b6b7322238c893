package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Workers claiming and finishing tasks, against hand-written JDBC ({@link JdbcBaseline#claim},
 * {@link JdbcBaseline#succeed(dev.taskengine.api.Lease, String)}), call for call ({@link Sides}):
 * each call of a side claims {@value ClaimWork#CLAIM_SIZE} PENDING children of its own tenant and
 * succeeds each as its lease holder, with the batches' counters and rollups. The workers of a side
 * claim from one backlog ({@link ClaimWork}). Figures are per task.
 *
 * <p>Each side writes into a fresh database of its own ({@link WriteStore}), made by the store: on
 * SQLite a file has one writer, and the store's writers queue for it on a lock in the JVM that the
 * baseline cannot share, so two sides on one file would wait for each other in SQLite's busy
 * handler, which polls with sleeps, and measure that instead.
 *
 * <p>Two backlogs. {@link SmallBatches}, for the targets: many operations of {@value #SMALL_BATCH}
 * tasks each, so that a claim takes one operation and no two workers move one batch's counters; the
 * measure is how claimers scale. {@link LargeBatches}, for comparison: operations of {@value
 * #LARGE_BATCH} tasks, which every worker works on at once, as the agents of one large operation
 * do; each transition then waits for the batch row the others hold until they commit, for the
 * engine and the baseline alike. The methods run from 1, 2, 4 and 8 worker threads on small
 * batches, and from 1 and 8 on large ones.
 *
 * <p>The memory store has no JDBC twin and no claim figures here.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.PairedClaimBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class PairedClaimBenchmark {
  static final String ENGINE_TENANT = "acct-9001/cn-beijing";
  static final String JDBC_TENANT = "acct-9002/cn-beijing";

  /** Children of a batch of {@link SmallBatches}: one claim's worth. */
  static final int SMALL_BATCH = ClaimWork.CLAIM_SIZE;

  /** Children of a batch of {@link LargeBatches}. */
  static final int LARGE_BATCH = 100;

  /** Unclaimed tasks per side before the first iteration; later ones are sized by the pace. */
  static final int INITIAL_TASKS = 2_000;

  /**
   * A fresh database for each side, the engine on one and the baseline on the other, and backlogs.
   */
  static final class Workload {
    final WriteStore engineDatabase;
    final WriteStore jdbcDatabase;
    final HikariDataSource pool;
    final TaskEngine engine;
    // Makes and purges the baseline's backlog.
    final TaskEngine jdbcMaker;
    final ClaimWork engineWork;
    final ClaimWork jdbcWork;
    final ClaimWork.Worker engineWorker;
    final ClaimWork.Worker jdbcWorker;

    Workload(String store, int batchSize) {
      engineDatabase = WriteStore.open(store);
      jdbcDatabase = WriteStore.open(store);
      pool = jdbcDatabase.jdbc().pool();
      JdbcBaseline jdbc = new JdbcBaseline(pool, jdbcDatabase.jdbc().dialect());
      engine = Bench.engine(engineDatabase.store());
      jdbcMaker = Bench.engine(jdbcDatabase.store());
      // Both backlogs are made by the engine: the baseline claims the rows the engine would.
      engineWork =
          new ClaimWork(INITIAL_TASKS, batchSize, () -> newBatch(engine, ENGINE_TENANT, batchSize));
      jdbcWork =
          new ClaimWork(
              INITIAL_TASKS, batchSize, () -> newBatch(jdbcMaker, JDBC_TENANT, batchSize));
      engineWorker =
          new ClaimWork.Worker() {
            @Override
            public List<Task> claim(String owner, int limit) {
              return engine.claim(
                  ClaimRequest.forTenant(ENGINE_TENANT)
                      .owner(owner)
                      .lease(ClaimWork.LEASE)
                      .limit(limit)
                      .build());
            }

            @Override
            public Object succeed(Task claimed) {
              return engine.succeed(claimed.lease(), WriteBenchmark.RESULT);
            }
          };
      jdbcWorker =
          new ClaimWork.Worker() {
            @Override
            public List<Task> claim(String owner, int limit) throws Exception {
              return jdbc.claim(JDBC_TENANT, owner, ClaimWork.LEASE, limit);
            }

            @Override
            public Object succeed(Task claimed) throws Exception {
              return jdbc.succeed(claimed.lease(), WriteBenchmark.RESULT);
            }
          };
    }

    /** Both backlogs at once: each is many small transactions on a database of its own. */
    void refill() {
      CompletableFuture<Void> engineSide = CompletableFuture.runAsync(engineWork::refill);
      jdbcWork.refill();
      engineSide.join();
    }

    /** Deletes the finished batches of both sides, and vacuums both databases. */
    void purge() {
      Instant later = Instant.now().plusSeconds(3_600);
      engine.purgeFinished(ENGINE_TENANT, later);
      jdbcMaker.purgeFinished(JDBC_TENANT, later);
      engineDatabase.vacuum();
      jdbcDatabase.vacuum();
    }

    void close() {
      pool.close();
      engineDatabase.close();
      jdbcDatabase.close();
    }

    void claimThenSucceed(ThreadParams thread, Sides sides, Blackhole sink) throws Exception {
      String owner = "worker-" + thread.getThreadIndex();
      sides.run(
          () -> engineWork.claimThenSucceed(owner, engineWorker),
          () -> jdbcWork.claimThenSucceed(owner, jdbcWorker),
          sink,
          ClaimWork.CLAIM_SIZE);
    }
  }

  /** The workload of one benchmark: its database, sides and backlogs, made and cleaned by JMH. */
  @State(Scope.Benchmark)
  public abstract static class Backlog {
    @Param({"sqlite", "postgresql"})
    public String store;

    Workload workload;

    /** The children of each batch of the backlog. */
    abstract int batchSize();

    @Setup(Level.Trial)
    public void open() {
      workload = new Workload(store, batchSize());
    }

    @Setup(Level.Iteration)
    public void refill() {
      workload.refill();
    }

    @TearDown(Level.Iteration)
    public void purge() {
      workload.purge();
    }

    @TearDown(Level.Trial)
    public void close() {
      workload.close();
    }
  }

  /** Operations of {@value #SMALL_BATCH} tasks: workers never share a batch. */
  @State(Scope.Benchmark)
  public static class SmallBatches extends Backlog {
    @Override
    int batchSize() {
      return SMALL_BATCH;
    }
  }

  /** Operations of {@value #LARGE_BATCH} tasks: every worker moves the same batch's counters. */
  @State(Scope.Benchmark)
  public static class LargeBatches extends Backlog {
    @Override
    int batchSize() {
      return LARGE_BATCH;
    }
  }

  static void newBatch(TaskEngine engine, String tenant, int children) {
    engine.submitBatch(
        BatchSpec.builder(tenant, WriteBenchmark.TYPE)
            .invokeId("req-claims")
            .children(WriteBenchmark.childSpecs(children))
            .build());
  }

  /** One worker. */
  @Benchmark
  @Threads(1)
  public void oneThread(SmallBatches state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }

  /** Two workers on one backlog. */
  @Benchmark
  @Threads(2)
  public void twoThreads(SmallBatches state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }

  /** Four workers on one backlog. */
  @Benchmark
  @Threads(4)
  public void fourThreads(SmallBatches state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }

  /** Eight workers on one backlog. */
  @Benchmark
  @Threads(8)
  public void eightThreads(SmallBatches state, ThreadParams thread, Sides sides, Blackhole sink)
      throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }

  /** One worker on large batches. */
  @Benchmark
  @Threads(1)
  public void oneThreadLargeBatches(
      LargeBatches state, ThreadParams thread, Sides sides, Blackhole sink) throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }

  /** Eight workers on large batches, all on the same batch at a time. */
  @Benchmark
  @Threads(8)
  public void eightThreadsLargeBatches(
      LargeBatches state, ThreadParams thread, Sides sides, Blackhole sink) throws Exception {
    state.workload.claimThenSucceed(thread, sides, sink);
  }
}
