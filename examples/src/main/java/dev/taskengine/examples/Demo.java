package dev.taskengine.examples;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: creates a batch of 100 children, moves them through their statuses from four
 * worker threads, then prints the batch counters and pages through the children with their page
 * tokens. Run it with {@code ./mvnw -q -B -pl examples -am compile exec:java}.
 */
public final class Demo {
  private static final String TENANT = "demo-account/cn-hangzhou";
  private static final int WORKERS = 4;

  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
    System.out.println("taskengine demo (seed " + seed + ")");
    TaskEngine engine =
        TaskEngines.builder()
            .store(new MemoryTaskStore())
            .tokenKeys(TokenKeyRing.of(TokenKey.random("demo")))
            .build();

    BatchSpec.Builder spec =
        BatchSpec.builder(TENANT, "RestartInstance").invokeId("req-demo-1").operator("demo");
    for (int i = 1; i <= 100; i++) {
      spec.child(String.format("acp-%03d", i));
    }
    Task batch = engine.submitBatch(spec.build());
    System.out.println("created batch " + batch.id() + " " + describe(batch.counters()));

    List<Task> children = new ArrayList<>();
    TaskQuery childQuery = TaskQuery.builder(TENANT).parentId(batch.id()).build();
    Page<Task> page = engine.query(childQuery, PageRequest.first(100));
    children.addAll(page.items());

    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    for (int worker = 0; worker < WORKERS; worker++) {
      int shard = worker;
      Random random = new Random(seed + worker);
      workers.submit(() -> work(engine, children, shard, random));
    }
    workers.shutdown();
    while (!workers.awaitTermination(20, TimeUnit.MILLISECONDS)) {
      System.out.println("  batch " + describe(engine.get(TENANT, batch.id()).counters()));
    }

    Task done = engine.get(TENANT, batch.id());
    System.out.println(
        "batch " + done.id() + " is " + done.status() + " " + describe(done.counters()));

    System.out.println("children, newest first, 30 per page:");
    PageRequest request = PageRequest.first(30);
    int number = 1;
    while (true) {
      Page<Task> children30 = engine.query(childQuery, request);
      System.out.printf(
          "  page %d: %d tasks, %s .. %s%n",
          number++,
          children30.items().size(),
          summary(children30.items().get(0)),
          summary(children30.items().get(children30.items().size() - 1)));
      if (children30.nextToken().isEmpty()) {
        System.out.println("  (no next token: last page)");
        break;
      }
      String token = children30.nextToken().get();
      System.out.println("  next token: " + token);
      request = PageRequest.after(token, 30);
    }
  }

  /** Each worker owns every fourth child: start it, then finish it one way or another. */
  private static void work(TaskEngine engine, List<Task> children, int shard, Random random) {
    for (int i = shard; i < children.size(); i += WORKERS) {
      String id = children.get(i).id();
      try {
        int fate = random.nextInt(100);
        if (fate < 3) {
          engine.cancel(TENANT, id); // cancelled before it ever ran
          continue;
        }
        engine.start(TENANT, id);
        Thread.sleep(2 + random.nextInt(6)); // the "work", so that the counters can be watched
        if (fate < 90) {
          engine.succeed(TENANT, id, "{\"restarted\":true}");
        } else {
          engine.fail(TENANT, id, "InstanceNotReachable", "the phone did not answer");
        }
      } catch (ConcurrentUpdateException | IllegalTransitionException e) {
        System.out.println("  worker " + shard + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String summary(Task task) {
    return task.resourceId() + " " + task.status();
  }

  private static String describe(ChildCounters c) {
    return String.format(
        "[total %d: pending %d, running %d, succeeded %d, failed %d, cancelled %d]",
        c.total(), c.pending(), c.running(), c.succeeded(), c.failed(), c.cancelled());
  }
}
