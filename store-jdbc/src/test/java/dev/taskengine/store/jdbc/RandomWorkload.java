package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random transitions on shared batches from several threads, spread over one or more engines, and
 * the invariant check afterwards: every batch counter equals a recount of its children. Seeded; the
 * seed is printed so that a failure can be replayed.
 */
final class RandomWorkload {
  private final List<TaskEngine> engines;
  private final String tenant;
  private final long seed;
  private final Map<String, List<String>> childrenByBatch = new ConcurrentHashMap<>();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicInteger applied = new AtomicInteger();
  private final AtomicInteger lostRaces = new AtomicInteger();

  RandomWorkload(List<TaskEngine> engines, String tenant, long seed) {
    this.engines = List.copyOf(engines);
    this.tenant = tenant;
    this.seed = seed;
  }

  /** Creates the batches, runs the threads to completion and checks every batch. */
  void run(int batches, int childrenPerBatch, int threads, int operationsPerThread)
      throws Exception {
    System.out.println(
        "RandomWorkload seed="
            + seed
            + " engines="
            + engines.size()
            + " batches="
            + batches
            + " threads="
            + threads);
    for (int b = 0; b < batches; b++) {
      BatchSpec.Builder spec = BatchSpec.builder(tenant, "Restart").invokeId("race-" + b);
      for (int c = 0; c < childrenPerBatch; c++) {
        spec.child(ChildSpec.of("phone-" + b + "-" + c));
      }
      Task batch = engines.get(b % engines.size()).submitBatch(spec.build());
      List<String> children = new CopyOnWriteArrayList<>();
      children.addAll(childIds(engines.get(0), batch.id()));
      childrenByBatch.put(batch.id(), children);
    }
    List<String> batchIds = new ArrayList<>(childrenByBatch.keySet());
    Collections.sort(batchIds);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(seed * 31 + t);
      done.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < operationsPerThread; i++) {
                  step(random, batchIds);
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> future : done) {
      future.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    System.out.println(
        "RandomWorkload seed=" + seed + ": applied=" + applied + " lostRaces=" + lostRaces);
    assertThat(unexpected).as("unexpected failures, seed %d", seed).isEmpty();
    for (String batchId : batchIds) {
      assertCountersMatchRecount(batchId);
    }
  }

  private void step(Random random, List<String> batchIds) {
    TaskEngine engine = engines.get(random.nextInt(engines.size()));
    String batchId = batchIds.get(random.nextInt(batchIds.size()));
    List<String> children = childrenByBatch.get(batchId);
    String child = children.get(random.nextInt(children.size()));
    int dice = random.nextInt(100);
    try {
      if (dice < 2) {
        engine.cancel(tenant, batchId);
      } else if (dice < 4) {
        List<ChildSpec> more = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
          more.add(ChildSpec.of("late-" + random.nextInt(1_000_000)));
        }
        engine.addChildren(tenant, batchId, more).forEach(task -> children.add(task.id()));
      } else if (dice < 35) {
        engine.start(tenant, child);
      } else if (dice < 60) {
        engine.succeed(tenant, child, "ok");
      } else if (dice < 72) {
        engine.fail(tenant, child, "E" + random.nextInt(3), "failed");
      } else if (dice < 84) {
        engine.cancel(tenant, child);
      } else if (dice < 94) {
        engine.confirmCancelled(tenant, child);
      } else {
        engine.recordProgress(tenant, child, "progress " + random.nextInt(100));
      }
      applied.incrementAndGet();
    } catch (ConcurrentUpdateException | IllegalTransitionException expected) {
      lostRaces.incrementAndGet();
    } catch (Throwable e) {
      unexpected.add(e);
    }
  }

  private void assertCountersMatchRecount(String batchId) {
    TaskEngine engine = engines.get(0);
    Task batch = engine.get(tenant, batchId);
    ChildCounters counters = batch.counters();
    int[] recount = new int[TaskStatus.values().length];
    int total = 0;
    for (String id : childIds(engine, batchId)) {
      recount[engine.get(tenant, id).status().ordinal()]++;
      total++;
    }
    ChildCounters expected =
        new ChildCounters(
            total,
            recount[TaskStatus.PENDING.ordinal()],
            recount[TaskStatus.RUNNING.ordinal()] + recount[TaskStatus.CANCELLING.ordinal()],
            recount[TaskStatus.SUCCEEDED.ordinal()],
            recount[TaskStatus.FAILED.ordinal()],
            recount[TaskStatus.CANCELLED.ordinal()]);
    assertThat(counters).as("counters of %s, seed %d", batchId, seed).isEqualTo(expected);
    assertThat(counters.isConsistent()).isTrue();
    assertThat(batch.isTerminal())
        .as("%s is terminal exactly when all its children are, seed %d", batch, seed)
        .isEqualTo(counters.allTerminal());
    assertThat(total).isEqualTo(childrenByBatch.get(batchId).size());
  }

  private List<String> childIds(TaskEngine engine, String batchId) {
    List<String> ids = new ArrayList<>();
    TaskQuery query = TaskQuery.builder(tenant).parentId(batchId).build();
    Page<Task> page = engine.query(query, PageRequest.first(100));
    page.items().forEach(task -> ids.add(task.id()));
    while (page.hasNext()) {
      page = engine.query(query, PageRequest.after(page.nextToken().orElseThrow(), 100));
      page.items().forEach(task -> ids.add(task.id()));
    }
    return ids;
  }
}
