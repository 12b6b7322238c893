package dev.taskengine.benchmarks;

import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.spi.SortKey;
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
 * A page of 100 tasks deep in the tenant's 1,000,000, newest first: reached by the engine's page
 * token ({@link #keysetPage}) and, for comparison, by OFFSET ({@link #offsetPage}). At {@code
 * depth=500000} this is the deep page of the report; the other depths draw its chart.
 *
 * <p><b>How the token gets there without walking 5,000 pages.</b> A page token holds the snapshot
 * of the first page and the sort key of the last task read. The setup asks an engine whose clock
 * stands at the createdAt of the task at the wanted depth for its first page: that page holds the
 * 100 newest tasks at or before that moment, so its genuine, signed next token points just past
 * them, {@code depth + 100} tasks from the top. Newest first, a token's snapshot adds nothing to
 * the next page's query (every task after the token's position is older than it), so the measured
 * query is exactly the one a client paging down from the top would send at that depth. The
 * measuring engine's clock stands at that same moment, well within the token's lifetime.
 *
 * <p>The OFFSET page calls the store's own {@code findOffset} directly with the same position: the
 * engine refuses offsets past 10,000 ({@code maxOffsetWindow}), which is the point.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '\.DepthBenchmark\.' -p store=postgresql -p depth=500000
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
public class DepthBenchmark {
  /** The deep page of the report and its targets. */
  static final long DEEP = 500_000;

  @Param({"memory", "sqlite", "postgresql"})
  public String store;

  /** Tasks above the page (at least; see the class comment). */
  @Param({"1000", "10000", "100000", "500000"})
  public long depth;

  private ReadStore data;
  private TaskEngine engine;
  private TaskQuery all;
  private String token;
  private int offset;

  @Setup
  public void open() {
    data = ReadStore.open(store);
    Deep deep = Deep.at(data, depth);
    engine = deep.engine();
    all = deep.query();
    token = deep.token();
    offset = Math.toIntExact(deep.depth());
    Page<Task> keyset = keysetPage();
    List<Task> byOffset = offsetPage();
    if (keyset.items().size() != ReadBenchmark.PAGE_SIZE || !keyset.items().equals(byOffset)) {
      throw new IllegalStateException(
          "the keyset and the offset page at depth " + offset + " differ: the data set is wrong");
    }
  }

  @TearDown
  public void close() {
    data.close();
  }

  /** The page after the token: an index range from the token's position. */
  @Benchmark
  public Page<Task> keysetPage() {
    return engine.query(all, PageRequest.after(token, ReadBenchmark.PAGE_SIZE));
  }

  /** The same 100 tasks by OFFSET: every task above them is read and skipped. */
  @Benchmark
  public List<Task> offsetPage() {
    return data.store().findOffset(all, offset, ReadBenchmark.PAGE_SIZE);
  }

  /**
   * A genuine page token positioned {@code depth()} tasks down the tenant, newest first, and an
   * engine that accepts it.
   *
   * @param engine an engine whose clock stands where the token was issued
   * @param query every task of the tenant
   * @param token the next token of the first page at the snapshot
   * @param depth how many tasks lie above the token's next page
   * @param after the sort key the token holds: the last task above the next page
   */
  record Deep(TaskEngine engine, TaskQuery query, String token, long depth, SortKey after) {

    /** The token at {@code wanted} tasks down (the tiny data set clamps it to its size). */
    static Deep at(ReadStore data, long wanted) {
      DatasetPlan plan = data.plan();
      long reachable = plan.main().tasks / 2;
      DatasetPlan.DepthPoint point = plan.depthPoint(Math.min(wanted, reachable));
      TaskEngine engine = Bench.engine(data.store(), point.snapshot());
      TaskQuery all = TaskQuery.all(plan.main().tenant);
      Page<Task> first = engine.query(all, PageRequest.first(ReadBenchmark.PAGE_SIZE));
      ReadBenchmark.requireFullPage(first, "the page at depth " + point.rank());
      Task last = first.items().get(first.items().size() - 1);
      return new Deep(
          engine,
          all,
          first.nextToken().orElseThrow(),
          point.rank() + first.items().size(),
          SortKey.of(last));
    }
  }
}
