package dev.taskengine.store.memory;

import static dev.taskengine.store.memory.TestTasks.ROLLUP;
import static dev.taskengine.store.memory.TestTasks.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import dev.taskengine.spi.TaskUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Every indexed read compared with a brute-force filter and sort over the same tasks, for random
 * data and random queries. The seed is printed; rerun one with {@code -Dtaskengine.seed=N} (see
 * {@link TestSeeds}).
 */
class IndexedQueryTest {

  private static final List<String> TYPES = List.of("Start", "Stop", "Reboot");
  private static final List<String> OPERATORS = List.of("alice", "bob");
  private static final String TENANT = "t1";

  private final MemoryTaskStore store = new MemoryTaskStore();
  private final List<String> ids = new ArrayList<>();
  private final List<String> batchIds = new ArrayList<>();

  @RepeatedTest(20)
  void indexedReadsEqualBruteForce() {
    long seed = TestSeeds.seed("IndexedQueryTest.indexedReadsEqualBruteForce");
    Random random = new Random(seed);

    insertRandomTasks(random, 150);
    moveRandomTasks(random, 300);
    checkRandomQueries(random, 300);

    insertRandomTasks(random, 50);
    moveRandomTasks(random, 100);
    int before = ids.size();
    long purged = store.purgeFinished(TENANT, at(500 + random.nextInt(300)));
    ids.removeIf(id -> store.find(TENANT, id).isEmpty());
    batchIds.removeIf(id -> store.find(TENANT, id).isEmpty());
    assertThat(purged).isEqualTo(before - ids.size());
    checkRandomQueries(random, 200);
  }

  private void insertRandomTasks(Random random, int roots) {
    for (int r = 0; r < roots; r++) {
      Instant createdAt = at(random.nextInt(200));
      boolean isBatch = random.nextInt(3) == 0;
      String id = randomId(random);
      String type = pick(random, TYPES);
      String invokeId = random.nextInt(10) == 0 ? null : "inv" + random.nextInt(40);
      String operator = random.nextInt(5) == 0 ? null : pick(random, OPERATORS);
      if (!isBatch) {
        Task single =
            task(
                random,
                id,
                null,
                Level.INSTANCE,
                type,
                invokeId,
                operator,
                createdAt,
                ChildCounters.NONE);
        store.insert(new NewTasks(single, List.of(), null));
        // The same task in another tenant: it must never show up in t1's results.
        store.insert(new NewTasks(single.toBuilder().tenant("t2").build(), List.of(), null));
        ids.add(id);
        continue;
      }
      int size = 1 + random.nextInt(8);
      Task batch =
          task(
              random,
              id,
              null,
              Level.BATCH,
              type,
              invokeId,
              operator,
              createdAt,
              new ChildCounters(size, size, 0, 0, 0, 0));
      List<Task> children = new ArrayList<>();
      for (int c = 0; c < size; c++) {
        children.add(
            task(
                random,
                randomId(random),
                id,
                Level.INSTANCE,
                type,
                invokeId,
                operator,
                createdAt.plusNanos(1000L * random.nextInt(3)),
                ChildCounters.NONE));
      }
      store.insert(new NewTasks(batch, children, null));
      ids.add(id);
      batchIds.add(id);
      children.forEach(child -> ids.add(child.id()));
    }
  }

  private void moveRandomTasks(Random random, int moves) {
    for (int m = 0; m < moves; m++) {
      Instant now = at(300 + random.nextInt(600));
      if (random.nextInt(10) == 0 && !batchIds.isEmpty()) {
        store
            .find(TENANT, pick(random, batchIds))
            .filter(batch -> !batch.isTerminal())
            .ifPresent(
                batch ->
                    store.cascade(
                        new BatchCascade(
                            batch,
                            TaskStatus.CANCELLING,
                            Map.of(
                                TaskStatus.PENDING, TaskStatus.CANCELLED,
                                TaskStatus.RUNNING, TaskStatus.CANCELLING),
                            now),
                        ROLLUP));
        continue;
      }
      Task task = store.find(TENANT, pick(random, ids)).orElse(null);
      if (task == null || task.isBatch() || task.isTerminal()) {
        continue;
      }
      List<TaskStatus> next = new ArrayList<>(task.status().next());
      TaskStatus to = pick(random, next);
      CounterDelta delta =
          task.parentId() == null ? CounterDelta.ZERO : CounterDelta.move(task.status(), to);
      assertThat(
              store.update(
                  new TaskUpdate(task, TestTasks.moved(task, to, now), delta, now), ROLLUP))
          .isPresent();
    }
  }

  private void checkRandomQueries(Random random, int queries) {
    List<Task> everything = store.findOffset(TaskQuery.all(TENANT), 0, 100_000);
    List<Task> truth = new ArrayList<>();
    for (String id : ids) {
      truth.add(store.find(TENANT, id).orElseThrow());
    }
    assertThat(everything).containsExactlyInAnyOrderElementsOf(truth);
    for (String batchId : batchIds) {
      Task batch = store.find(TENANT, batchId).orElseThrow();
      List<Task> children = truth.stream().filter(task -> batchId.equals(task.parentId())).toList();
      ChildCounters counted =
          new ChildCounters(
              children.size(),
              countIn(children, TaskStatus.PENDING),
              countIn(children, TaskStatus.RUNNING) + countIn(children, TaskStatus.CANCELLING),
              countIn(children, TaskStatus.SUCCEEDED),
              countIn(children, TaskStatus.FAILED),
              countIn(children, TaskStatus.CANCELLED));
      assertThat(batch.counters()).as("counters of %s", batchId).isEqualTo(counted);
    }
    for (int q = 0; q < queries; q++) {
      TaskQuery query = randomQuery(random);
      Instant snapshot = at(random.nextInt(220));
      SortKey after = randomKey(random, truth);
      int limit = 1 + random.nextInt(30);
      String context = query + " snapshot=" + snapshot + " after=" + after + " limit=" + limit;

      assertThat(store.findPage(new PageQuery(query, snapshot, after, limit)))
          .as(context)
          .containsExactlyElementsOf(
              bruteForce(
                  truth,
                  query,
                  task -> inSnapshot(task, snapshot) && isAfter(task, query, after),
                  limit));

      int offset = random.nextInt(20);
      List<Task> all = bruteForce(truth, query, task -> true, Integer.MAX_VALUE);
      assertThat(store.findOffset(query, offset, limit))
          .as(context + " offset=" + offset)
          .containsExactlyElementsOf(
              all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));

      long countLimit = random.nextBoolean() ? 1 + random.nextInt(20) : 10_000;
      assertThat(store.count(query, countLimit))
          .as(context + " countLimit=" + countLimit)
          .isEqualTo(Math.min(all.size(), countLimit));

      List<Task> walked = new ArrayList<>();
      SortKey position = null;
      while (true) {
        List<Task> page = store.findPage(new PageQuery(query, Instant.MAX, position, limit));
        walked.addAll(page);
        if (page.size() < limit) {
          break;
        }
        position = SortKey.of(page.get(page.size() - 1));
      }
      assertThat(walked).as(context + " walk").containsExactlyElementsOf(all);
    }
  }

  private TaskQuery randomQuery(Random random) {
    TaskQuery.Builder query = TaskQuery.builder(TENANT);
    if (random.nextInt(10) == 0) {
      for (int i = random.nextInt(5); i >= 0; i--) {
        query.ids(random.nextInt(8) == 0 ? "unknown" : pick(random, ids));
      }
    }
    if (random.nextInt(4) == 0) {
      for (int i = random.nextInt(4); i >= 0; i--) {
        query.resourceIds("res" + random.nextInt(35));
      }
    }
    if (random.nextInt(6) == 0 && !batchIds.isEmpty()) {
      query.parentId(random.nextInt(8) == 0 ? "unknown" : pick(random, batchIds));
    }
    if (random.nextInt(5) == 0) {
      for (int i = random.nextInt(3); i >= 0; i--) {
        query.invokeIds("inv" + random.nextInt(42));
      }
    }
    if (random.nextInt(4) == 0) {
      for (int i = random.nextInt(2); i >= 0; i--) {
        query.types(random.nextInt(10) == 0 ? "Unknown" : pick(random, TYPES));
      }
    }
    if (random.nextInt(3) == 0) {
      for (int i = random.nextInt(3); i >= 0; i--) {
        query.statuses(pick(random, List.of(TaskStatus.values())));
      }
    }
    if (random.nextInt(5) == 0) {
      query.level(random.nextBoolean() ? Level.BATCH : Level.INSTANCE);
    }
    if (random.nextInt(10) == 0) {
      query.resourceName("name" + random.nextInt(6));
    }
    if (random.nextInt(10) == 0) {
      query.operator(pick(random, OPERATORS));
    }
    if (random.nextInt(4) == 0) {
      int from = random.nextInt(210);
      Instant before = at(from + random.nextInt(60));
      query.createdBetween(
          random.nextBoolean() ? at(from) : null, random.nextBoolean() ? before : null);
    }
    query.order(random.nextBoolean() ? SortOrder.NEWEST_FIRST : SortOrder.OLDEST_FIRST);
    return query.build();
  }

  private SortKey randomKey(Random random, List<Task> tasks) {
    return switch (random.nextInt(3)) {
      case 0 -> null;
      case 1 -> SortKey.of(pick(random, tasks));
      default -> new SortKey(at(random.nextInt(210)), randomId(random));
    };
  }

  /** The reference: filter and sort every task, no index. */
  private static List<Task> bruteForce(
      List<Task> tasks, TaskQuery query, Predicate<Task> extra, int limit) {
    Comparator<Task> ascending = Comparator.comparing(SortKey::of);
    return tasks.stream()
        .filter(task -> matches(task, query))
        .filter(extra)
        .sorted(query.order() == SortOrder.OLDEST_FIRST ? ascending : ascending.reversed())
        .limit(limit)
        .toList();
  }

  private static boolean matches(Task task, TaskQuery query) {
    return task.tenant().equals(query.tenant())
        && (query.ids().isEmpty() || query.ids().contains(task.id()))
        && (query.resourceIds().isEmpty()
            || (task.resourceId() != null && query.resourceIds().contains(task.resourceId())))
        && (query.parentId() == null || query.parentId().equals(task.parentId()))
        && (query.invokeIds().isEmpty()
            || (task.invokeId() != null && query.invokeIds().contains(task.invokeId())))
        && (query.types().isEmpty() || query.types().contains(task.type()))
        && (query.statuses().isEmpty() || query.statuses().contains(task.status()))
        && (query.level() == null || query.level() == task.level())
        && (query.resourceName() == null || query.resourceName().equals(task.resourceName()))
        && (query.operator() == null || query.operator().equals(task.operator()))
        && (query.createdFrom() == null || !task.createdAt().isBefore(query.createdFrom()))
        && (query.createdBefore() == null || task.createdAt().isBefore(query.createdBefore()));
  }

  private static int countIn(List<Task> tasks, TaskStatus status) {
    return (int) tasks.stream().filter(task -> task.status() == status).count();
  }

  private static boolean inSnapshot(Task task, Instant snapshot) {
    return !task.createdAt().isAfter(snapshot);
  }

  private static boolean isAfter(Task task, TaskQuery query, SortKey after) {
    if (after == null) {
      return true;
    }
    int cmp = SortKey.of(task).compareTo(after);
    return query.order() == SortOrder.OLDEST_FIRST ? cmp > 0 : cmp < 0;
  }

  private static Task task(
      Random random,
      String id,
      String parentId,
      Level level,
      String type,
      String invokeId,
      String operator,
      Instant createdAt,
      ChildCounters counters) {
    String resourceId =
        level == Level.BATCH || random.nextInt(8) == 0 ? null : "res" + random.nextInt(35);
    String resourceName = resourceId == null ? null : "name" + random.nextInt(6);
    return Task.builder()
        .id(id)
        .tenant(TENANT)
        .parentId(parentId)
        .level(level)
        .type(type)
        .status(TaskStatus.PENDING)
        .invokeId(invokeId)
        .resourceId(resourceId)
        .resourceName(resourceName)
        .operator(operator)
        .createdAt(createdAt)
        .updatedAt(createdAt)
        .counters(counters)
        .build();
  }

  private static String randomId(Random random) {
    // Not in creation order, so ties on createdAt are broken by an unrelated id order.
    return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
