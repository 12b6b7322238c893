package dev.taskengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TaskQueryTest {

  @Test
  void listFiltersAreSortedAndDeduplicated() {
    TaskQuery query = TaskQuery.builder("t").types("b", "a", "b").build();
    assertThat(query.types()).containsExactly("a", "b");
    assertThat(query.order()).isEqualTo(SortOrder.NEWEST_FIRST);
  }

  @Test
  void nullsAreRejectedWithTheFieldName() {
    assertThatThrownBy(() -> TaskQuery.builder(null).build())
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("tenant");
    assertThatThrownBy(() -> TaskQuery.builder("t").ids(Arrays.asList("a", null)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ids");
    assertThatThrownBy(() -> TaskQuery.builder("t").statuses((TaskStatus) null).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("statuses");
  }

  @Test
  void reversedTimeRangeIsRejected() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(
            () -> TaskQuery.builder("t").createdBetween(now, now.minusSeconds(1)).build())
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("createdFrom");
  }

  @Test
  void toBuilderKeepsEveryFilter() {
    TaskQuery query =
        TaskQuery.builder("t")
            .ids("i")
            .resourceIds("r")
            .invokeIds("v")
            .types("x")
            .statuses(TaskStatus.RUNNING)
            .parentId("p")
            .level(Level.INSTANCE)
            .resourceName("n")
            .operator("o")
            .createdBetween(Instant.EPOCH, Instant.EPOCH.plusSeconds(1))
            .order(SortOrder.OLDEST_FIRST)
            .build();
    assertThat(query.toBuilder().build()).isEqualTo(query);
  }
}
