package dev.taskengine.benchmarks;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
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
 * The engine's write path: one child transition with its batch's counter delta and rollup, from one
 * thread and from two threads working on the same batches; and a batch of 1,000 children created in
 * one call. Each fork writes into a fresh database of its own ({@link WriteStore}), never into the
 * read data set; finished batches are purged after every iteration (transitions) or the tasks
 * deleted (batch inserts), so the database stays small.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.WriteBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class WriteBenchmark {
  static final String TENANT = "acct-9000/cn-beijing";
  static final String TYPE = "RebootInstance";
  static final String RESULT = "{\"rebooted\":true}";
  static final int BATCH_CHILDREN = 1_000;

  /** Children to move, a fresh database and an engine on it. */
  @State(Scope.Benchmark)
  public static class Transitions {
    @Param({"memory", "sqlite", "postgresql"})
    public String store;

    WriteStore database;
    TaskEngine engine;
    TransitionWork work;
    TransitionWork.Mover mover;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
      database = WriteStore.open(store);
      engine = Bench.engine(database.store());
      work =
          new TransitionWork(params.getThreads(), initialChildren(store), () -> newBatch(engine));
      mover =
          new TransitionWork.Mover() {
            @Override
            public Object start(String id) {
              return engine.start(TENANT, id);
            }

            @Override
            public Object succeed(String id) {
              return engine.succeed(TENANT, id, RESULT);
            }
          };
    }

    @Setup(Level.Iteration)
    public void refill() {
      work.refill();
    }

    @TearDown(Level.Iteration)
    public void purge() {
      engine.purgeFinished(TENANT, Instant.now().plusSeconds(3_600));
    }

    @TearDown(Level.Trial)
    public void close() {
      database.close();
    }
  }

  /** A fresh database, an engine on it and the batch to create. */
  @State(Scope.Benchmark)
  public static class Inserts {
    @Param({"memory", "sqlite", "postgresql"})
    public String store;

    WriteStore database;
    TaskEngine engine;
    BatchSpec batch;

    @Setup(Level.Trial)
    public void open() {
      database = WriteStore.open(store);
      engine = Bench.engine(database.store());
      batch =
          BatchSpec.builder(TENANT, TYPE)
              .invokeId("req-bench")
              .children(childSpecs(BATCH_CHILDREN))
              .build();
    }

    @TearDown(Level.Iteration)
    public void clear() {
      database.clear();
      engine = Bench.engine(database.store());
    }

    @TearDown(Level.Trial)
    public void close() {
      database.close();
    }
  }

  /** A PENDING child to RUNNING, or a RUNNING one to SUCCEEDED, with its batch's rollup. */
  @Benchmark
  public Object transition(Transitions state, ThreadParams thread) throws Exception {
    return state.work.step(thread.getThreadIndex(), state.mover);
  }

  /** The same from two threads, whose children share batches. */
  @Benchmark
  @Threads(2)
  public Object transitionTwoThreads(Transitions state, ThreadParams thread) throws Exception {
    return state.work.step(thread.getThreadIndex(), state.mover);
  }

  /** One batch of 1,000 children, created atomically. */
  @Benchmark
  public Task batchInsert(Inserts state) {
    return state.engine.submitBatch(state.batch);
  }

  static int initialChildren(String store) {
    return store.equals("memory") ? 100_000 : 2_000;
  }

  static List<ChildSpec> childSpecs(int count) {
    List<ChildSpec> children = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      children.add(ChildSpec.of(resource(i)));
    }
    return children;
  }

  static String resource(int index) {
    return "acp-" + (10_000_000 + index);
  }

  /** A batch of {@link TransitionWork#BATCH_SIZE} PENDING children; their ids. */
  static List<String> newBatch(TaskEngine engine) {
    Task batch =
        engine.submitBatch(
            BatchSpec.builder(TENANT, TYPE)
                .invokeId("req-transitions")
                .children(childSpecs(TransitionWork.BATCH_SIZE))
                .build());
    List<String> ids = new ArrayList<>(TransitionWork.BATCH_SIZE);
    engine
        .query(
            dev.taskengine.api.TaskQuery.builder(TENANT)
                .parentId(batch.id())
                .order(dev.taskengine.api.SortOrder.OLDEST_FIRST)
                .build(),
            dev.taskengine.api.PageRequest.first(TransitionWork.BATCH_SIZE))
        .items()
        .forEach(child -> ids.add(child.id()));
    return ids;
  }
}
