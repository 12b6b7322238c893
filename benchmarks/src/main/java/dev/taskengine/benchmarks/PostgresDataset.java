package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Task;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A data set in a PostgreSQL schema of its own ({@code te_bench_<data set name>}, so that the tiny
 * data set of the tests never replaces the full one on a shared server), built once and reused by
 * every fork and run while its fingerprint (in the schema's {@code bench_dataset} table) matches.
 *
 * <p>Loading: the store creates the schema; then, in one transaction, the loader drops the primary
 * key and the secondary indexes of {@code tasks}, truncates it (with {@code wal_level=minimal} a
 * table truncated in the loading transaction is written without WAL) and streams every task through
 * {@code COPY ... FROM STDIN (FORMAT binary)}. Then it rebuilds the primary key and the schema
 * file's indexes, runs {@code VACUUM (ANALYZE)}, writes the fingerprint last and checkpoints.
 */
final class PostgresDataset {
  /** The schema of a read data set. */
  static String schema(Dataset dataset) {
    return "te_bench_" + dataset.name();
  }

  /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private static final int FLUSH_BYTES = 4 << 20;

  private PostgresDataset() {}

  /** Loads the data set into its schema unless it is there already; returns its URL. */
  static String ensure(BenchPostgres server, DatasetPlan plan) {
    SchemaFile schemaFile = SchemaFile.of("postgresql");
    String fingerprint = plan.dataset().fingerprint(schemaFile.checksum());
    String schema = schema(plan.dataset());
    String url = server.schemaUrl(schema);
    try {
      if (fingerprint.equals(storedFingerprint(server, url).orElse(null))) {
        return url;
      }
      long started = System.nanoTime();
      Log.info(
          "building the PostgreSQL data set in schema %s (%,d tasks)",
          schema, plan.dataset().totalTasks());
      try (Connection connection = server.connect(server.url());
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        statement.execute("CREATE SCHEMA " + schema);
      }
      JdbcTaskStore.Builder store = JdbcTaskStore.builder().url(url);
      if (server.user() != null) {
        store.credentials(server.user(), server.password() == null ? "" : server.password());
      }
      store.build().close(); // the store makes the schema, exactly as it would for a host
      load(server, url, plan, schemaFile, fingerprint);
      Log.info("PostgreSQL data set ready in %.1f s", (System.nanoTime() - started) / 1e9);
      return url;
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the PostgreSQL data set", e);
    }
  }

  private static Optional<String> storedFingerprint(BenchPostgres server, String url) {
    try (Connection connection = server.connect(url);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT value FROM bench_dataset WHERE key = 'fingerprint'")) {
      return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty(); // no schema or no table yet
    }
  }

  private static void load(
      BenchPostgres server, String url, DatasetPlan plan, SchemaFile schema, String fingerprint)
      throws SQLException {
    try (Connection connection = server.connect(url);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (SchemaFile.TaskIndex index : schema.taskIndexes()) {
        statement.execute("DROP INDEX " + index.name());
      }
      statement.execute("ALTER TABLE tasks DROP CONSTRAINT tasks_pkey");
      statement.execute("TRUNCATE tasks");
      DatasetStats stats = new DatasetStats(plan);
      CopyIn copy =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY tasks (" + TaskColumns.CURRENT.list() + ") FROM STDIN (FORMAT binary)");
      try {
        BinaryRows rows = new BinaryRows(copy);
        plan.emitAll(
            (root, children) -> {
              stats.add(root, children);
              rows.write(root);
              for (Task child : children) {
                rows.write(child);
              }
            });
        rows.finish();
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
      long indexing = System.nanoTime();
      statement.execute("SET maintenance_work_mem = '1GB'");
      statement.execute("SET max_parallel_maintenance_workers = 1");
      statement.execute("ALTER TABLE tasks ADD CONSTRAINT tasks_pkey PRIMARY KEY (tenant, id)");
      for (SchemaFile.TaskIndex index : schema.taskIndexes()) {
        statement.execute(index.sql());
      }
      Log.info("PostgreSQL indexes built in %.1f s", (System.nanoTime() - indexing) / 1e9);
      statement.execute("VACUUM (ANALYZE) tasks");
      statement.execute("CREATE TABLE bench_dataset (key text PRIMARY KEY, value text NOT NULL)");
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
      if (server.isEmbedded()) {
        statement.execute("CHECKPOINT"); // so that stopping the server later is quick
      }
    }
  }

  /** Tasks as rows of PostgreSQL's binary COPY format, in the column order of the store. */
  private static final class BinaryRows {
    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + 65_536);
    private final DataOutputStream out = new DataOutputStream(buffer);

    BinaryRows(CopyIn copy) {
      this.copy = copy;
      try {
        out.writeBytes("PGCOPY\n");
        out.write(new byte[] {(byte) 0xFF, '\r', '\n', 0});
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(Task task) {
      try {
        out.writeShort(TaskColumns.CURRENT.names().size());
        text(task.tenant());
        text(task.id());
        text(task.parentId());
        out.writeInt(2);
        out.writeShort(task.level().number());
        text(task.type());
        text(task.status().name());
        text(task.invokeId());
        text(task.resourceId());
        text(task.resourceName());
        text(task.operator());
        text(task.param());
        text(task.result());
        text(task.errorCode());
        text(task.errorMessage());
        out.writeInt(1);
        out.writeByte(task.cancellable() ? 1 : 0);
        timestamp(task.createdAt());
        timestamp(task.startedAt());
        timestamp(task.finishedAt());
        timestamp(task.updatedAt());
        out.writeInt(8);
        out.writeLong(task.version());
        ChildCounters counters = task.counters();
        for (int counter :
            List.of(
                counters.total(),
                counters.pending(),
                counters.running(),
                counters.succeeded(),
                counters.failed(),
                counters.cancelled())) {
          out.writeInt(4);
          out.writeInt(counter);
        }
        // Version 2: what an instance task carries before its first claim; the generator makes no
        // leases, deadlines or retry policies.
        out.writeInt(4);
        out.writeInt(task.attempt());
        text(task.leaseOwner());
        timestamp(task.leaseExpiresAt());
        timestamp(task.availableAt());
        timestamp(task.deadline());
        for (int unset = 0; unset < 4; unset++) {
          out.writeInt(-1); // max_run_time and the three retry-policy columns
        }
        if (buffer.size() >= FLUSH_BYTES) {
          flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void finish() {
      try {
        out.writeShort(-1);
        flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void flush() {
      try {
        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
      } catch (SQLException e) {
        throw new IllegalStateException("COPY failed", e);
      }
      buffer.reset();
    }

    /**
     * Text as the store writes it. The generator never makes U+0000 or U+0001, which the store
     * would escape on PostgreSQL, so the bytes are the value's UTF-8.
     */
    private void text(String value) throws IOException {
      if (value == null) {
        out.writeInt(-1);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }

    private void timestamp(Instant value) throws IOException {
      if (value == null) {
        out.writeInt(-1);
        return;
      }
      out.writeInt(8);
      out.writeLong(DatasetPlan.micros(value) - POSTGRES_EPOCH_MICROS);
    }
  }
}
