package dev.taskengine.benchmarks;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A fresh, empty database for the write benchmarks, so that writes never touch the read data set: a
 * new memory store, a new SQLite file, or a new PostgreSQL schema on the write server, which
 * commits durably ({@link BenchPostgres.Role#WRITES}), for the engine and the baselines alike; the
 * file or schema is removed by {@link #close()}. {@link #clear()} empties it between iterations so
 * that it never grows beyond what one iteration writes. {@link #openFirstVersion} makes one with
 * schema version 1 alone and no store on it, for the baselines.
 */
final class WriteStore implements AutoCloseable {
  private final String kind;
  private final JdbcTarget jdbc;
  private final Path file;
  private final String schema;
  private TaskStore store;

  private WriteStore(String kind, TaskStore store, JdbcTarget jdbc, Path file, String schema) {
    this.kind = kind;
    this.store = store;
    this.jdbc = jdbc;
    this.file = file;
    this.schema = schema;
  }

  /** The server of every PostgreSQL write store. */
  private static BenchPostgres server() {
    return Bench.postgres(BenchPostgres.Role.WRITES);
  }

  static WriteStore open(String kind) {
    String name = newName();
    switch (kind) {
      case "memory":
        return new WriteStore(kind, new MemoryTaskStore(), null, null, null);
      case "sqlite":
        {
          Path file = sqliteFile(name);
          String url = SqliteDataset.url(file);
          return new WriteStore(
              kind,
              JdbcTaskStore.builder().url(url).build(),
              new JdbcTarget(url, null, null, TaskColumns.Dialect.SQLITE),
              file,
              null);
        }
      case "postgresql":
        {
          BenchPostgres server = server();
          String schema = postgresSchema(server, name);
          String url = server.schemaUrl(schema);
          JdbcTaskStore.Builder builder = JdbcTaskStore.builder().url(url);
          if (server.user() != null) {
            builder.credentials(server.user(), server.password() == null ? "" : server.password());
          }
          return new WriteStore(
              kind,
              builder.build(),
              new JdbcTarget(url, server.user(), server.password(), TaskColumns.Dialect.POSTGRESQL),
              null,
              schema);
        }
      default:
        throw new IllegalArgumentException("unknown store " + kind);
    }
  }

  /**
   * A fresh SQLite file or PostgreSQL schema made from the first schema file alone, by plain JDBC;
   * {@link #store()} is null.
   */
  static WriteStore openFirstVersion(String kind) {
    String name = newName() + "_v1";
    WriteStore database;
    switch (kind) {
      case "sqlite":
        {
          Path file = sqliteFile(name);
          JdbcTarget jdbc =
              new JdbcTarget(SqliteDataset.url(file), null, null, TaskColumns.Dialect.SQLITE);
          database = new WriteStore(kind, null, jdbc, file, null);
          break;
        }
      case "postgresql":
        {
          BenchPostgres server = server();
          String schema = postgresSchema(server, name);
          JdbcTarget jdbc =
              new JdbcTarget(
                  server.schemaUrl(schema),
                  server.user(),
                  server.password(),
                  TaskColumns.Dialect.POSTGRESQL);
          database = new WriteStore(kind, null, jdbc, null, schema);
          break;
        }
      default:
        throw new IllegalArgumentException("no schema version 1 for store " + kind);
    }
    database.runFirstSchema(kind);
    return database;
  }

  /** A new SQLite file's path in the data set directory, which is created if missing. */
  private static Path sqliteFile(String name) {
    Path file = Bench.datasetsDirectory().resolve("write-" + name + ".sqlite");
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Creates a new, empty schema on {@code server}; returns its name. */
  private static String postgresSchema(BenchPostgres server, String name) {
    String schema = "te_bench_" + name;
    try (Connection connection = server.connect(server.url());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return schema;
  }

  private void runFirstSchema(String dialect) {
    try (Connection connection = connect(jdbc.url());
        Statement statement = connection.createStatement()) {
      if (jdbc.dialect() == TaskColumns.Dialect.SQLITE) {
        statement.execute("PRAGMA journal_mode = WAL"); // as the store sets it on its files
      }
      for (String sql : SchemaFile.first(dialect).statements()) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not apply schema version 1", e);
    }
  }

  private static String newName() {
    return "w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  String kind() {
    return kind;
  }

  /**
   * The store; a new one after {@link #clear()} on the memory store; null on a database of {@link
   * #openFirstVersion}.
   */
  TaskStore store() {
    return store;
  }

  /** The database, for the baselines; null for the memory store. */
  JdbcTarget jdbc() {
    return jdbc;
  }

  /** Deletes every task: a new memory store, or the tables emptied by plain SQL. */
  void clear() {
    if (jdbc == null) {
      store = new MemoryTaskStore();
    } else if (jdbc.dialect() == TaskColumns.Dialect.POSTGRESQL) {
      execute("clear", "TRUNCATE tasks, task_client_tokens");
    } else {
      execute("clear", "DELETE FROM task_client_tokens", "DELETE FROM tasks");
    }
  }

  /**
   * On PostgreSQL, vacuums the tasks table now, as an autovacuum tuned for a queue keeps it;
   * nothing elsewhere (SQLite reuses its free pages and keeps no old row versions). Every claim and
   * report leaves a dead row version, and a claim's index scan steps over the dead entries of the
   * claimed rows until a vacuum removes them: left to the default autovacuum, whose first pass
   * comes tens of seconds into a fork, a short benchmark measures a table many times its live size,
   * and its figures depend on when that pass happens to run.
   */
  void vacuum() {
    if (jdbc != null && jdbc.dialect() == TaskColumns.Dialect.POSTGRESQL) {
      execute("vacuum", "VACUUM tasks");
    }
  }

  /** Runs {@code statements} on a plain connection, each in a transaction of its own. */
  private void execute(String what, String... statements) {
    try (Connection connection = connect(jdbc.url());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not " + what + " the write store", e);
    }
  }

  /** A plain connection to the database, outside any pool. */
  Connection connection() throws SQLException {
    return connect(jdbc.url());
  }

  private Connection connect(String url) throws SQLException {
    return jdbc.dialect() == TaskColumns.Dialect.POSTGRESQL
        ? server().connect(url)
        : java.sql.DriverManager.getConnection(url);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    try {
      if (file != null) {
        for (String suffix : List.of("", "-wal", "-shm")) {
          Files.deleteIfExists(Path.of(file + suffix));
        }
      }
      if (schema != null) {
        try (Connection connection = server().connect(server().url());
            Statement statement = connection.createStatement()) {
          statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    } catch (IOException | SQLException e) {
      Log.info("could not remove the write store: %s", e);
    }
  }
}
