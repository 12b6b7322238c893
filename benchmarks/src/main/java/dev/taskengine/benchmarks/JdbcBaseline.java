package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Lease;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.SortKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * What a host would write by hand instead of using the engine: plain JDBC on a connection pool,
 * {@link PreparedStatement}s with the same SQL as the store sends (the same columns, conditions,
 * order and limits, in each dialect's spelling), rows mapped by position to the same {@link Task}
 * records. It keeps no rules beyond what the operation needs (no validation, no signed tokens, no
 * text escaping) and is the denominator of the engine's ratios. Thread-safe.
 *
 * <p>It writes the columns of one schema version ({@link TaskColumns}): the current one beside the
 * engine, and version 1 on a database made from the first schema file alone, where {@link
 * PairedSchemaBenchmark} compares what the same writes cost on both.
 *
 * <p>Claims ({@link #claim}, {@link #succeed(Lease, String)}) are written the minimal way: one
 * statement selects and moves the tasks ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), one more
 * per batch moves its counters; a report is one conditional {@code UPDATE} naming the lease, and
 * its batch's counters. On SQLite they queue for the database's one writer in the JVM, as the
 * store's writers do, instead of polling in SQLite's busy handler.
 */
final class JdbcBaseline {
  private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT ?";
  private static final int INSERT_CHUNK = 1_000;

  private final DataSource pool;
  private final TaskColumns.Dialect dialect;
  private final TaskColumns columns;
  private final String firstPage;
  private final String keysetPage;
  private final String statusPage;
  private final String findTask;
  private final String updateTask;
  private final String addToCounters;
  private final String writeRollup;
  private final String insertTask;
  private final String claimTasks;
  private final String succeedLeased;
  private final AtomicLong idSequence = new AtomicLong();
  // SQLite's one writer, queued fairly in the JVM as the store queues its own; null elsewhere.
  private final ReentrantLock writer;

  /** A baseline writing the current schema's columns. */
  JdbcBaseline(DataSource pool, TaskColumns.Dialect dialect) {
    this(pool, dialect, TaskColumns.CURRENT);
  }

  JdbcBaseline(DataSource pool, TaskColumns.Dialect dialect, TaskColumns columns) {
    this.pool = pool;
    this.dialect = dialect;
    this.columns = columns;
    boolean sqlite = dialect == TaskColumns.Dialect.SQLITE;
    this.writer = sqlite ? new ReentrantLock(true) : null;
    String list = columns.list();
    String select = "SELECT " + list + " FROM tasks WHERE tenant = ?";
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
    // The fields a transition writes: version 2 adds the attempt, the lease, availability and the
    // deadline, as the store's own statement does.
    this.updateTask =
        "UPDATE tasks SET status = ?, result = ?, error_code = ?, error_message = ?,"
            + " started_at = ?, finished_at = ?, updated_at = ?, version = ?"
            + (columns.governed()
                ? ", attempt = ?, lease_owner = ?, lease_expires_at = ?, available_at = ?,"
                    + " deadline = ?"
                : "")
            + " WHERE tenant = ? AND id = ? AND status = ? AND version = ? RETURNING "
            + list;
    this.addToCounters =
        "UPDATE tasks SET total = total + ?, pending = pending + ?, running = running + ?,"
            + " succeeded = succeeded + ?, failed = failed + ?, cancelled = cancelled + ?,"
            + " version = version + 1, updated_at = ?"
            + " WHERE tenant = ? AND id = ? AND level = 1 RETURNING "
            + list;
    this.writeRollup =
        "UPDATE tasks SET status = ?, started_at = ?, finished_at = ? WHERE tenant = ? AND id = ?";
    this.insertTask = "INSERT INTO tasks (" + list + ") VALUES " + columns.rowPlaceholders();
    // Oldest available first. On PostgreSQL a row another claimer holds is skipped, never waited
    // for, and the selection is materialised: a subquery under IN may be run again for the outer
    // rows, and with SKIP LOCKED each run may pick other rows. SQLite has one writer, so nothing
    // is held while this runs, and it runs an uncorrelated subquery once.
    String claimable =
        "SELECT tenant, id FROM tasks WHERE tenant = ? AND level = 2 AND status = 'PENDING'"
            + " AND available_at <= ? ORDER BY available_at, id LIMIT ?";
    String moveToRunning =
        " SET status = 'RUNNING', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?,"
            + " started_at = COALESCE(started_at, ?), updated_at = ?, version = version + 1";
    this.claimTasks =
        sqlite
            ? "UPDATE tasks"
                + moveToRunning
                + " WHERE (tenant, id) IN ("
                + claimable
                + ") RETURNING "
                + list
            : "WITH picked AS MATERIALIZED ("
                + claimable
                + " FOR UPDATE SKIP LOCKED) UPDATE tasks AS t"
                + moveToRunning
                + " FROM picked WHERE t.tenant = picked.tenant AND t.id = picked.id RETURNING "
                + String.join(", ", columns.names().stream().map(name -> "t." + name).toList());
    this.succeedLeased =
        "UPDATE tasks SET status = 'SUCCEEDED', result = ?, finished_at = ?, updated_at = ?,"
            + " lease_expires_at = NULL, version = version + 1"
            + " WHERE tenant = ? AND id = ? AND status = 'RUNNING' AND lease_owner = ?"
            + " AND attempt = ? AND lease_expires_at > ? RETURNING "
            + list;
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
        tasks.add(columns.read(rows, dialect));
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
            .attempt(task.attempt() + 1)
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
            .leaseExpiresAt(null)
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
        return columns.read(row, dialect);
      }
    }
  }

  /** The compare-and-set write of the task and the delta and rollup of its batch, in one go. */
  private Task update(Task before, Task after, Instant now) throws SQLException {
    return inTransaction(
        connection -> {
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
            if (columns.governed()) {
              statement.setInt(p++, after.attempt());
              statement.setString(p++, after.leaseOwner());
              TaskColumns.timestamp(statement, p++, after.leaseExpiresAt(), dialect);
              TaskColumns.timestamp(statement, p++, after.availableAt(), dialect);
              TaskColumns.timestamp(statement, p++, after.deadline(), dialect);
            }
            statement.setString(p++, before.tenant());
            statement.setString(p++, before.id());
            statement.setString(p++, before.status().name());
            statement.setLong(p, before.version());
            try (ResultSet row = statement.executeQuery()) {
              if (!row.next()) {
                throw new IllegalStateException("lost the race for " + before.id());
              }
              written = columns.read(row, dialect);
            }
          }
          if (before.parentId() != null) {
            moveChildren(
                connection,
                before.tenant(),
                before.parentId(),
                before.status(),
                after.status(),
                1,
                now);
          }
          return written;
        });
  }

  /**
   * Moves {@code count} children of a batch from one status to another in its counters, and writes
   * its rollup.
   */
  private void moveChildren(
      Connection connection,
      String tenant,
      String batchId,
      TaskStatus from,
      TaskStatus to,
      int count,
      Instant now)
      throws SQLException {
    int[] delta = new int[6];
    delta[slot(from)] -= count;
    delta[slot(to)] += count;
    rollUp(connection, addToCounters(connection, tenant, batchId, delta, now), now);
  }

  /**
   * Adds {@code delta} (indexed by {@link #slot}; the total never changes here) to a batch's
   * counters.
   */
  private Task addToCounters(
      Connection connection, String tenant, String batchId, int[] delta, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(addToCounters)) {
      statement.setInt(1, 0);
      for (int i = 1; i <= 5; i++) {
        statement.setInt(1 + i, delta[i]);
      }
      TaskColumns.timestamp(statement, 7, now, dialect);
      statement.setString(8, tenant);
      statement.setString(9, batchId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no batch " + batchId);
        }
        return columns.read(row, dialect);
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

  /** A batch and its children as written. */
  record NewBatch(Task batch, List<Task> children) {}

  /**
   * A batch of {@code resources.size()} PENDING children in one transaction, as {@code
   * engine.submitBatch}: the batch row, then the children in prepared batches of 1,000 rows. The
   * children are available to claims from their creation, as the engine makes them.
   */
  NewBatch insertBatch(String tenant, String type, String invokeId, List<String> resources)
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
              .availableAt(now)
              .updatedAt(now)
              .build());
    }
    inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(insertTask)) {
            columns.bind(statement, 1, batch, dialect);
            statement.executeUpdate();
          }
          for (int from = 0; from < count; from += INSERT_CHUNK) {
            try (PreparedStatement statement = connection.prepareStatement(insertTask)) {
              for (Task child : children.subList(from, Math.min(count, from + INSERT_CHUNK))) {
                columns.bind(statement, 1, child, dialect);
                statement.addBatch();
              }
              statement.executeBatch();
            }
          }
          return batch;
        });
    return new NewBatch(batch, children);
  }

  // ---- claiming and reporting as the lease holder ----

  /**
   * Claims up to {@code limit} PENDING instance tasks of {@code tenant} available now, oldest
   * first, for {@code owner}, as {@code engine.claim}: one statement selects and moves them, then
   * each batch involved gets its counters (one update per batch, in id order so that two claimers
   * never wait on each other's batches crosswise) and its rollup, in one transaction.
   *
   * @return the claimed tasks, in no particular order
   */
  List<Task> claim(String tenant, String owner, Duration lease, int limit) throws SQLException {
    Instant now = now();
    return asWriter(
        connection -> {
          List<Task> claimed = new ArrayList<>(limit);
          try (PreparedStatement statement = connection.prepareStatement(claimTasks)) {
            // PostgreSQL's statement selects first (the CTE), SQLite's sets first.
            int select = dialect == TaskColumns.Dialect.SQLITE ? 5 : 1;
            int set = dialect == TaskColumns.Dialect.SQLITE ? 1 : 4;
            statement.setString(select, tenant);
            TaskColumns.timestamp(statement, select + 1, now, dialect);
            statement.setInt(select + 2, limit);
            statement.setString(set, owner);
            TaskColumns.timestamp(statement, set + 1, now.plus(lease), dialect);
            TaskColumns.timestamp(statement, set + 2, now, dialect);
            TaskColumns.timestamp(statement, set + 3, now, dialect);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                claimed.add(columns.read(rows, dialect));
              }
            }
          }
          Map<String, Integer> perBatch = new TreeMap<>();
          for (Task task : claimed) {
            if (task.parentId() != null) {
              perBatch.merge(task.parentId(), 1, Integer::sum);
            }
          }
          for (Map.Entry<String, Integer> batch : perBatch.entrySet()) {
            moveChildren(
                connection,
                tenant,
                batch.getKey(),
                TaskStatus.PENDING,
                TaskStatus.RUNNING,
                batch.getValue(),
                now);
          }
          return claimed;
        });
  }

  /**
   * RUNNING to SUCCEEDED as the holder of {@code lease}, as {@code engine.succeed(lease, result)}:
   * one conditional update that names the owner and the attempt and requires the lease to be
   * unexpired, then the batch's counters and rollup, in one transaction.
   *
   * @throws IllegalStateException when the lease is not held (nothing is written)
   */
  Task succeed(Lease lease, String result) throws SQLException {
    Instant now = now();
    return asWriter(
        connection -> {
          Task written;
          try (PreparedStatement statement = connection.prepareStatement(succeedLeased)) {
            int p = 1;
            statement.setString(p++, result);
            TaskColumns.timestamp(statement, p++, now, dialect);
            TaskColumns.timestamp(statement, p++, now, dialect);
            statement.setString(p++, lease.tenant());
            statement.setString(p++, lease.taskId());
            statement.setString(p++, lease.owner());
            statement.setInt(p++, lease.attempt());
            TaskColumns.timestamp(statement, p, now, dialect);
            try (ResultSet row = statement.executeQuery()) {
              if (!row.next()) {
                throw new IllegalStateException("the lease on " + lease.taskId() + " is lost");
              }
              written = columns.read(row, dialect);
            }
          }
          if (written.parentId() != null) {
            moveChildren(
                connection,
                lease.tenant(),
                written.parentId(),
                TaskStatus.RUNNING,
                TaskStatus.SUCCEEDED,
                1,
                now);
          }
          return written;
        });
  }

  /**
   * {@link #inTransaction} queued behind the other writers on SQLite, as the store's writers queue;
   * the plain transitions ({@link #start}, {@link #succeed(String, String, String)}) do not queue.
   */
  private <T> T asWriter(Work<T> work) throws SQLException {
    if (writer == null) {
      return inTransaction(work);
    }
    writer.lock();
    try {
      return inTransaction(work);
    } finally {
      writer.unlock();
    }
  }

  /** Runs {@code work} in one transaction on a pooled connection: committed, or rolled back. */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Ids of the engine's shape; unique within this process, which is all a benchmark needs. */
  private String newId(Instant now) {
    return DatasetPlan.id(now.toEpochMilli(), idSequence.incrementAndGet() << 16, 0);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
