package dev.taskengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * How much more claim-then-succeed work more workers get done: the work of {@link
 * PairedClaimBenchmark} (claim {@value ClaimWork#CLAIM_SIZE} tasks of small batches, succeed each
 * as its lease holder), from 1 and from 8 worker threads, each method running one side alone, the
 * engine or the hand-written JDBC. Figures are per task; a throughput is threads over that mean.
 *
 * <p>Why not {@link PairedClaimBenchmark}'s own figures: there every thread runs both sides in
 * turn, so at 8 threads about half of the workers are in the baseline at any moment and the
 * engine's calls share the cores and the database with them, while at 1 thread nothing runs beside
 * either side. Right for the ratio of the two sides at each thread count; wrong for how one side
 * scales, which needs all the workers on that side.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.ClaimThroughputBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(ClaimWork.CLAIM_SIZE)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ClaimThroughputBenchmark {

  private static Object engine(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    PairedClaimBenchmark.Workload workload = state.workload;
    return workload.engineWork.claimThenSucceed(owner(thread), workload.engineWorker);
  }

  private static Object jdbc(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    PairedClaimBenchmark.Workload workload = state.workload;
    return workload.jdbcWork.claimThenSucceed(owner(thread), workload.jdbcWorker);
  }

  private static String owner(ThreadParams thread) {
    return "worker-" + thread.getThreadIndex();
  }

  /** One worker, the engine. */
  @Benchmark
  @Threads(1)
  public Object engineOneThread(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    return engine(state, thread);
  }

  /** Eight workers on one backlog, the engine. */
  @Benchmark
  @Threads(8)
  public Object engineEightThreads(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    return engine(state, thread);
  }

  /** One worker, hand-written JDBC. */
  @Benchmark
  @Threads(1)
  public Object jdbcOneThread(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    return jdbc(state, thread);
  }

  /** Eight workers on one backlog, hand-written JDBC. */
  @Benchmark
  @Threads(8)
  public Object jdbcEightThreads(PairedClaimBenchmark.SmallBatches state, ThreadParams thread)
      throws Exception {
    return jdbc(state, thread);
  }
}
