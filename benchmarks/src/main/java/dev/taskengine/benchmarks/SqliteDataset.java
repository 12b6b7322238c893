package dev.taskengine.benchmarks;

import dev.taskengine.api.Task;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data set in a SQLite file, built once and reused by every fork and run while its fingerprint
 * (stored in the file's {@code bench_dataset} table) matches.
 *
 * <p>Loading is bulk work, not the store's: the store creates the schema, then one connection with
 * the journal and syncing off drops the secondary indexes, inserts every task in one transaction
 * through multi-row prepared INSERTs, runs the schema file's {@code CREATE INDEX} statements,
 * {@code ANALYZE}s, writes the fingerprint last and switches the file back to WAL. A load that dies
 * half way leaves no fingerprint, so the next run starts over.
 */
final class SqliteDataset {
  private static final int ROWS_PER_INSERT = 64;

  private SqliteDataset() {}

  /** The data set's file under {@code directory}, loaded now if missing or stale. */
  static Path ensure(Path directory, DatasetPlan plan) {
    SchemaFile schema = SchemaFile.of("sqlite");
    String fingerprint = plan.dataset().fingerprint(schema.checksum());
    Path file = directory.resolve(plan.dataset().name() + ".sqlite");
    if (Files.exists(file) && fingerprint.equals(storedFingerprint(file).orElse(null))) {
      return file;
    }
    long started = System.nanoTime();
    Log.info("building the SQLite data set %s (%,d tasks)", file, plan.dataset().totalTasks());
    try {
      Files.createDirectories(directory);
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      // The store makes the schema, exactly as it would for a host.
      JdbcTaskStore.builder().url(url(file)).build().close();
      load(file, plan, schema, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not load " + file, e);
    }
    Log.info("SQLite data set ready in %.1f s", (System.nanoTime() - started) / 1e9);
    return file;
  }

  static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /** What the loader recorded in {@code bench_dataset}: counts and the fingerprint. */
  static Map<String, String> facts(Path file) {
    Map<String, String> facts = new java.util.TreeMap<>();
    try (Connection connection = DriverManager.getConnection(url(file));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT key, value FROM bench_dataset")) {
      while (rows.next()) {
        facts.put(rows.getString(1), rows.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the facts of " + file, e);
    }
    return facts;
  }

  private static Optional<String> storedFingerprint(Path file) {
    try (Connection connection = DriverManager.getConnection(url(file));
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT value FROM bench_dataset WHERE key = 'fingerprint'")) {
      return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty(); // no table yet: a half-built or foreign file
    }
  }

  private static void load(Path file, DatasetPlan plan, SchemaFile schema, String fingerprint)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(file));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = OFF");
      statement.execute("PRAGMA synchronous = OFF");
      statement.execute("PRAGMA cache_size = -1048576"); // 1 GiB
      statement.execute("PRAGMA temp_store = MEMORY");
      statement.execute("PRAGMA threads = 4"); // sort for CREATE INDEX on helper threads
      for (SchemaFile.TaskIndex index : schema.taskIndexes()) {
        statement.execute("DROP INDEX " + index.name());
      }
      connection.setAutoCommit(false);
      DatasetStats stats = new DatasetStats(plan);
      String many =
          "INSERT INTO tasks ("
              + TaskColumns.CURRENT.list()
              + ") VALUES "
              + String.join(
                  ", ",
                  java.util.Collections.nCopies(
                      ROWS_PER_INSERT, TaskColumns.CURRENT.rowPlaceholders()));
      String one =
          "INSERT INTO tasks ("
              + TaskColumns.CURRENT.list()
              + ") VALUES "
              + TaskColumns.CURRENT.rowPlaceholders();
      try (PreparedStatement insertMany = connection.prepareStatement(many);
          PreparedStatement insertOne = connection.prepareStatement(one)) {
        List<Task> pending = new ArrayList<>(ROWS_PER_INSERT);
        SQLException[] failure = new SQLException[1];
        plan.emitAll(
            (root, children) -> {
              if (failure[0] != null) {
                return;
              }
              try {
                stats.add(root, children);
                pending.add(root);
                for (Task child : children) {
                  pending.add(child);
                  if (pending.size() == ROWS_PER_INSERT) {
                    flush(insertMany, pending);
                  }
                }
                if (pending.size() == ROWS_PER_INSERT) {
                  flush(insertMany, pending);
                }
              } catch (SQLException e) {
                failure[0] = e;
              }
            });
        if (failure[0] != null) {
          throw failure[0];
        }
        for (Task task : pending) {
          TaskColumns.CURRENT.bind(insertOne, 1, task, TaskColumns.Dialect.SQLITE);
          insertOne.executeUpdate();
        }
      }
      connection.commit();
      long indexing = System.nanoTime();
      for (SchemaFile.TaskIndex index : schema.taskIndexes()) {
        statement.execute(index.sql());
      }
      connection.commit();
      Log.info("SQLite indexes built in %.1f s", (System.nanoTime() - indexing) / 1e9);
      statement.execute("ANALYZE");
      statement.execute("CREATE TABLE bench_dataset (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      try (PreparedStatement facts =
          connection.prepareStatement("INSERT INTO bench_dataset (key, value) VALUES (?, ?)")) {
        for (Map.Entry<String, String> fact : stats.facts().entrySet()) {
          facts.setString(1, fact.getKey());
          facts.setString(2, fact.getValue());
          facts.executeUpdate();
        }
        facts.setString(1, "fingerprint");
        facts.setString(2, fingerprint);
        facts.executeUpdate();
      }
      connection.commit();
      connection.setAutoCommit(true);
      statement.execute("PRAGMA journal_mode = WAL");
    }
  }

  private static void flush(PreparedStatement insertMany, List<Task> pending) throws SQLException {
    int parameter = 1;
    for (Task task : pending) {
      TaskColumns.CURRENT.bind(insertMany, parameter, task, TaskColumns.Dialect.SQLITE);
      parameter += TaskColumns.CURRENT.names().size();
    }
    insertMany.executeUpdate();
    pending.clear();
  }
}
