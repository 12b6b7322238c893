package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Limits;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offset pages show the same results as keyset pages, within a capped window. */
interface OffsetPagingContract extends ContractFixture {

  private List<Task> submitMany(int count) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Task task = engine().submit(TaskSpec.builder(tenant(), i % 3 == 0 ? "Third" : TYPE).build());
      tasks.add(i % 4 == 0 ? engine().start(tenant(), task.id()) : task);
      if (i % 5 == 0) {
        clock().advance(Duration.ofMillis(3));
      }
    }
    return tasks;
  }

  @Test
  default void offsetPagesEqualTheConcatenatedKeysetPages() {
    submitMany(45);
    List<TaskQuery> queries = new ArrayList<>();
    for (SortOrder order : SortOrder.values()) {
      queries.add(TaskQuery.builder(tenant()).order(order).build());
      queries.add(
          TaskQuery.builder(tenant())
              .types(TYPE)
              .statuses(TaskStatus.PENDING)
              .order(order)
              .build());
    }
    for (TaskQuery query : queries) {
      List<Task> keyset = Tck.readAll(engine(), query, 7);
      List<Task> offset = new ArrayList<>();
      for (int from = 0; from < keyset.size(); from += 10) {
        offset.addAll(engine().queryByOffset(query, from, 10));
      }
      assertThat(offset).as("%s", query).isEqualTo(keyset);
      assertThat(engine().queryByOffset(query, 13, 9))
          .as("%s window 13..21", query)
          .isEqualTo(keyset.subList(13, Math.min(22, keyset.size())));
      assertThat(engine().queryByOffset(query, keyset.size() - 1, 5))
          .containsExactly(keyset.get(keyset.size() - 1));
      assertThat(engine().queryByOffset(query, keyset.size(), 5)).as("past the end").isEmpty();
      assertThat(engine().queryByOffset(query, 1_000, 100)).as("far past the end").isEmpty();
    }
  }

  @Test
  default void offsetWindowIsCapped() {
    TaskEngine engine =
        engineBuilder().limits(Limits.defaults().toBuilder().maxOffsetWindow(50).build()).build();
    List<Task> tasks = submitMany(55);
    TaskQuery query = TaskQuery.builder(tenant()).order(SortOrder.OLDEST_FIRST).build();

    assertThat(engine.queryByOffset(query, 40, 10))
        .as("offset + limit == window")
        .isEqualTo(Tck.expected(tasks, query).subList(40, 50));
    expectInvalid(
        "offset 41 + limit 10 past a window of 50",
        () -> engine.queryByOffset(query, 41, 10),
        "offset");
    expectInvalid(
        "offset 50 + limit 1 past a window of 50",
        () -> engine.queryByOffset(query, 50, 1),
        "offset");
  }

  @Test
  default void offsetPastTheEndOfTheLargestWindowIsAnEmptyPage() {
    // a host may allow any window an int holds; the store must not size anything by offset + limit
    TaskEngine engine =
        engineBuilder()
            .limits(Limits.defaults().toBuilder().maxOffsetWindow(Integer.MAX_VALUE).build())
            .build();
    List<Task> tasks = submitMany(3);
    TaskQuery query = TaskQuery.all(tenant());

    assertThat(engine.queryByOffset(query, Integer.MAX_VALUE - 100, 100)).isEmpty();
    assertThat(engine.queryByOffset(query, 1_000_000_000, 1)).isEmpty();
    assertThat(engine.queryByOffset(query, 0, 100)).isEqualTo(Tck.expected(tasks, query));
  }
}
