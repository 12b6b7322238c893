package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.SortKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What a host would write by hand instead of using the engine: plain JDBC on a connection pool,
 * {@link PreparedStatement}s with the same SQL as the store sends (the same columns, conditions,
 * order and limits, in each dialect's spelling), rows mapped by position to the same {@link Task}
 * records. It keeps no rules beyond what the operation needs (no validation, no signed tokens, no
 * text escaping) and is the denominator of the engine's ratios. Thread-safe.
 */
final class JdbcBaseline {
  private static final String COLUMNS = TaskColumns.LIST;
  private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT ?";
  private static final int INSERT_CHUNK = 1_000;

  private final DataSource pool;
  private final TaskColumns.Dialect dialect;
  private final String firstPage;
  private final String keysetPage;
  private final String statusPage;
  private final String findTask;
  private final String updateTask;
  private final String addToCounters;
  private final String writeRollup;
  private final String insertTask;
  private final AtomicLong idSequence = new AtomicLong();

  JdbcBaseline(DataSource pool, TaskColumns.Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    boolean sqlite = dialect == TaskColumns.Dialect.SQLITE;
    String select = "SELECT " + COLUMNS + " FROM tasks WHERE tenant = ?";
    this.firstPage = select + " AND created_at <= ?" + NEWEST_FIRST;
    // The store's keyset conditions: a row value on PostgreSQL, spelled out on SQLite.
    this.keysetPage =
        select
            + (sqlite
                ? " AND created_at <= ? AND (created_at < ? OR id < ?)"
                : " AND (created_at, id) < (?, ?)")
            + NEWEST_FIRST;
    this.statusPage = select + " AND status = ? AND created_at <= ?" + NEWEST_FIRST;
    this.findTask = select + " AND id = ?";
    this.updateTask =
        "UPDATE tasks SET status = ?, result = ?, error_code = ?, error_message = ?,"
            + " started_at = ?, finished_at = ?, updated_at = ?, version = ?"
            + " WHERE tenant = ? AND id = ? AND status = ? AND version = ? RETURNING "
            + COLUMNS;
    this.addToCounters =
        "UPDATE tasks SET total = total + ?, pending = pending + ?, running = running + ?,"
            + " succeeded = succeeded + ?, failed = failed + ?, cancelled = cancelled + ?,"
            + " version = version + 1, updated_at = ?"
            + " WHERE tenant = ? AND id = ? AND level = 1 RETURNING "
            + COLUMNS;
    this.writeRollup =
        "UPDATE tasks SET status = ?, started_at = ?, finished_at = ? WHERE tenant = ? AND id = ?";
    this.insertTask = "INSERT INTO tasks (" + COLUMNS + ") VALUES " + TaskColumns.ROW_PLACEHOLDERS;
  }

  // ---- reads ----

  /** The newest {@code limit} tasks created at or before {@code snapshot}. */
  List<Task> firstPage(String tenant, Instant snapshot, int limit) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(firstPage)) {
      statement.setString(1, tenant);
      TaskColumns.timestamp(statement, 2, snapshot, dialect);
      statement.setInt(3, limit);
      return list(statement, limit);
    }
  }

  /** The {@code limit} tasks after {@code after}, newest first. */
  List<Task> keysetPage(String tenant, SortKey after, int limit) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(keysetPage)) {
      int p = 1;
      statement.setString(p++, tenant);
      TaskColumns.timestamp(statement, p++, after.createdAt(), dialect);
      if (dialect == TaskColumns.Dialect.SQLITE) {
        TaskColumns.timestamp(statement, p++, after.createdAt(), dialect);
      }
      statement.setString(p++, after.id());
      statement.setInt(p, limit);
      return list(statement, limit);
    }
  }

  /** The newest {@code limit} tasks in {@code status} created at or before {@code snapshot}. */
  List<Task> statusPage(String tenant, TaskStatus status, Instant snapshot, int limit)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(statusPage)) {
      statement.setString(1, tenant);
      statement.setString(2, status.name());
      TaskColumns.timestamp(statement, 3, snapshot, dialect);
      statement.setInt(4, limit);
      return list(statement, limit);
    }
  }

  private List<Task> list(PreparedStatement statement, int limit) throws SQLException {
    List<Task> tasks = new ArrayList<>(limit);
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tasks.add(TaskColumns.read(rows, dialect));
      }
    }
    return tasks;
  }

  // ---- the child transition with its rollup ----

  /** PENDING to RUNNING, as {@code engine.start}: read the task, then write it and its batch. */
  Task start(String tenant, String id) throws SQLException {
    Task task = find(tenant, id);
    if (task.status() != TaskStatus.PENDING || task.level() != Level.INSTANCE) {
      throw new IllegalStateException(id + " cannot start from " + task.status());
    }
    Instant now = now();
    Task next =
        task.toBuilder()
            .status(TaskStatus.RUNNING)
            .startedAt(now)
            .updatedAt(now)
            .version(task.version() + 1)
            .build();
    return update(task, next, now);
  }

  /** RUNNING to SUCCEEDED, as {@code engine.succeed}. */
  Task succeed(String tenant, String id, String result) throws SQLException {
    Task task = find(tenant, id);
    if (task.status() != TaskStatus.RUNNING || task.level() != Level.INSTANCE) {
      throw new IllegalStateException(id + " cannot succeed from " + task.status());
    }
    Instant now = now();
    Task next =
        task.toBuilder()
            .status(TaskStatus.SUCCEEDED)
            .result(result)
            .finishedAt(now)
            .updatedAt(now)
            .version(task.version() + 1)
            .build();
    return update(task, next, now);
  }

  private Task find(String tenant, String id) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(findTask)) {
      statement.setString(1, tenant);
      statement.setString(2, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no task " + id);
        }
        return TaskColumns.read(row, dialect);
      }
    }
  }

  /** The compare-and-set write of the task and the delta and rollup of its batch, in one go. */
  private Task update(Task before, Task after, Instant now) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Task written;
        try (PreparedStatement statement = connection.prepareStatement(updateTask)) {
          int p = 1;
          statement.setString(p++, after.status().name());
          statement.setString(p++, after.result());
          statement.setString(p++, after.errorCode());
          statement.setString(p++, after.errorMessage());
          TaskColumns.timestamp(statement, p++, after.startedAt(), dialect);
          TaskColumns.timestamp(statement, p++, after.finishedAt(), dialect);
          TaskColumns.timestamp(statement, p++, after.updatedAt(), dialect);
          statement.setLong(p++, after.version());
          statement.setString(p++, before.tenant());
          statement.setString(p++, before.id());
          statement.setString(p++, before.status().name());
          statement.setLong(p, before.version());
          try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
              throw new IllegalStateException("lost the race for " + before.id());
            }
            written = TaskColumns.read(row, dialect);
          }
        }
        if (before.parentId() != null) {
          Task batch = addToCounters(connection, before, after, now);
          rollUp(connection, batch, now);
        }
        connection.commit();
        return written;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private Task addToCounters(Connection connection, Task before, Task after, Instant now)
      throws SQLException {
    int[] delta = new int[6]; // pending, running, succeeded, failed, cancelled (total unchanged)
    delta[slot(before.status())]--;
    delta[slot(after.status())]++;
    try (PreparedStatement statement = connection.prepareStatement(addToCounters)) {
      statement.setInt(1, 0);
      for (int i = 1; i <= 5; i++) {
        statement.setInt(1 + i, delta[i]);
      }
      TaskColumns.timestamp(statement, 7, now, dialect);
      statement.setString(8, before.tenant());
      statement.setString(9, before.parentId());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no batch " + before.parentId());
        }
        return TaskColumns.read(row, dialect);
      }
    }
  }

  private static int slot(TaskStatus status) {
    return switch (status) {
      case PENDING -> 1;
      case RUNNING, CANCELLING -> 2;
      case SUCCEEDED -> 3;
      case FAILED -> 4;
      case CANCELLED -> 5;
    };
  }

  /** The batch's status from its fresh counters (the documented rollup), written if it changed. */
  private void rollUp(Connection connection, Task batch, Instant now) throws SQLException {
    if (batch.status().isTerminal()) {
      return;
    }
    ChildCounters counters = batch.counters();
    TaskStatus status = batch.status();
    Instant startedAt = batch.startedAt();
    Instant finishedAt = null;
    if (counters.allTerminal()) {
      status =
          counters.failed() > 0
              ? TaskStatus.FAILED
              : counters.succeeded() == counters.total()
                  ? TaskStatus.SUCCEEDED
                  : TaskStatus.CANCELLED;
      finishedAt = now;
    } else if (status != TaskStatus.CANCELLING && counters.pending() < counters.total()) {
      status = TaskStatus.RUNNING;
      startedAt = startedAt == null ? now : startedAt;
    }
    if (status == batch.status()
        && Objects.equals(startedAt, batch.startedAt())
        && finishedAt == null) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(writeRollup)) {
      statement.setString(1, status.name());
      TaskColumns.timestamp(statement, 2, startedAt, dialect);
      TaskColumns.timestamp(statement, 3, finishedAt, dialect);
      statement.setString(4, batch.tenant());
      statement.setString(5, batch.id());
      statement.executeUpdate();
    }
  }

  // ---- creating a batch ----

  /**
   * A batch of {@code resources.size()} PENDING children in one transaction, as {@code
   * engine.submitBatch}: the batch row, then the children in prepared batches of 1,000 rows.
   */
  Task insertBatch(String tenant, String type, String invokeId, List<String> resources)
      throws SQLException {
    Instant now = now();
    String batchId = newId(now);
    int count = resources.size();
    Task batch =
        Task.builder()
            .id(batchId)
            .tenant(tenant)
            .level(Level.BATCH)
            .type(type)
            .status(TaskStatus.PENDING)
            .invokeId(invokeId)
            .createdAt(now)
            .updatedAt(now)
            .counters(new ChildCounters(count, count, 0, 0, 0, 0))
            .build();
    List<Task> children = new ArrayList<>(count);
    for (String resource : resources) {
      children.add(
          Task.builder()
              .id(newId(now))
              .tenant(tenant)
              .parentId(batchId)
              .level(Level.INSTANCE)
              .type(type)
              .status(TaskStatus.PENDING)
              .invokeId(invokeId)
              .resourceId(resource)
              .createdAt(now)
              .updatedAt(now)
              .build());
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement statement = connection.prepareStatement(insertTask)) {
          TaskColumns.bind(statement, 1, batch, dialect);
          statement.executeUpdate();
        }
        for (int from = 0; from < count; from += INSERT_CHUNK) {
          try (PreparedStatement statement = connection.prepareStatement(insertTask)) {
            for (Task child : children.subList(from, Math.min(count, from + INSERT_CHUNK))) {
              TaskColumns.bind(statement, 1, child, dialect);
              statement.addBatch();
            }
            statement.executeBatch();
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    return batch;
  }

  /** Ids of the engine's shape; unique within this process, which is all a benchmark needs. */
  private String newId(Instant now) {
    return DatasetPlan.id(now.toEpochMilli(), idSequence.incrementAndGet() << 16, 0);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
