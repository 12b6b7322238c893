package dev.taskengine.store.jdbc;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * How a {@link Task} maps to a row of {@code tasks} and back, in one dialect. Thread-safe.
 *
 * <p>Rows are read by position, not by name: a page maps about 2,600 values and a lookup by name
 * costs a hash of the column label each time. Every statement that returns tasks selects the
 * dialect file's {@code columns} list, whose order the constructor checks against {@link #COLUMNS}.
 */
final class TaskRows {
  /** The order of the {@code columns} statement of both SQL files; the mapper reads this order. */
  static final List<String> COLUMNS =
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
          "cancelled",
          "attempt",
          "lease_owner",
          "lease_expires_at",
          "available_at",
          "deadline",
          "max_run_time",
          "retry_max_attempts",
          "retry_initial_backoff",
          "retry_max_backoff");

  private final Dialect dialect;
  private final RowMapper<Task> taskMapper = (row, context) -> task(row);
  private final RowMapper<ClientTokenRecord> clientTokenMapper = (row, context) -> clientToken(row);

  /**
   * @param columns the dialect file's {@code columns} statement
   * @throws IllegalStateException if it does not list {@link #COLUMNS} in that order
   */
  TaskRows(Dialect dialect, String columns) {
    this.dialect = dialect;
    List<String> listed = Arrays.asList(columns.trim().split("\\s*,\\s*"));
    if (!listed.equals(COLUMNS)) {
      throw new IllegalStateException(
          "the " + dialect + " columns statement lists " + listed + ", not " + COLUMNS);
    }
  }

  RowMapper<Task> tasks() {
    return taskMapper;
  }

  RowMapper<ClientTokenRecord> clientTokens() {
    return clientTokenMapper;
  }

  /** Binds every column of {@code insert-task}: the {@link #bindWrites} fields and the rest. */
  <S extends SqlStatement<S>> S bindTask(S statement, Task task) {
    ChildCounters counters = task.counters();
    RetryPolicy retry = task.retryPolicy();
    return bindWrites(statement, task)
        .bind("tenant", dialect.text(task.tenant()))
        .bind("id", dialect.text(task.id()))
        .bind("parentId", dialect.text(task.parentId()))
        .bind("level", task.level().number())
        .bind("type", dialect.text(task.type()))
        .bind("invokeId", dialect.text(task.invokeId()))
        .bind("resourceId", dialect.text(task.resourceId()))
        .bind("resourceName", dialect.text(task.resourceName()))
        .bind("operator", dialect.text(task.operator()))
        .bind("param", dialect.text(task.param()))
        .bind("cancellable", task.cancellable())
        .bind("createdAt", dialect.timestamp(task.createdAt()))
        .bind("total", counters.total())
        .bind("pending", counters.pending())
        .bind("running", counters.running())
        .bind("succeeded", counters.succeeded())
        .bind("failed", counters.failed())
        .bind("cancelled", counters.cancelled())
        .bind("maxRunTime", micros(task.maxRunTime()))
        .bind("retryMaxAttempts", retry == null ? null : retry.maxAttempts())
        .bind("retryInitialBackoff", retry == null ? null : micros(retry.initialBackoff()))
        .bind("retryMaxBackoff", retry == null ? null : micros(retry.maxBackoff()));
  }

  /**
   * Binds the fields of {@code task} that a task's life changes, the {@code task-writes} of both
   * SQL files (the list of {@link dev.taskengine.spi.TaskUpdate}).
   */
  <S extends SqlStatement<S>> S bindWrites(S statement, Task task) {
    return statement
        .bind("status", task.status().name())
        .bind("result", dialect.text(task.result()))
        .bind("errorCode", dialect.text(task.errorCode()))
        .bind("errorMessage", dialect.text(task.errorMessage()))
        .bind("startedAt", dialect.timestamp(task.startedAt()))
        .bind("finishedAt", dialect.timestamp(task.finishedAt()))
        .bind("updatedAt", dialect.timestamp(task.updatedAt()))
        .bind("version", task.version())
        .bind("attempt", task.attempt())
        .bind("leaseOwner", dialect.text(task.leaseOwner()))
        .bind("leaseExpiresAt", dialect.timestamp(task.leaseExpiresAt()))
        .bind("availableAt", dialect.timestamp(task.availableAt()))
        .bind("deadline", dialect.timestamp(task.deadline()));
  }

  /** Binds the compare-and-set condition of a write: {@code before}'s key, status and version. */
  <S extends SqlStatement<S>> S bindExpected(S statement, Task before) {
    return statement
        .bind("tenant", dialect.text(before.tenant()))
        .bind("id", dialect.text(before.id()))
        .bind("expectedStatus", before.status().name())
        .bind("expectedVersion", before.version());
  }

  /** Binds {@code :deltaTotal ... :deltaCancelled}. */
  static <S extends SqlStatement<S>> S bindDelta(S statement, CounterDelta delta) {
    return statement
        .bind("deltaTotal", delta.total())
        .bind("deltaPending", delta.pending())
        .bind("deltaRunning", delta.running())
        .bind("deltaSucceeded", delta.succeeded())
        .bind("deltaFailed", delta.failed())
        .bind("deltaCancelled", delta.cancelled());
  }

  private Task task(ResultSet row) throws SQLException {
    return new Task(
        dialect.text(row, 2),
        dialect.text(row, 1),
        dialect.text(row, 3),
        Level.ofNumber(row.getInt(4), "level"),
        dialect.text(row, 5),
        TaskStatus.valueOf(row.getString(6)),
        dialect.text(row, 7),
        dialect.text(row, 8),
        dialect.text(row, 9),
        dialect.text(row, 10),
        dialect.text(row, 11),
        dialect.text(row, 12),
        dialect.text(row, 13),
        dialect.text(row, 14),
        row.getBoolean(15),
        dialect.timestamp(row, 16),
        dialect.timestamp(row, 17),
        dialect.timestamp(row, 18),
        dialect.timestamp(row, 19),
        row.getLong(20),
        new ChildCounters(
            row.getInt(21),
            row.getInt(22),
            row.getInt(23),
            row.getInt(24),
            row.getInt(25),
            row.getInt(26)),
        row.getInt(27),
        dialect.text(row, 28),
        dialect.timestamp(row, 29),
        dialect.timestamp(row, 30),
        dialect.timestamp(row, 31),
        duration(row, 32),
        retryPolicy(row));
  }

  /** Columns 33 to 35: all null for the engine's default, else all set (a check says so). */
  private static RetryPolicy retryPolicy(ResultSet row) throws SQLException {
    int maxAttempts = row.getInt(33);
    if (row.wasNull()) {
      return null;
    }
    return new RetryPolicy(maxAttempts, duration(row, 34), duration(row, 35));
  }

  /**
   * A duration as both databases store it: whole microseconds, the precision of the engine's
   * timestamps (a finer part is dropped); null stays null.
   *
   * @throws ArithmeticException past about 292,000 years, which the engine never sends
   */
  static Long micros(Duration duration) {
    if (duration == null) {
      return null;
    }
    return Math.addExact(
        Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
  }

  private static Duration duration(ResultSet row, int column) throws SQLException {
    long micros = row.getLong(column);
    return row.wasNull() ? null : Duration.of(micros, ChronoUnit.MICROS);
  }

  /** A row of {@code find-client-token}: tenant, client_token, task_id, request_hash. */
  private ClientTokenRecord clientToken(ResultSet row) throws SQLException {
    return new ClientTokenRecord(
        dialect.text(row, 1), dialect.text(row, 2), dialect.text(row, 3), dialect.text(row, 4));
  }
}
