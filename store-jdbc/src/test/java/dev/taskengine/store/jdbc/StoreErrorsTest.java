package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.core.TaskEngines;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Database errors arrive as the engine's exceptions, with the driver's as the cause. */
class StoreErrorsTest {
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void aTaskIdTakenInTheTenantIsAStoreFailureNamingTheKey(TestStores kind) {
    try (JdbcTaskStore store = kind.open(directory)) {
      TaskEngine engine =
          TaskEngines.builder().store(store).idGenerator((type, level) -> "same-id").build();
      engine.submit(TaskSpec.builder("errors", "T").build());
      assertThatThrownBy(() -> engine.submit(TaskSpec.builder("errors", "T").build()))
          .isExactlyInstanceOf(StoreException.class)
          .hasMessageContaining("already exists")
          .hasRootCauseInstanceOf(java.sql.SQLException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void aClosedStoreFailsAsUnavailable(TestStores kind) {
    JdbcTaskStore store = kind.open(directory);
    store.close();
    assertThatThrownBy(() -> store.count(TaskQuery.all("errors"), 10))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
