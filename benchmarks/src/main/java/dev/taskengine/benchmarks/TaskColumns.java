package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of {@code tasks} of one schema version, in the order of the store's {@code columns}
 * statement, and the hand-written mapping between them and {@link Task}: by position, with plain
 * JDBC calls. The baselines map rows with this, and the data set loaders bind with it. {@link #V1}
 * is the first schema alone (what {@link PairedSchemaBenchmark} compares against); {@link #CURRENT}
 * is what the store makes today.
 */
enum TaskColumns {
  /** Schema version 1: the task, its timestamps and a batch's counters. */
  V1(Names.V1),
  /** Version 2 adds work governance: attempts, leases, availability, deadlines and retries. */
  V2(Names.V2);

  /** The version the store creates. */
  static final TaskColumns CURRENT = V2;

  private final List<String> names;
  private final String list;
  private final String rowPlaceholders;

  TaskColumns(List<String> names) {
    this.names = names;
    this.list = String.join(", ", names);
    this.rowPlaceholders = "(" + "?, ".repeat(names.size() - 1) + "?)";
  }

  /** The column names in order. */
  List<String> names() {
    return names;
  }

  /** The column list as the store spells it in its SQL. */
  String list() {
    return list;
  }

  /** {@code (?, ?, ...)}: one row of an INSERT. */
  String rowPlaceholders() {
    return rowPlaceholders;
  }

  /** Whether this version has the work-governance columns. */
  boolean governed() {
    return this != V1;
  }

  /** Whether timestamps are SQLite's INTEGER microseconds or PostgreSQL's timestamptz. */
  enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  private static final class Names {
    static final List<String> V1 =
        List.of(
            "tenant",
            "id",
            "parent_id",
            "level",
            "type",
            "status",
            "invoke_id",
            "resource_id",
            "resource_name",
            "operator",
            "param",
            "result",
            "error_code",
            "error_message",
            "cancellable",
            "created_at",
            "started_at",
            "finished_at",
            "updated_at",
            "version",
            "total",
            "pending",
            "running",
            "succeeded",
            "failed",
            "cancelled");

    private static final List<String> GOVERNANCE =
        List.of(
            "attempt",
            "lease_owner",
            "lease_expires_at",
            "available_at",
            "deadline",
            "max_run_time",
            "retry_max_attempts",
            "retry_initial_backoff",
            "retry_max_backoff");

    // After GOVERNANCE: static fields are initialised in order.
    static final List<String> V2 = concat(V1, GOVERNANCE);

    private static List<String> concat(List<String> first, List<String> second) {
      List<String> all = new ArrayList<>(first);
      all.addAll(second);
      return List.copyOf(all);
    }
  }

  /** Binds every column of {@code task} from parameter {@code first} on. */
  void bind(PreparedStatement statement, int first, Task task, Dialect dialect)
      throws SQLException {
    int p = first;
    statement.setString(p++, task.tenant());
    statement.setString(p++, task.id());
    text(statement, p++, task.parentId());
    statement.setInt(p++, task.level().number());
    statement.setString(p++, task.type());
    statement.setString(p++, task.status().name());
    text(statement, p++, task.invokeId());
    text(statement, p++, task.resourceId());
    text(statement, p++, task.resourceName());
    text(statement, p++, task.operator());
    text(statement, p++, task.param());
    text(statement, p++, task.result());
    text(statement, p++, task.errorCode());
    text(statement, p++, task.errorMessage());
    statement.setBoolean(p++, task.cancellable());
    timestamp(statement, p++, task.createdAt(), dialect);
    timestamp(statement, p++, task.startedAt(), dialect);
    timestamp(statement, p++, task.finishedAt(), dialect);
    timestamp(statement, p++, task.updatedAt(), dialect);
    statement.setLong(p++, task.version());
    ChildCounters counters = task.counters();
    statement.setInt(p++, counters.total());
    statement.setInt(p++, counters.pending());
    statement.setInt(p++, counters.running());
    statement.setInt(p++, counters.succeeded());
    statement.setInt(p++, counters.failed());
    statement.setInt(p++, counters.cancelled());
    if (!governed()) {
      return;
    }
    statement.setInt(p++, task.attempt());
    text(statement, p++, task.leaseOwner());
    timestamp(statement, p++, task.leaseExpiresAt(), dialect);
    timestamp(statement, p++, task.availableAt(), dialect);
    timestamp(statement, p++, task.deadline(), dialect);
    micros(statement, p++, task.maxRunTime());
    RetryPolicy retry = task.retryPolicy();
    if (retry == null) {
      statement.setNull(p++, Types.INTEGER);
    } else {
      statement.setInt(p++, retry.maxAttempts());
    }
    micros(statement, p++, retry == null ? null : retry.initialBackoff());
    micros(statement, p, retry == null ? null : retry.maxBackoff());
  }

  /** The task in the current row, whose columns are {@link #names()} in order. */
  Task read(ResultSet row, Dialect dialect) throws SQLException {
    Task.Builder task =
        Task.builder()
            .id(row.getString(2))
            .tenant(row.getString(1))
            .parentId(row.getString(3))
            .level(row.getInt(4) == 1 ? Level.BATCH : Level.INSTANCE)
            .type(row.getString(5))
            .status(TaskStatus.valueOf(row.getString(6)))
            .invokeId(row.getString(7))
            .resourceId(row.getString(8))
            .resourceName(row.getString(9))
            .operator(row.getString(10))
            .param(row.getString(11))
            .result(row.getString(12))
            .errorCode(row.getString(13))
            .errorMessage(row.getString(14))
            .cancellable(row.getBoolean(15))
            .createdAt(timestamp(row, 16, dialect))
            .startedAt(timestamp(row, 17, dialect))
            .finishedAt(timestamp(row, 18, dialect))
            .updatedAt(timestamp(row, 19, dialect))
            .version(row.getLong(20))
            .counters(
                new ChildCounters(
                    row.getInt(21),
                    row.getInt(22),
                    row.getInt(23),
                    row.getInt(24),
                    row.getInt(25),
                    row.getInt(26)));
    if (governed()) {
      task.attempt(row.getInt(27))
          .leaseOwner(row.getString(28))
          .leaseExpiresAt(timestamp(row, 29, dialect))
          .availableAt(timestamp(row, 30, dialect))
          .deadline(timestamp(row, 31, dialect))
          .maxRunTime(micros(row, 32));
      int maxAttempts = row.getInt(33);
      if (!row.wasNull()) {
        task.retryPolicy(new RetryPolicy(maxAttempts, micros(row, 34), micros(row, 35)));
      }
    }
    return task.build();
  }

  static void timestamp(PreparedStatement statement, int index, Instant value, Dialect dialect)
      throws SQLException {
    if (dialect == Dialect.SQLITE) {
      if (value == null) {
        statement.setNull(index, Types.BIGINT);
      } else {
        statement.setLong(index, DatasetPlan.micros(value));
      }
    } else if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  private static Instant timestamp(ResultSet row, int index, Dialect dialect) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      long micros = row.getLong(index);
      return row.wasNull() ? null : DatasetPlan.micros(micros);
    }
    OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A duration as whole microseconds, as the store keeps run-time limits and backoffs. */
  private static void micros(PreparedStatement statement, int index, Duration value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value.toNanos() / 1_000);
    }
  }

  private static Duration micros(ResultSet row, int index) throws SQLException {
    long micros = row.getLong(index);
    return row.wasNull() ? null : Duration.of(micros, ChronoUnit.MICROS);
  }

  private static void text(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }
}
