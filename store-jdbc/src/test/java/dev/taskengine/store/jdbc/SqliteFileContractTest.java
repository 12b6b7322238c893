package dev.taskengine.store.jdbc;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.tck.Slow;
import dev.taskengine.tck.TaskStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract suite on a SQLite file, one database shared by every test of the suite. */
@Slow
class SqliteFileContractTest extends TaskStoreContract {
  @TempDir static Path directory;
  private static JdbcTaskStore store;

  @BeforeAll
  static void open() {
    store = JdbcTaskStore.builder().url("jdbc:sqlite:" + directory.resolve("contract.db")).build();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected TaskStore createStore() {
    return store;
  }

  @Override
  protected void cleanStore(TaskStore store) {
    // Shared by every test; each test has its own tenants.
  }
}
