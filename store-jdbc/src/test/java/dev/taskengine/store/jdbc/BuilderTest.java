package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.core.TaskEngines;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class BuilderTest {
  @TempDir Path directory;

  @Test
  void exactlyOneOfUrlAndDataSourceIsRequired() {
    assertThatThrownBy(() -> JdbcTaskStore.builder().build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"));
    SQLiteDataSource dataSource = new SQLiteDataSource();
    assertThatThrownBy(
            () -> JdbcTaskStore.builder().url("jdbc:sqlite:x.db").dataSource(dataSource).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JdbcTaskStore.builder().dataSource(dataSource).poolSize(3).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("poolSize"));
  }

  @Test
  void urlsOfOtherDatabasesAndPrivateInMemorySqliteAreRefused() {
    for (String url :
        new String[] {
          "jdbc:mysql://localhost/tasks",
          "jdbc:h2:mem:tasks",
          "jdbc:sqlite::memory:",
          "jdbc:sqlite:",
          "jdbc:sqlite:file:tasks?mode=memory"
        }) {
      assertThatThrownBy(() -> JdbcTaskStore.builder().url(url).build())
          .as(url)
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"));
    }
  }

  @Test
  void aSharedInMemoryDatabaseRunsOnExactlyOneConnection() {
    assertThatThrownBy(
            () ->
                JdbcTaskStore.builder()
                    .url("jdbc:sqlite:file:one?mode=memory&cache=shared")
                    .poolSize(4)
                    .build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("poolSize"));
    assertThatThrownBy(() -> JdbcTaskStore.builder().poolSize(0))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JdbcTaskStore.builder().connectionTimeout(Duration.ofMillis(10)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void anUnreachablePostgresqlIsUnavailableAtBuild() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                JdbcTaskStore.builder()
                    .url("jdbc:postgresql://127.0.0.1:" + port + "/nowhere")
                    .credentials("nobody", "none")
                    .connectionTimeout(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aHostSqliteDataSourceMustMakeWritersWait() throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("host.db");
    SQLiteDataSource plain = new SQLiteDataSource();
    plain.setUrl(url);
    assertThatThrownBy(() -> JdbcTaskStore.builder().dataSource(plain).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e).hasMessageContaining("IMMEDIATE"));

    SQLiteConfig config = new SQLiteConfig();
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource configured = new SQLiteDataSource(config);
    configured.setUrl(url);
    try (JdbcTaskStore store = JdbcTaskStore.builder().dataSource(configured).build()) {
      Task task =
          TaskEngines.builder().store(store).build().submit(TaskSpec.builder("host", "T").build());
      assertThat(store.find("host", task.id())).contains(task);
    }
  }

  @Test
  void aHostPostgresqlPoolIsBorrowedAndNeverClosed() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresServer.newSchemaUrl());
    if (PostgresServer.isExternal() && System.getenv("TASKENGINE_PG_USER") != null) {
      config.setUsername(System.getenv("TASKENGINE_PG_USER"));
      config.setPassword(System.getenv("TASKENGINE_PG_PASSWORD"));
    }
    config.setMaximumPoolSize(2);
    try (HikariDataSource host = new HikariDataSource(config)) {
      Task task;
      try (JdbcTaskStore store = JdbcTaskStore.builder().dataSource(host).build()) {
        task =
            TaskEngines.builder()
                .store(store)
                .build()
                .submit(TaskSpec.builder("host", "T").build());
      }
      assertThat(host.isClosed()).isFalse();
      try (Connection connection = host.getConnection()) {
        assertThat(connection.isValid(1)).isTrue();
      }
      try (JdbcTaskStore again = JdbcTaskStore.builder().dataSource(host).build()) {
        assertThat(again.find("host", task.id())).contains(task);
      }
    }
  }

  @Test
  void timeoutsAreCheckedAndOnlyForAStoreThatOwnsItsPool() {
    assertThatThrownBy(() -> JdbcTaskStore.builder().statementTimeout(Duration.ZERO))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("statementTimeout"));
    assertThatThrownBy(() -> JdbcTaskStore.builder().socketTimeout(Duration.ofMillis(500)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("socketTimeout"));
    assertThatThrownBy(
            () ->
                JdbcTaskStore.builder()
                    .url("jdbc:postgresql://127.0.0.1:1/x")
                    .statementTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(5))
                    .build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("socketTimeout"));
    assertThatThrownBy(
            () ->
                JdbcTaskStore.builder()
                    .dataSource(new SQLiteDataSource())
                    .statementTimeout(Duration.ofSeconds(5))
                    .build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("statementTimeout"));
  }

  @Test
  void aPostgresqlStatementPastItsTimeoutIsCancelledAndTheCallIsUnavailable() {
    try (JdbcTaskStore store =
        PostgresServer.storeBuilder(PostgresServer.newSchemaUrl())
            .statementTimeout(Duration.ofMillis(300))
            .poolSize(1)
            .build()) {
      String timeout =
          store
              .jdbi()
              .withHandle(
                  handle -> handle.createQuery("SHOW statement_timeout").mapTo(String.class).one());
      assertThat(timeout).isEqualTo("300ms");
      assertThatThrownBy(() -> slowStatement(store))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("canceling statement due to statement timeout");
      // The one pooled connection survived the cancel and serves the next call.
      Task task =
          TaskEngines.builder().store(store).build().submit(TaskSpec.builder("t", "T").build());
      assertThat(store.find("t", task.id())).contains(task);
    }
  }

  @Test
  void aPostgresqlServerThatStopsAnsweringDropsTheConnectionAfterTheSocketTimeout() {
    try (JdbcTaskStore store =
        PostgresServer.storeBuilder(PostgresServer.newSchemaUrl())
            .socketTimeout(Duration.ofSeconds(1))
            .poolSize(1)
            .build()) {
      // pg_sleep stands in for a server that stops answering: the driver gives up reading.
      assertThatThrownBy(() -> slowStatement(store)).isInstanceOf(StoreUnavailableException.class);
      Task task =
          TaskEngines.builder().store(store).build().submit(TaskSpec.builder("t", "T").build());
      assertThat(store.find("t", task.id())).contains(task);
    }
  }

  private static void slowStatement(JdbcTaskStore store) {
    try {
      store.jdbi().useHandle(h -> h.createQuery("SELECT pg_sleep(3)").mapTo(String.class).one());
    } catch (RuntimeException e) {
      throw StoreErrors.translate("slow", e);
    }
  }
}
