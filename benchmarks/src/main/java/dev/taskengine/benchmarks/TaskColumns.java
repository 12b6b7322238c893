package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The columns of {@code tasks} in the order of the store's {@code columns} statement, and the
 * hand-written mapping between them and {@link Task}: by position, with plain JDBC calls. The
 * baselines map rows with this, and the SQLite loader binds with it.
 */
final class TaskColumns {
  static final List<String> NAMES =
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

  /** The column list as the store spells it in its SQL. */
  static final String LIST = String.join(", ", NAMES);

  /** {@code (?, ?, ...)}: one row of an INSERT. */
  static final String ROW_PLACEHOLDERS = "(" + "?, ".repeat(NAMES.size() - 1) + "?)";

  private TaskColumns() {}

  /** Whether timestamps are SQLite's INTEGER microseconds or PostgreSQL's timestamptz. */
  enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  /** Binds every column of {@code task} from parameter {@code first} on. */
  static void bind(PreparedStatement statement, int first, Task task, Dialect dialect)
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
    statement.setInt(p, counters.cancelled());
  }

  /** The task in the current row, whose columns are {@link #NAMES} in order. */
  static Task read(ResultSet row, Dialect dialect) throws SQLException {
    return new Task(
        row.getString(2),
        row.getString(1),
        row.getString(3),
        row.getInt(4) == 1 ? Level.BATCH : Level.INSTANCE,
        row.getString(5),
        TaskStatus.valueOf(row.getString(6)),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        row.getString(10),
        row.getString(11),
        row.getString(12),
        row.getString(13),
        row.getString(14),
        row.getBoolean(15),
        timestamp(row, 16, dialect),
        timestamp(row, 17, dialect),
        timestamp(row, 18, dialect),
        timestamp(row, 19, dialect),
        row.getLong(20),
        new ChildCounters(
            row.getInt(21),
            row.getInt(22),
            row.getInt(23),
            row.getInt(24),
            row.getInt(25),
            row.getInt(26)));
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

  private static void text(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }
}
