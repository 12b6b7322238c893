package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.Lease;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written baselines do the engine's work: a claim and a lease-checked report write what
 * the engine writes for the same tasks, and the columns they map are the store's, in the store's
 * order, on the current schema and on version 1 alone.
 */
@Slow
class JdbcBaselineTest {
  private static final String ENGINE = "acct-1/engine";
  private static final String JDBC = "acct-2/jdbc";
  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir static Path datasets;

  @BeforeAll
  static void directory() {
    System.setProperty(Bench.DIR_PROPERTY, datasets.toString());
  }

  @AfterAll
  static void stopPostgres() {
    Bench.postgres(BenchPostgres.Role.WRITES).close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void claimThenSucceedWritesWhatTheEngineWrites(String store) throws Exception {
    try (WriteStore database = WriteStore.open(store);
        HikariDataSource pool = database.jdbc().pool()) {
      TaskEngine engine = Bench.engine(database.store());
      JdbcBaseline jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      PairedClaimBenchmark.newBatch(engine, ENGINE, 100);
      PairedClaimBenchmark.newBatch(engine, JDBC, 100);

      List<Task> byEngine =
          engine.claim(ClaimRequest.forTenant(ENGINE).owner("w").lease(LEASE).limit(4).build());
      List<Task> byJdbc = jdbc.claim(JDBC, "w", LEASE, 4);

      assertThat(byJdbc).hasSize(4);
      assertThat(byJdbc.stream().map(Task::resourceId).sorted())
          .containsExactlyElementsOf(byEngine.stream().map(Task::resourceId).sorted().toList());
      for (List<Task> claimed : List.of(byEngine, byJdbc)) {
        for (Task task : claimed) {
          assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
          assertThat(task.attempt()).isEqualTo(1);
          assertThat(task.leaseOwner()).isEqualTo("w");
          assertThat(task.version()).isEqualTo(1);
          assertThat(task.startedAt()).isNotNull();
          assertThat(Duration.between(task.updatedAt(), task.leaseExpiresAt())).isEqualTo(LEASE);
        }
      }
      assertThat(batchOf(engine, ENGINE, byEngine.get(0)))
          .isEqualTo(batchOf(engine, JDBC, byJdbc.get(0)));

      for (int i = 0; i < 4; i++) {
        Task mine = engine.succeed(byEngine.get(i).lease(), WriteBenchmark.RESULT);
        Task theirs = jdbc.succeed(byJdbc.get(i).lease(), WriteBenchmark.RESULT);
        assertThat(theirs.status()).isEqualTo(mine.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(theirs.leaseExpiresAt()).isNull();
        assertThat(theirs.leaseOwner()).isEqualTo(mine.leaseOwner());
        assertThat(theirs.version()).isEqualTo(mine.version());
        assertThat(theirs.result()).isEqualTo(mine.result());
      }
      assertThat(batchOf(engine, JDBC, byJdbc.get(0)))
          .isEqualTo(batchOf(engine, ENGINE, byEngine.get(0)))
          .isEqualTo("RUNNING 100 96 0 4");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aReportWithoutTheLeaseIsRefusedAndWritesNothing(String store) throws Exception {
    try (WriteStore database = WriteStore.open(store);
        HikariDataSource pool = database.jdbc().pool()) {
      TaskEngine engine = Bench.engine(database.store());
      JdbcBaseline jdbc = new JdbcBaseline(pool, database.jdbc().dialect());
      PairedClaimBenchmark.newBatch(engine, JDBC, 100);
      Task claimed = jdbc.claim(JDBC, "w", LEASE, 1).get(0);

      Lease stale = new Lease(JDBC, claimed.id(), "w", claimed.attempt() + 1);
      Lease stranger = new Lease(JDBC, claimed.id(), "someone-else", claimed.attempt());
      for (Lease lease : List.of(stale, stranger)) {
        assertThatThrownBy(() -> jdbc.succeed(lease, "x"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("lost");
      }

      Task now = engine.get(JDBC, claimed.id());
      assertThat(now.status()).isEqualTo(TaskStatus.RUNNING);
      assertThat(now.version()).isEqualTo(claimed.version());
      assertThat(batchOf(engine, JDBC, claimed)).isEqualTo("RUNNING 100 99 1 0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theMappedColumnsAreTheStoresOnEitherSchemaVersion(String store) throws Exception {
    try (WriteStore current = WriteStore.open(store);
        WriteStore first = WriteStore.openFirstVersion(store)) {
      assertThat(columns(current)).isEqualTo(TaskColumns.CURRENT.names());
      assertThat(columns(first)).isEqualTo(TaskColumns.V1.names());
      assertThat(SchemaFile.of(store).taskIndexes().stream().map(SchemaFile.TaskIndex::name))
          .contains("tasks_by_status", "tasks_claimable_by_tenant", "tasks_due");
      assertThat(SchemaFile.first(store).taskIndexes().stream().map(SchemaFile.TaskIndex::name))
          .contains("tasks_by_status")
          .doesNotContain("tasks_claimable_by_tenant", "tasks_due");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theSchemaFilesAreEveryVersionTheStoreApplies(String store) throws Exception {
    try (WriteStore current = WriteStore.open(store);
        Connection connection = current.connection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT max(version) FROM task_schema_version")) {
      row.next();
      assertThat(row.getInt(1)).isEqualTo(SchemaFile.FILES.size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void transitionsOnVersionOneWriteOnlyItsColumns(String store) throws Exception {
    try (WriteStore first = WriteStore.openFirstVersion(store);
        HikariDataSource pool = first.jdbc().pool()) {
      JdbcBaseline jdbc = new JdbcBaseline(pool, first.jdbc().dialect(), TaskColumns.V1);
      List<String> resources = new ArrayList<>(List.of("r-1", "r-2"));
      JdbcBaseline.NewBatch batch = jdbc.insertBatch(JDBC, "T", "req", resources);
      for (Task child : batch.children()) {
        jdbc.start(JDBC, child.id());
      }
      Task last = null;
      for (Task child : batch.children()) {
        last = jdbc.succeed(JDBC, child.id(), "ok");
      }
      assertThat(last.status()).isEqualTo(TaskStatus.SUCCEEDED);
      try (Connection connection = first.connection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT status, succeeded FROM tasks WHERE id = '" + batch.batch().id() + "'")) {
        row.next();
        assertThat(row.getString(1)).isEqualTo("SUCCEEDED");
        assertThat(row.getInt(2)).isEqualTo(2);
      }
    }
  }

  /** The batch of {@code child} as "status total pending running succeeded". */
  private static String batchOf(TaskEngine engine, String tenant, Task child) {
    Task batch = engine.get(tenant, child.parentId());
    return batch.status()
        + " "
        + batch.counters().total()
        + " "
        + batch.counters().pending()
        + " "
        + batch.counters().running()
        + " "
        + batch.counters().succeeded();
  }

  private static List<String> columns(WriteStore database) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM tasks WHERE 1 = 0")) {
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        names.add(rows.getMetaData().getColumnName(i));
      }
    }
    return names;
  }
}
