package dev.taskengine.benchmarks;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.TaskEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sweep of {@value #EXPIRED} expired leases: before each measurement, {@value #BATCHES} batches
 * of 1,000 children are created and every child is claimed with a {@value #LEASE_SECONDS}-second
 * lease, then the engine's clock ({@link SettableClock}) is moved past the leases; the measurement
 * is {@code sweepExpired} alone, in calls of {@value #SWEEP_LIMIT} (the background sweeper's
 * default), until every lease is handled. Each lease was the task's first attempt, so the engine's
 * default retry policy puts every task back to PENDING after a backoff, with its batch's counters.
 * The figure is per task. Each fork sweeps a fresh database of its own ({@link WriteStore}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.ExpiryBenchmark\.' -p store=postgresql
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ExpiryBenchmark {
  static final int EXPIRED = 10_000;
  static final int BATCHES = EXPIRED / WriteBenchmark.BATCH_CHILDREN;
  static final int LEASE_SECONDS = 30;
  static final int SWEEP_LIMIT = 1_000;

  /** A fresh database, an engine on a settable clock, and {@value #EXPIRED} expired leases. */
  @State(Scope.Benchmark)
  public static class Leases {
    @Param({"memory", "sqlite", "postgresql"})
    public String store;

    WriteStore database;
    SettableClock clock;
    TaskEngine engine;

    @Setup(Level.Trial)
    public void open() {
      database = WriteStore.open(store);
      clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    @Setup(Level.Iteration)
    public void expireLeases() {
      database.clear();
      engine = Bench.engine(database.store(), clock);
      BatchSpec batch =
          BatchSpec.builder(WriteBenchmark.TENANT, WriteBenchmark.TYPE)
              .invokeId("req-expiry")
              .children(WriteBenchmark.childSpecs(WriteBenchmark.BATCH_CHILDREN))
              .build();
      for (int i = 0; i < BATCHES; i++) {
        engine.submitBatch(batch);
      }
      int claimed = 0;
      while (claimed < EXPIRED) {
        int got =
            engine
                .claim(
                    ClaimRequest.forTenant(WriteBenchmark.TENANT)
                        .owner("worker-that-dies")
                        .lease(Duration.ofSeconds(LEASE_SECONDS))
                        .limit(WriteBenchmark.BATCH_CHILDREN)
                        .build())
                .size();
        if (got == 0) {
          throw new IllegalStateException("only " + claimed + " of " + EXPIRED + " were claimed");
        }
        claimed += got;
      }
      clock.advance(Duration.ofSeconds(LEASE_SECONDS + 1));
    }

    @TearDown(Level.Trial)
    public void close() {
      database.close();
    }
  }

  /** Every expired lease back to PENDING, {@value #SWEEP_LIMIT} per call. */
  @Benchmark
  @OperationsPerInvocation(EXPIRED)
  public SweepResult sweepExpired(Leases state) {
    SweepResult total = SweepResult.NONE;
    while (total.total() < EXPIRED) {
      SweepResult swept = state.engine.sweepExpired(SWEEP_LIMIT);
      if (swept.total() == 0) {
        throw new IllegalStateException("the sweep stopped after " + total);
      }
      total = total.plus(swept);
    }
    if (total.retried() != EXPIRED) {
      throw new IllegalStateException("expected every task retried, got " + total);
    }
    return total;
  }
}
