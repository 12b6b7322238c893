package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Limits;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keyset pages: each task of the snapshot exactly once, in sort-key order, whatever happens between
 * pages; tasks created after the first page never appear; page sizes may change.
 */
interface PagingContract extends ContractFixture {

  Pattern BASE64URL_WITHOUT_PADDING = Pattern.compile("[A-Za-z0-9_-]+");

  private List<Task> submitSingles(String type, int count) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(engine().submit(TaskSpec.builder(tenant(), type).resourceId("res-" + i).build()));
      if (i % 3 == 0) {
        clock().advance(Duration.ofMillis(1));
      }
    }
    return tasks;
  }

  @Test
  default void pagesNeitherRepeatNorMissTasksWhileOthersAreInsertedAndUpdated() {
    long seed =
        Seeds.seed("PagingContract.pagesNeitherRepeatNorMissTasksWhileOthersAreInsertedAndUpdated");
    Random random = new Random(seed);
    List<Task> paged = submitSingles("Paged", 60);
    List<Task> others = submitSingles("Other", 10);

    for (SortOrder order : SortOrder.values()) {
      TaskQuery query = TaskQuery.builder(tenant()).types("Paged").order(order).build();
      // what exists now: the first order's run added tasks the second order's run must show
      List<String> expected = Tck.ids(Tck.expected(allTasks(tenant()), query));
      List<String> seen = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        Page<Task> page = engine().query(query, new PageRequest(token, 7));
        page.items().forEach(task -> seen.add(task.id()));
        token = page.nextToken().orElse(null);
        pages++;
        // between pages: new matching and non-matching tasks, and updates of seen and unseen tasks
        clock().advance(Duration.ofMillis(1 + random.nextInt(1000)));
        engine().submit(TaskSpec.builder(tenant(), "Paged").build());
        engine().submit(TaskSpec.builder(tenant(), "Other").build());
        for (int i = 0; i < 3; i++) {
          Task target =
              random.nextBoolean()
                  ? paged.get(random.nextInt(paged.size()))
                  : others.get(random.nextInt(others.size()));
          Task current = reload(target);
          switch (current.status()) {
            case PENDING -> engine().start(tenant(), current.id());
            case RUNNING -> engine().recordProgress(tenant(), current.id(), "page " + pages);
            default -> {}
          }
        }
      } while (token != null);

      assertThat(seen).as("%s pages (seed %d)", order, seed).isEqualTo(expected);
      assertThat(pages).isEqualTo((expected.size() + 6) / 7);
    }
  }

  @Test
  default void thousandTasksWithOneCreatedAtArePagedExactlyOnceInSortKeyOrder() {
    BatchSpec.Builder spec = BatchSpec.builder(tenant(), TYPE);
    for (int i = 0; i < 999; i++) {
      spec.child("res-" + i);
    }
    Task batch = engine().submitBatch(spec.build());
    List<Task> all = new ArrayList<>(childrenOf(batch));
    all.add(batch);
    assertThat(all).hasSize(1_000).allMatch(task -> task.createdAt().equals(batch.createdAt()));

    for (SortOrder order : SortOrder.values()) {
      TaskQuery query = TaskQuery.builder(tenant()).order(order).build();
      List<Task> pages = Tck.readAll(engine(), query, 7);
      assertThat(Tck.ids(pages)).as("%s", order).isEqualTo(Tck.ids(Tck.expected(all, query)));
    }
  }

  @Test
  default void tasksCreatedAfterTheFirstPageNeverAppear() {
    List<Task> before = submitSingles(TYPE, 20);
    for (SortOrder order : SortOrder.values()) {
      TaskQuery query = TaskQuery.builder(tenant()).order(order).build();
      List<Task> snapshot = allTasks(tenant());
      List<String> seen = new ArrayList<>();
      Set<String> later = new HashSet<>();
      Page<Task> page = engine().query(query, PageRequest.first(6));
      page.items().forEach(task -> seen.add(task.id()));
      while (page.hasNext()) {
        clock().advance(Duration.ofMillis(1));
        later.add(engine().submit(TaskSpec.builder(tenant(), TYPE).build()).id());
        later.add(engine().submitBatch(batchSpec(tenant(), 2).build()).id());
        page = engine().query(query, PageRequest.after(page.nextToken().orElseThrow(), 6));
        page.items().forEach(task -> seen.add(task.id()));
      }
      assertThat(seen).as("%s", order).isEqualTo(Tck.ids(Tck.expected(snapshot, query)));
      assertThat(seen).doesNotContainAnyElementsOf(later);
      assertThat(Tck.ids(Tck.readAll(engine(), query, 100)))
          .as("a new first page sees them")
          .containsAll(later);
    }
    assertThat(before).hasSize(20);
  }

  @Test
  default void pageSizeMayChangeBetweenPages() {
    List<Task> tasks = submitSingles(TYPE, 50);
    int[] sizes = {1, 5, 100, 3, 7, 2};
    for (SortOrder order : SortOrder.values()) {
      TaskQuery query = TaskQuery.builder(tenant()).order(order).build();
      List<String> expected = Tck.ids(Tck.expected(tasks, query));
      List<String> seen = new ArrayList<>();
      Page<Task> page = engine().query(query, PageRequest.first(sizes[0]));
      assertThat(page.items()).hasSize(1);
      page.items().forEach(task -> seen.add(task.id()));
      for (int i = 1; page.hasNext(); i++) {
        int size = sizes[i % sizes.length];
        page = engine().query(query, PageRequest.after(page.nextToken().orElseThrow(), size));
        assertThat(page.items().size()).isEqualTo(Math.min(size, expected.size() - seen.size()));
        page.items().forEach(task -> seen.add(task.id()));
      }
      assertThat(seen).as("%s", order).isEqualTo(expected);
    }
  }

  @Test
  default void defaultPageSizeAppliesWhenNoSizeIsGiven() {
    submitSingles(TYPE, 25);
    Page<Task> first = engine().query(TaskQuery.all(tenant()), PageRequest.first());
    assertThat(first.items()).hasSize(Limits.defaults().defaultPageSize());
    Page<Task> second =
        engine()
            .query(TaskQuery.all(tenant()), new PageRequest(first.nextToken().orElseThrow(), null));
    assertThat(second.items()).hasSize(Limits.defaults().defaultPageSize());

    TaskEngine engine =
        engineBuilder().limits(Limits.defaults().toBuilder().defaultPageSize(4).build()).build();
    assertThat(engine.query(TaskQuery.all(tenant()), PageRequest.first()).items()).hasSize(4);
    assertThat(engine.query(TaskQuery.all(tenant()), new PageRequest("", null)).items())
        .as("an empty token is the first page")
        .hasSize(4);
  }

  @Test
  default void lastPageHasNoNextTokenAndAnEmptyResultIsOneEmptyPage() {
    Page<Task> empty = engine().query(TaskQuery.all(tenant()), PageRequest.first(5));
    assertThat(empty.items()).isEmpty();
    assertThat(empty.hasNext()).isFalse();

    submitSingles(TYPE, 10);
    Page<Task> first = engine().query(TaskQuery.all(tenant()), PageRequest.first(5));
    assertThat(first.items()).hasSize(5);
    assertThat(first.hasNext()).isTrue();
    Page<Task> last =
        engine()
            .query(TaskQuery.all(tenant()), PageRequest.after(first.nextToken().orElseThrow(), 5));
    assertThat(last.items()).hasSize(5);
    assertThat(last.hasNext())
        .as("the engine reads one row more to know that none follows")
        .isFalse();

    Page<Task> whole = engine().query(TaskQuery.all(tenant()), PageRequest.first(10));
    assertThat(whole.items()).hasSize(10);
    assertThat(whole.hasNext()).isFalse();
  }

  @Test
  default void pageTokensAreUnpaddedBase64UrlOfBoundedLength() {
    String longName = "y".repeat(256);
    for (int i = 0; i < 30; i++) {
      engine().submit(TaskSpec.builder(tenant(), TYPE).resource("res-" + i, longName).build());
    }
    TaskQuery everything = TaskQuery.all(tenant());
    TaskQuery longFilter =
        TaskQuery.builder(tenant())
            .types(TYPE, "x".repeat(256))
            .statuses(TaskStatus.PENDING)
            .resourceName(longName)
            .operator(null)
            .build();
    for (TaskQuery query : List.of(everything, longFilter)) {
      Page<Task> page = engine().query(query, PageRequest.first(3));
      for (int i = 0; i < 5; i++) {
        assertThat(page.hasNext()).isTrue();
        String token = page.nextToken().orElseThrow();
        assertThat(token).matches(BASE64URL_WITHOUT_PADDING).hasSizeLessThanOrEqualTo(1_024);
        page = engine().query(query, PageRequest.after(token, 3));
      }
    }
  }

  @Test
  default void validTokenGivesTheNextPageAgainAndAgain() {
    submitSingles(TYPE, 30);
    TaskQuery query = TaskQuery.builder(tenant()).types(TYPE).build();
    Page<Task> first = engine().query(query, PageRequest.first(5));
    String token = first.nextToken().orElseThrow();
    Page<Task> second = engine().query(query, PageRequest.after(token, 5));
    assertThat(second.items()).hasSize(5).doesNotContainAnyElementsOf(first.items());
    assertThat(engine().query(query, PageRequest.after(token, 5)).items())
        .as("tokens are stateless: the same token reads the same page")
        .isEqualTo(second.items());
    assertThat(
            engine()
                .query(
                    TaskQuery.builder(tenant()).types(TYPE, TYPE).build(),
                    PageRequest.after(token, 5))
                .items())
        .as("an equal filter built anew")
        .isEqualTo(second.items());
  }
}
