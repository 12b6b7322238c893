package dev.taskengine.store.jdbc;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.tck.Seeds;
import dev.taskengine.tck.Slow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two nodes: two engines with separate stores and pools over one PostgreSQL database. Threads apply
 * random transitions to shared batches through both; afterwards every counter equals a recount.
 * Correctness comes from the database's row locks and compare-and-set, never from a JVM lock.
 */
@Slow
class TwoNodePostgresTest {
  @Test
  void twoEnginesOnOneDatabaseKeepEveryCounterTrue() throws Exception {
    long seed = Seeds.seed("TwoNodePostgresTest.twoEnginesOnOneDatabaseKeepEveryCounterTrue");
    String url = PostgresServer.newSchemaUrl();
    try (JdbcTaskStore first = PostgresServer.storeBuilder(url).poolSize(4).build();
        JdbcTaskStore second = PostgresServer.storeBuilder(url).poolSize(4).build()) {
      TaskEngine nodeA = TaskEngines.builder().store(first).build();
      TaskEngine nodeB = TaskEngines.builder().store(second).build();
      new RandomWorkload(List.of(nodeA, nodeB), "two-nodes-" + seed, seed).run(8, 25, 8, 500);
    }
  }
}
