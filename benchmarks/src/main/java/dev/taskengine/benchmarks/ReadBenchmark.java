package dev.taskengine.benchmarks;

import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
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
 * The engine's read path on 1,000,000 tasks of one tenant (plus as many in noise tenants on the SQL
 * stores; see {@link ReadStore}), 100 tasks a page: the newest-first first page, a 1 % status
 * filter, a two-status filter, the children of the 10,000-child batch, 100 tasks by id, the capped
 * count, and the offset page at the offset cap. The deep pages are {@link DepthBenchmark}'s.
 *
 * <p>Run one store (the data set is built on first use, about a minute per database, then reused):
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar '\.ReadBenchmark\.' -p store=sqlite -rf json
 * </pre>
 *
 * or everything, with the report, through {@code benchmarks/run.sh quick|full}. The engine's clock
 * stands still one hour after the newest task, so that every run reads the same pages.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class ReadBenchmark {
  static final int PAGE_SIZE = 100;
  private static final PageRequest FIRST = PageRequest.first(PAGE_SIZE);

  /** Which store holds the data set. */
  @Param({"memory", "sqlite", "postgresql"})
  public String store;

  private ReadStore data;
  private TaskEngine engine;
  private TaskQuery all;
  private TaskQuery oneStatus;
  private TaskQuery twoStatuses;
  private TaskQuery children;
  private TaskQuery byIds;
  private int offsetAtCap;

  @Setup
  public void open() {
    data = ReadStore.open(store);
    DatasetPlan plan = data.plan();
    String tenant = plan.main().tenant;
    engine = Bench.engine(data.store(), plan.main().newest().plusSeconds(3_600));
    all = TaskQuery.all(tenant);
    oneStatus = TaskQuery.builder(tenant).statuses(TaskStatus.FAILED).build();
    twoStatuses =
        TaskQuery.builder(tenant).statuses(TaskStatus.FAILED, TaskStatus.CANCELLED).build();
    children = TaskQuery.builder(tenant).parentId(plan.bigBatchId()).build();
    byIds = TaskQuery.builder(tenant).ids(plan.sampleIds(PAGE_SIZE)).build();
    offsetAtCap = (int) Math.min(10_000 - PAGE_SIZE, plan.main().tasks - PAGE_SIZE);
    // A benchmark that reads nothing measures nothing: check the pages are full.
    requireFullPage(firstPage(), "first page");
    requireFullPage(statusPage(), "status page");
    requireFullPage(twoStatusPage(), "two-status page");
    requireFullPage(childrenPage(), "children page");
    if (idsPage().items().size() != PAGE_SIZE) {
      throw new IllegalStateException("the ids page found " + idsPage().items().size() + " tasks");
    }
    if (offsetCapPage().size() != PAGE_SIZE) {
      throw new IllegalStateException("the offset page is not full");
    }
  }

  static void requireFullPage(Page<Task> page, String what) {
    if (page.items().size() != PAGE_SIZE || page.nextToken().isEmpty()) {
      throw new IllegalStateException(
          what + " has " + page.items().size() + " tasks and no next token: the data set is wrong");
    }
  }

  @TearDown
  public void close() {
    data.close();
  }

  /** The 100 newest tasks of the tenant. */
  @Benchmark
  public Page<Task> firstPage() {
    return engine.query(all, FIRST);
  }

  /** The 100 newest FAILED tasks: about 1 % of the tenant. */
  @Benchmark
  public Page<Task> statusPage() {
    return engine.query(oneStatus, FIRST);
  }

  /** The 100 newest FAILED or CANCELLED tasks: about 2 % of the tenant. */
  @Benchmark
  public Page<Task> twoStatusPage() {
    return engine.query(twoStatuses, FIRST);
  }

  /** The first 100 children of the batch with 10,000 children. */
  @Benchmark
  public Page<Task> childrenPage() {
    return engine.query(children, FIRST);
  }

  /** 100 tasks by id, spread over the tenant's history. */
  @Benchmark
  public Page<Task> idsPage() {
    return engine.query(byIds, FIRST);
  }

  /** How many tasks the tenant has: counting stops at the cap (10,000). */
  @Benchmark
  public TaskCount cappedCount() {
    return engine.count(all);
  }

  /** The last offset page the engine allows: offset 9,900, 100 tasks. */
  @Benchmark
  public List<Task> offsetCapPage() {
    return engine.queryByOffset(all, offsetAtCap, PAGE_SIZE);
  }
}
