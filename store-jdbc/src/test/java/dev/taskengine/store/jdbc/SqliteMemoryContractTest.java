package dev.taskengine.store.jdbc;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.tck.TaskStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract suite on a shared in-memory SQLite database (one connection), shared by every
 * test of the suite.
 */
class SqliteMemoryContractTest extends TaskStoreContract {
  private static JdbcTaskStore store;

  @BeforeAll
  static void open() {
    store = TestStores.SQLITE_MEMORY.open(null);
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
