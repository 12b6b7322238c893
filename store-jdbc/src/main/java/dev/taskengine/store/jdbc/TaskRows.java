package dev.taskengine.store.jdbc;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/** How a {@link Task} maps to a row of {@code tasks} and back, in one dialect. Thread-safe. */
final class TaskRows {
  private final Dialect dialect;
  private final RowMapper<Task> taskMapper = (row, context) -> task(row);
  private final RowMapper<ClientTokenRecord> clientTokenMapper = (row, context) -> clientToken(row);

  TaskRows(Dialect dialect) {
    this.dialect = dialect;
  }

  RowMapper<Task> tasks() {
    return taskMapper;
  }

  RowMapper<ClientTokenRecord> clientTokens() {
    return clientTokenMapper;
  }

  /** Binds every column of {@code insert-task}. */
  <S extends SqlStatement<S>> S bindTask(S statement, Task task) {
    ChildCounters counters = task.counters();
    return statement
        .bind("tenant", dialect.text(task.tenant()))
        .bind("id", dialect.text(task.id()))
        .bind("parentId", dialect.text(task.parentId()))
        .bind("level", task.level().number())
        .bind("type", dialect.text(task.type()))
        .bind("status", task.status().name())
        .bind("invokeId", dialect.text(task.invokeId()))
        .bind("resourceId", dialect.text(task.resourceId()))
        .bind("resourceName", dialect.text(task.resourceName()))
        .bind("operator", dialect.text(task.operator()))
        .bind("param", dialect.text(task.param()))
        .bind("result", dialect.text(task.result()))
        .bind("errorCode", dialect.text(task.errorCode()))
        .bind("errorMessage", dialect.text(task.errorMessage()))
        .bind("cancellable", task.cancellable())
        .bind("createdAt", dialect.timestamp(task.createdAt()))
        .bind("startedAt", dialect.timestamp(task.startedAt()))
        .bind("finishedAt", dialect.timestamp(task.finishedAt()))
        .bind("updatedAt", dialect.timestamp(task.updatedAt()))
        .bind("version", task.version())
        .bind("total", counters.total())
        .bind("pending", counters.pending())
        .bind("running", counters.running())
        .bind("succeeded", counters.succeeded())
        .bind("failed", counters.failed())
        .bind("cancelled", counters.cancelled());
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
        dialect.text(row, "id"),
        dialect.text(row, "tenant"),
        dialect.text(row, "parent_id"),
        Level.ofNumber(row.getInt("level"), "level"),
        dialect.text(row, "type"),
        TaskStatus.valueOf(row.getString("status")),
        dialect.text(row, "invoke_id"),
        dialect.text(row, "resource_id"),
        dialect.text(row, "resource_name"),
        dialect.text(row, "operator"),
        dialect.text(row, "param"),
        dialect.text(row, "result"),
        dialect.text(row, "error_code"),
        dialect.text(row, "error_message"),
        row.getBoolean("cancellable"),
        dialect.timestamp(row, "created_at"),
        dialect.timestamp(row, "started_at"),
        dialect.timestamp(row, "finished_at"),
        dialect.timestamp(row, "updated_at"),
        row.getLong("version"),
        new ChildCounters(
            row.getInt("total"),
            row.getInt("pending"),
            row.getInt("running"),
            row.getInt("succeeded"),
            row.getInt("failed"),
            row.getInt("cancelled")));
  }

  private ClientTokenRecord clientToken(ResultSet row) throws SQLException {
    return new ClientTokenRecord(
        dialect.text(row, "tenant"),
        dialect.text(row, "client_token"),
        dialect.text(row, "task_id"),
        dialect.text(row, "request_hash"));
  }
}
