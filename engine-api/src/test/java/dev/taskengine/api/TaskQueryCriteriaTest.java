package dev.taskengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The criteria a query lists, and what each accepts. */
class TaskQueryCriteriaTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final Task TASK =
      new Task(
          "id1",
          "t",
          "batch1",
          Level.INSTANCE,
          "Restart",
          TaskStatus.RUNNING,
          "inv1",
          "res1",
          "phone-1",
          "alice",
          null,
          null,
          null,
          null,
          true,
          T0,
          T0,
          null,
          T0,
          1,
          ChildCounters.NONE,
          1,
          "worker-1",
          T0.plusSeconds(30),
          T0,
          null,
          null,
          null);

  @Test
  void aQueryWithoutFiltersHasNoCriteriaAndMatchesEveryTaskOfItsTenant() {
    TaskQuery all = TaskQuery.all("t");

    assertThat(all.criteria()).isEmpty();
    assertThat(all.matches(TASK)).isTrue();
    assertThat(TaskQuery.all("other").matches(TASK)).isFalse();
  }

  @Test
  void criteriaListTheSetFiltersInFieldOrder() {
    TaskQuery query =
        TaskQuery.builder("t")
            .createdBetween(T0, null)
            .statuses(TaskStatus.RUNNING, TaskStatus.PENDING)
            .operator("alice")
            .ids("b", "a")
            .build();

    assertThat(query.criteria())
        .containsExactly(
            new Criterion.AnyOf(TaskQuery.Field.IDS, new TreeSet<>(List.of("a", "b"))),
            new Criterion.AnyOf(
                TaskQuery.Field.STATUSES,
                new TreeSet<>(List.of(TaskStatus.PENDING, TaskStatus.RUNNING))),
            new Criterion.EqualTo(TaskQuery.Field.OPERATOR, "alice"),
            new Criterion.Between(TaskQuery.Field.CREATED_AT, T0, null));
    assertThat(query.criteria().get(0).field().kind()).isEqualTo(Criterion.Kind.ANY_OF);
  }

  @Test
  void eachFilterAcceptsWhatItNamesAndRejectsTheRest() {
    assertMatches(TaskQuery.builder("t").ids("id1", "id9"), TaskQuery.builder("t").ids("id9"));
    assertMatches(
        TaskQuery.builder("t").resourceIds("res1"), TaskQuery.builder("t").resourceIds("res2"));
    assertMatches(TaskQuery.builder("t").parentId("batch1"), TaskQuery.builder("t").parentId("b"));
    assertMatches(TaskQuery.builder("t").invokeIds("inv1"), TaskQuery.builder("t").invokeIds("x"));
    assertMatches(TaskQuery.builder("t").types("Restart"), TaskQuery.builder("t").types("Stop"));
    assertMatches(
        TaskQuery.builder("t").statuses(TaskStatus.RUNNING, TaskStatus.FAILED),
        TaskQuery.builder("t").statuses(TaskStatus.PENDING));
    assertMatches(
        TaskQuery.builder("t").level(Level.INSTANCE), TaskQuery.builder("t").level(Level.BATCH));
    assertMatches(
        TaskQuery.builder("t").resourceName("phone-1"),
        TaskQuery.builder("t").resourceName("phone-2"));
    assertMatches(TaskQuery.builder("t").operator("alice"), TaskQuery.builder("t").operator("bob"));
    // createdFrom is inclusive, createdBefore exclusive.
    assertMatches(
        TaskQuery.builder("t").createdBetween(T0, T0.plusNanos(1000)),
        TaskQuery.builder("t").createdBetween(T0.minusSeconds(1), T0));
    assertMatches(
        TaskQuery.builder("t").createdBetween(null, T0.plusNanos(1000)),
        TaskQuery.builder("t").createdBetween(T0.plusNanos(1000), null));
  }

  @Test
  void aTaskWithoutAValueNeverMatchesAListFilter() {
    Task noResource = TASK.toBuilder().resourceId(null).invokeId(null).build();

    assertThat(TaskQuery.builder("t").resourceIds("res1").build().matches(noResource)).isFalse();
    assertThat(TaskQuery.builder("t").invokeIds("inv1").build().matches(noResource)).isFalse();
  }

  @Test
  void filtersAndTogether() {
    TaskQuery both = TaskQuery.builder("t").types("Restart").operator("bob").build();

    assertThat(both.matches(TASK)).isFalse();
    assertThat(both.toBuilder().operator("alice").build().matches(TASK)).isTrue();
  }

  @Test
  void aCriterionRejectsAFieldOfAnotherKindAndAnEmptyCondition() {
    assertThatThrownBy(() -> new Criterion.EqualTo(TaskQuery.Field.IDS, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IDS");
    assertThatThrownBy(() -> new Criterion.AnyOf(TaskQuery.Field.TYPES, new TreeSet<>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Criterion.Between(TaskQuery.Field.CREATED_AT, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalQueriesAreEqualAndPrintLikeARecord() {
    TaskQuery query = TaskQuery.builder("t").types("b", "a").level(Level.BATCH).build();
    TaskQuery same = TaskQuery.builder("t").types("a", "b").level(Level.BATCH).build();

    assertThat(query).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(query).isNotEqualTo(query.toBuilder().level(Level.INSTANCE).build());
    assertThat(query.toString())
        .isEqualTo(
            "TaskQuery[tenant=t, ids=[], resourceIds=[], parentId=null, invokeIds=[],"
                + " types=[a, b], statuses=[], level=BATCH, resourceName=null, operator=null,"
                + " createdFrom=null, createdBefore=null, order=NEWEST_FIRST]");
  }

  private static void assertMatches(TaskQuery.Builder accepting, TaskQuery.Builder rejecting) {
    TaskQuery accepts = accepting.build();
    TaskQuery rejects = rejecting.build();
    assertThat(accepts.criteria()).as("%s", accepts).hasSize(1);
    assertThat(accepts.matches(TASK)).as("%s matches %s", accepts, TASK).isTrue();
    assertThat(accepts.criteria().get(0).matches(TASK)).isTrue();
    assertThat(rejects.matches(TASK)).as("%s matches %s", rejects, TASK).isFalse();
    assertThat(rejects.criteria().get(0).matches(TASK)).isFalse();
  }
}
