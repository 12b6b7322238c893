package dev.taskengine.store.jdbc;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.tck.Slow;
import dev.taskengine.tck.TaskStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract suite on PostgreSQL ({@code TASKENGINE_PG_URL}, or the embedded server), in a
 * schema of its own shared by every test of the suite.
 */
@Slow
class PostgresContractTest extends TaskStoreContract {
  private static JdbcTaskStore store;

  @BeforeAll
  static void open() {
    store = PostgresServer.storeBuilder(PostgresServer.newSchemaUrl()).build();
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
