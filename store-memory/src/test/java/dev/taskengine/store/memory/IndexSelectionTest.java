package dev.taskengine.store.memory;

import static dev.taskengine.store.memory.TestTasks.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.TaskUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which index a query reads. 1,000 finished "Common" tasks, 5 running "Rare" ones and one batch of
 * 3 children: a selective filter must read its own small index, not the big ones.
 */
class IndexSelectionTest {

  private final MemoryTaskStore store = new MemoryTaskStore();

  @BeforeEach
  void fill() {
    for (int i = 0; i < 1000; i++) {
      Task task =
          TestTasks.single("t1", String.format("c%04d", i), at(i)).toBuilder()
              .type("Common")
              .build();
      store.insert(
          new NewTasks(
              TestTasks.withLifecycle(task, TaskStatus.SUCCEEDED, at(i), at(i + 1)),
              List.of(),
              null));
    }
    for (int i = 0; i < 5; i++) {
      Task task = TestTasks.single("t1", "r" + i, at(2000 + i)).toBuilder().type("Rare").build();
      store.insert(new NewTasks(task, List.of(), null));
      store.update(
          new TaskUpdate(
              task,
              TestTasks.moved(task, TaskStatus.RUNNING, at(3000)),
              CounterDelta.ZERO,
              at(3000)),
          TestTasks.ROLLUP);
    }
    Task batch = TestTasks.batch("t1", "b", at(2500), 3);
    store.insert(new NewTasks(batch, TestTasks.children(batch, 3), null));
  }

  @Test
  void noFilterReadsTheWholeTenant() {
    assertThat(store.explain(TaskQuery.all("t1"))).isEqualTo("ALL x1 (1009 rows)");
  }

  @Test
  void idsAreLookedUpDirectly() {
    TaskQuery query = TaskQuery.builder("t1").ids("r1", "c0001", "nope").build();

    assertThat(store.explain(query)).isEqualTo("IDS x2 (2 rows)");
    assertThat(store.findPage(new PageQuery(query, Instant.MAX, null, 10)))
        .extracting(Task::id)
        .containsExactly("r1", "c0001");
  }

  @Test
  void statusUpdatedByATransitionIsFoundThroughTheStatusIndex() {
    TaskQuery query =
        TaskQuery.builder("t1").types("Common", "Rare").statuses(TaskStatus.RUNNING).build();

    assertThat(store.explain(query)).isEqualTo("STATUSES x1 (5 rows)");
    assertThat(store.count(query, 100)).isEqualTo(5);
  }

  @Test
  void listFilterUnitesTheIndexesOfItsValues() {
    TaskQuery query =
        TaskQuery.builder("t1").statuses(TaskStatus.RUNNING, TaskStatus.PENDING).build();

    assertThat(store.explain(query)).isEqualTo("STATUSES x2 (9 rows)");
    assertThat(store.findPage(new PageQuery(query, Instant.MAX, null, 100)))
        .extracting(Task::id)
        .containsExactly("b-2", "b-1", "b-0", "b", "r4", "r3", "r2", "r1", "r0");
  }

  @Test
  void parentIdReadsTheBatchsChildren() {
    TaskQuery query = TaskQuery.builder("t1").parentId("b").statuses(TaskStatus.PENDING).build();

    assertThat(store.explain(query)).isEqualTo("PARENT_ID x1 (3 rows)");
  }

  @Test
  void levelBatchReadsTheBatchIndex() {
    TaskQuery query = TaskQuery.builder("t1").level(Level.BATCH).types("Restart").build();

    assertThat(store.explain(query)).isEqualTo("LEVEL x1 (1 rows)");
  }

  @Test
  void valueNoTaskHasMakesAnEmptyPlan() {
    TaskQuery query = TaskQuery.builder("t1").resourceIds("nope").types("Common").build();

    assertThat(store.explain(query)).isEqualTo("RESOURCE_IDS x0 (0 rows)");
    assertThat(store.findPage(new PageQuery(query, Instant.MAX, null, 10))).isEmpty();
    assertThat(store.count(query, 10)).isZero();
  }

  @Test
  void countStopsAtItsLimit() {
    assertThat(store.count(TaskQuery.builder("t1").types("Common").build(), 10)).isEqualTo(10);
    assertThat(
            store.count(
                TaskQuery.builder("t1").types("Common").createdBetween(at(100), at(300)).build(),
                1000))
        .isEqualTo(200);
  }
}
