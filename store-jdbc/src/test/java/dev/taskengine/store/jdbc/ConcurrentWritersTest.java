package dev.taskengine.store.jdbc;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.tck.Seeds;
import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Eight threads apply random transitions to shared batches through one store: writers queue on the
 * database (IMMEDIATE transactions and busy_timeout on SQLite, row locks on PostgreSQL), no
 * SQLITE_BUSY or other store failure reaches a caller, and every counter equals a recount.
 */
@Slow
class ConcurrentWritersTest {
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void randomTransitionsFromEightThreadsKeepEveryCounterTrue(TestStores kind) throws Exception {
    long seed =
        Seeds.seed(
            "ConcurrentWritersTest.randomTransitionsFromEightThreadsKeepEveryCounterTrue["
                + kind
                + "]");
    try (JdbcTaskStore store = kind.open(directory)) {
      TaskEngine engine = TaskEngines.builder().store(store).build();
      new RandomWorkload(List.of(engine), "race-" + seed, seed).run(6, 20, 8, 250);
    }
  }
}
