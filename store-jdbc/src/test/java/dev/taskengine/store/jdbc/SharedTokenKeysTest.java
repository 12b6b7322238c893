package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page-token key ring kept in the database: engines built without {@code tokenKeys(...)} on
 * separate stores over one database accept each other's page tokens.
 */
class SharedTokenKeysTest {
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void pagesAlternatingBetweenTwoEnginesWithoutConfiguredKeys(TestStores kind) {
    String url = kind.newUrl(directory);
    try (JdbcTaskStore first = kind.builder(url).build();
        JdbcTaskStore second = kind.builder(url).build()) {
      TaskEngine nodeA = TaskEngines.builder().store(first).build();
      TaskEngine nodeB = TaskEngines.builder().store(second).build();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        expected.add(0, nodeA.submit(TaskSpec.builder("keys", "Snapshot").build()).id());
      }
      TaskQuery query = TaskQuery.all("keys");
      List<String> seen = new ArrayList<>();
      Page<Task> page = nodeA.query(query, PageRequest.first(4));
      page.items().forEach(task -> seen.add(task.id()));
      int pages = 1;
      while (page.hasNext()) {
        TaskEngine next = pages % 2 == 0 ? nodeA : nodeB;
        page = next.query(query, PageRequest.after(page.nextToken().orElseThrow(), 4));
        page.items().forEach(task -> seen.add(task.id()));
        pages++;
      }
      assertThat(pages).isEqualTo(7);
      assertThat(seen).containsExactlyElementsOf(expected);
      assertThat(second.sharedTokenKeys().orElseThrow().keys())
          .isEqualTo(first.sharedTokenKeys().orElseThrow().keys());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void nodesRacingToCreateTheFirstKeyAgreeOnOne(TestStores kind) throws Exception {
    String url = kind.newUrl(directory);
    kind.builder(url).build().close(); // the schema, so that only the key creation races
    int nodes = 6;
    List<JdbcTaskStore> stores = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      stores.add(kind.builder(url).poolSize(1).applySchema(false).build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TokenKeyRing>> rings = new ArrayList<>();
      for (JdbcTaskStore store : stores) {
        Callable<TokenKeyRing> read =
            () -> {
              go.await();
              return store.sharedTokenKeys().orElseThrow();
            };
        rings.add(pool.submit(read));
      }
      go.countDown();
      TokenKeyRing first = rings.get(0).get(1, TimeUnit.MINUTES);
      assertThat(first.keys()).hasSize(1);
      for (Future<TokenKeyRing> ring : rings) {
        assertThat(ring.get(1, TimeUnit.MINUTES).active()).isEqualTo(first.active());
      }
      int rows =
          stores
              .get(0)
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery("SELECT count(*) FROM task_token_keys")
                          .mapTo(Integer.class)
                          .one());
      assertThat(rows).isEqualTo(1);
    } finally {
      pool.shutdownNow();
      stores.forEach(JdbcTaskStore::close);
    }
  }
}
