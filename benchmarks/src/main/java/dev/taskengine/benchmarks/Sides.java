package dev.taskengine.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The two sides of a ratio measured call for call in one benchmark: each operation runs the
 * measured side and its baseline once, in alternating order, and adds each side's time here. JMH
 * reports the four public fields as secondary results of the paired benchmark; the report divides
 * {@code measuredNanos / measuredCalls} by {@code baselineNanos / baselineCalls}. A call may count
 * as several operations ({@link #run(Side, Side, Blackhole, int)}, as JMH's
 * {@code @OperationsPerInvocation}), so that each side's mean is per operation: per task where one
 * call claims and finishes several.
 *
 * <p>Why pair at all: the machines this runs on are shared, and how fast a database page comes back
 * drifts by tens of percent over seconds (neighbours' use of the memory and caches, not CPU time).
 * Two benchmarks measured one after the other each see a different machine; two sides interleaved
 * call by call see the same one, so their ratio holds still where their absolute times do not.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Sides {
  /** Time spent in the measured side (the engine, or the deeper or narrower page), in ns. */
  public long measuredNanos;

  /** Operations of the measured side: its calls, or the operations they counted. */
  public long measuredCalls;

  /** Time spent in the baseline (hand-written JDBC, or the first or wider page), in ns. */
  public long baselineNanos;

  /** Operations of the baseline. */
  public long baselineCalls;

  private boolean measuredFirst;

  /** One side of a pair: an operation whose result the caller consumes. */
  @FunctionalInterface
  interface Side {
    Object call() throws Exception;
  }

  @Setup(Level.Iteration)
  public void reset() {
    measuredNanos = 0;
    measuredCalls = 0;
    baselineNanos = 0;
    baselineCalls = 0;
  }

  /**
   * Runs both sides once, the measured one first on every other call, so that neither always runs
   * in the caches the other just filled.
   */
  void run(Side measured, Side baseline, Blackhole sink) throws Exception {
    run(measured, baseline, sink, 1);
  }

  /** {@link #run(Side, Side, Blackhole)} where each side's call does {@code operations} of work. */
  void run(Side measured, Side baseline, Blackhole sink, int operations) throws Exception {
    measuredFirst = !measuredFirst;
    if (measuredFirst) {
      measured(measured, sink, operations);
      baseline(baseline, sink, operations);
    } else {
      baseline(baseline, sink, operations);
      measured(measured, sink, operations);
    }
  }

  private void measured(Side side, Blackhole sink, int operations) throws Exception {
    long start = System.nanoTime();
    sink.consume(side.call());
    measuredNanos += System.nanoTime() - start;
    measuredCalls += operations;
  }

  private void baseline(Side side, Blackhole sink, int operations) throws Exception {
    long start = System.nanoTime();
    sink.consume(side.call());
    baselineNanos += System.nanoTime() - start;
    baselineCalls += operations;
  }
}
