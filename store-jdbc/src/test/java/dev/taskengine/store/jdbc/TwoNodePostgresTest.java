package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.tck.MutableClock;
import dev.taskengine.tck.Seeds;
import dev.taskengine.tck.Slow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes: two engines with separate stores and pools over one PostgreSQL database. Threads apply
 * random transitions to shared batches through both, or claim and run work from one backlog through
 * both; afterwards every counter equals a recount and no task ran twice. Correctness comes from the
 * database's row locks, {@code SKIP LOCKED} and compare-and-set, never from a JVM lock.
 */
@Slow
class TwoNodePostgresTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String TYPE = "Execute";

  @Test
  void twoEnginesOnOneDatabaseKeepEveryCounterTrue() throws Exception {
    long seed = Seeds.seed("TwoNodePostgresTest.twoEnginesOnOneDatabaseKeepEveryCounterTrue");
    String url = PostgresServer.newSchemaUrl();
    try (JdbcTaskStore first = PostgresServer.storeBuilder(url).poolSize(4).build();
        JdbcTaskStore second = PostgresServer.storeBuilder(url).poolSize(4).build()) {
      TaskEngine nodeA = TaskEngines.builder().store(first).build();
      TaskEngine nodeB = TaskEngines.builder().store(second).build();
      new RandomWorkload(List.of(nodeA, nodeB), "two-nodes-" + seed, seed).run(8, 25, 8, 500);
    }
  }

  /**
   * db-scheduler's {@code ClusterTests} ("no duplicates") for claims: four workers on each node
   * claim from one backlog of many tenants' tasks and run what they get; some "crash" on a task's
   * first attempt and never report. Then both nodes sweep at once, and the workers drain the
   * retried tasks. Every task must have been claimed once per attempt, by one worker, and have
   * succeeded exactly once.
   */
  @Test
  void twoEnginesClaimingFromOneBacklogNeverRunATaskTwice() throws Exception {
    long seed =
        Seeds.seed("TwoNodePostgresTest.twoEnginesClaimingFromOneBacklogNeverRunATaskTwice");
    String url = PostgresServer.newSchemaUrl();
    MutableClock clock = MutableClock.at(Instant.parse("2031-03-04T05:06:07.123456Z"));
    try (JdbcTaskStore first = PostgresServer.storeBuilder(url).poolSize(4).build();
        JdbcTaskStore second = PostgresServer.storeBuilder(url).poolSize(4).build()) {
      List<TaskEngine> nodes =
          List.of(
              TaskEngines.builder().store(first).clock(clock).build(),
              TaskEngines.builder().store(second).clock(clock).build());
      Map<String, Task> batches = new LinkedHashMap<>();
      List<Task> backlog = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        TaskEngine node = nodes.get(t % 2);
        String tenant = "cluster-" + seed + "-" + t;
        BatchSpec.Builder spec = BatchSpec.builder(tenant, TYPE);
        for (int c = 0; c < 40; c++) {
          spec.child("phone-" + c);
        }
        Task batch = node.submitBatch(spec.build());
        batches.put(batch.id(), batch);
        for (int i = 0; i < 10; i++) {
          backlog.add(node.submit(TaskSpec.builder(tenant, TYPE).build()));
        }
        clock.advance(Duration.ofMillis(1));
      }
      for (Task batch : batches.values()) {
        backlog.addAll(children(nodes.get(0), batch));
      }
      Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
      Map<String, String> succeededBy = new ConcurrentHashMap<>();

      int crashed = runWorkers(nodes, seed, attempts, succeededBy);
      clock.advance(LEASE);
      SweepResult swept = sweepFromBothNodes(nodes, seed);
      clock.advance(RetryPolicy.DEFAULT.initialBackoff());
      int crashedAgain = runWorkers(nodes, seed, attempts, succeededBy);

      System.out.println(
          "TwoNodePostgresTest: "
              + backlog.size()
              + " tasks, "
              + crashed
              + " crashed on their first attempt, swept "
              + swept
              + " (seed "
              + seed
              + ")");
      assertThat(crashedAgain).as("a task crashes on its first attempt only").isZero();
      assertThat(swept)
          .as("this schema holds only this test's tasks: the sweeps retried each crash once")
          .isEqualTo(new SweepResult(crashed, 0, 0, 0));
      assertThat(attempts.keySet()).hasSize(backlog.size());
      for (Task task : backlog) {
        String key = task.tenant() + "/" + task.id();
        List<Integer> claimed = attempts.get(key);
        Task stored = nodes.get(1).get(task.tenant(), task.id());
        assertThat(claimed)
            .as("the attempts %s was claimed for, seed %d", key, seed)
            .isEqualTo(crashes(seed, task.id(), 1) ? List.of(1, 2) : List.of(1));
        assertThat(stored.status()).as("%s, seed %d", key, seed).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(stored.attempt()).isEqualTo(claimed.size());
        assertThat(stored.leaseOwner()).isEqualTo(succeededBy.get(key));
        assertThat(stored.result()).isEqualTo("ran by " + succeededBy.get(key));
      }
      assertThat(Set.copyOf(succeededBy.values()))
          .as("workers of both nodes ran tasks")
          .anyMatch(owner -> owner.startsWith("node-0-"))
          .anyMatch(owner -> owner.startsWith("node-1-"));
      for (Task batch : batches.values()) {
        Task stored = nodes.get(0).get(batch.tenant(), batch.id());
        assertThat(stored.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(stored.counters()).isEqualTo(new ChildCounters(40, 0, 0, 40, 0, 0));
      }
    }
  }

  /** Whether the task's worker "crashes" on this attempt: never on a retry; the same every run. */
  private static boolean crashes(long seed, String taskId, int attempt) {
    return attempt == 1 && new Random(seed ^ taskId.hashCode()).nextInt(5) == 0;
  }

  /**
   * Four workers per node claim from every tenant until nothing is left, and run each task they
   * get: they record the claim and report success, unless the task "crashes". Returns the crashes.
   */
  private static int runWorkers(
      List<TaskEngine> nodes,
      long seed,
      Map<String, List<Integer>> attempts,
      Map<String, String> succeededBy)
      throws Exception {
    List<Callable<Integer>> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      TaskEngine node = nodes.get(w % 2);
      String owner = "node-" + (w % 2) + "-worker-" + w;
      Random random = new Random(seed + w);
      workers.add(
          () -> {
            int crashes = 0;
            for (int call = 0; call < 10_000; call++) {
              List<Task> claimed =
                  node.claim(
                      ClaimRequest.allTenants()
                          .owner(owner)
                          .lease(LEASE)
                          .types(TYPE)
                          .limit(1 + random.nextInt(8))
                          .build());
              if (claimed.isEmpty()) {
                return crashes;
              }
              for (Task task : claimed) {
                attempts
                    .computeIfAbsent(
                        task.tenant() + "/" + task.id(),
                        key -> Collections.synchronizedList(new ArrayList<>()))
                    .add(task.attempt());
                if (crashes(seed, task.id(), task.attempt())) {
                  crashes++;
                } else {
                  node.succeed(task.lease(), "ran by " + owner);
                  succeededBy.put(task.tenant() + "/" + task.id(), owner);
                }
              }
            }
            throw new AssertionError(owner + " still got tasks after 10,000 claims");
          });
    }
    int crashes = 0;
    for (Integer count : runTogether(workers)) {
      crashes += count;
    }
    return crashes;
  }

  /** Two sweepers on each node at once, each sweeping until a call changes nothing. */
  private static SweepResult sweepFromBothNodes(List<TaskEngine> nodes, long seed)
      throws Exception {
    List<Callable<SweepResult>> sweepers = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      TaskEngine node = nodes.get(s % 2);
      int limit = 1 + new Random(seed + 100 + s).nextInt(20);
      sweepers.add(
          () -> {
            SweepResult sum = SweepResult.NONE;
            for (int call = 0; call < 10_000; call++) {
              SweepResult result = node.sweepExpired(limit);
              if (result.total() == 0) {
                return sum;
              }
              sum = sum.plus(result);
            }
            throw new AssertionError("a sweeper still changed tasks after 10,000 calls");
          });
    }
    SweepResult sum = SweepResult.NONE;
    for (SweepResult result : runTogether(sweepers)) {
      sum = sum.plus(result);
    }
    return sum;
  }

  /** Starts the calls together on threads of their own and returns their results, in order. */
  private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  if (!go.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never started");
                  }
                  return call.call();
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(5, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The batch's children, which fit on one page. */
  private static List<Task> children(TaskEngine engine, Task batch) {
    Page<Task> page =
        engine.query(
            TaskQuery.builder(batch.tenant()).parentId(batch.id()).build(), PageRequest.first(100));
    assertThat(page.hasNext()).isFalse();
    return page.items();
  }
}
