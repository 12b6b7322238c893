package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.core.TaskEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The versioned schema files: applied once, safely from nodes starting together, or by the host.
 */
class SchemaTest {
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void nodesStartingTogetherApplyEachVersionExactlyOnce(TestStores kind) throws Exception {
    String url = kind.newUrl(directory);
    int nodes = 6;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<JdbcTaskStore> stores = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JdbcTaskStore>> started = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        started.add(
            pool.submit(
                () -> {
                  go.await();
                  return kind.builder(url).poolSize(1).build();
                }));
      }
      go.countDown();
      for (Future<JdbcTaskStore> store : started) {
        stores.add(store.get(2, TimeUnit.MINUTES));
      }
      assertThat(versions(stores.get(0))).containsExactly(1, 2);
      TaskEngine engine = TaskEngines.builder().store(stores.get(nodes - 1)).build();
      Task task = engine.submit(TaskSpec.builder("schema", "Probe").build());
      assertThat(stores.get(0).find("schema", task.id())).contains(task);
    } finally {
      pool.shutdownNow();
      stores.forEach(JdbcTaskStore::close);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void aRestartFindsTheSchemaCurrentAndChangesNothing(TestStores kind) {
    String url = kind.newUrl(directory);
    Task task;
    try (JdbcTaskStore store = kind.builder(url).build()) {
      task = TaskEngines.builder().store(store).build().submit(TaskSpec.builder("s", "T").build());
    }
    try (JdbcTaskStore store = kind.builder(url).build()) {
      assertThat(versions(store)).containsExactly(1, 2);
      assertThat(store.find("s", task.id())).contains(task);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void withAutoApplyOffTheHostRunsTheBundledFilesItself(TestStores kind) {
    String url = kind.newUrl(directory);
    try (JdbcTaskStore store = kind.builder(url).applySchema(false).build()) {
      assertThatThrownBy(() -> store.find("host", "t-1"))
          .isInstanceOf(StoreException.class)
          .isNotInstanceOf(StoreUnavailableException.class);
      // What Flyway or Liquibase would do with the files under schema/<dialect>/, in order.
      for (SchemaMigrator.Migration migration : SchemaMigrator.MIGRATIONS) {
        String text = SqlStatements.read(store.dialect().schemaResource(migration.fileName()));
        store.jdbi().useHandle(handle -> handle.createScript(text).execute());
      }

      Task task =
          TaskEngines.builder().store(store).build().submit(TaskSpec.builder("host", "T").build());
      assertThat(store.find("host", task.id())).contains(task);
      int versionTables =
          store
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery(
                              store.dialect() == Dialect.SQLITE
                                  ? "SELECT count(*) FROM sqlite_master WHERE name = 'task_schema_version'"
                                  : "SELECT count(*) FROM pg_tables WHERE tablename = 'task_schema_version'"
                                      + " AND schemaname = current_schema()")
                          .mapTo(Integer.class)
                          .one());
      assertThat(versionTables).as("the store created nothing").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void aSchemaFileThatChangedAfterItWasAppliedStopsTheStart(TestStores kind) {
    String url = kind.newUrl(directory);
    try (JdbcTaskStore store = kind.builder(url).build()) {
      store
          .jdbi()
          .useHandle(handle -> handle.execute("UPDATE task_schema_version SET checksum = 42"));
    }
    assertThatThrownBy(() -> kind.builder(url).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("released schema files must never change");
  }

  /** The schema versions the database has recorded, in order. */
  static List<Integer> versions(JdbcTaskStore store) {
    return store
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT version FROM task_schema_version ORDER BY version")
                    .mapTo(Integer.class)
                    .list());
  }
}
