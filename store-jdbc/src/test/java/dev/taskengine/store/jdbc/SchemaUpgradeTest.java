package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.tck.MutableClock;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema version 2 applied by the store to a version-1 database that holds tasks, batches with
 * children in every status, client tokens and a page-token key: every row is kept, the new columns
 * hold the upgrade's values, and a page token issued before the upgrade pages on after it.
 *
 * <p>The version-1 rows are written as a version-1 store wrote them (its {@code insert-task}
 * statement, by name below), from tasks an engine made and moved. The store of this build cannot
 * run on a version-1 database, so that engine works on a second database with the version-1
 * database's key ring: a page token depends on the key, the tenant, the filter, the snapshot and
 * the last row's sort key, all of which the upgrade must leave as they were.
 */
class SchemaUpgradeTest {
  private static final Instant START = Instant.parse("2026-04-01T08:00:00Z");

  /** The columns of {@code tasks} in schema version 1, in order. */
  private static final List<String> VERSION_1_COLUMNS = TaskRows.COLUMNS.subList(0, 26);

  /** The {@code insert-task} statement of a version-1 store. */
  private static final String VERSION_1_INSERT =
      "INSERT INTO tasks ("
          + String.join(", ", VERSION_1_COLUMNS)
          + ") VALUES (:tenant, :id, :parentId, :level, :type, :status, :invokeId, :resourceId,"
          + " :resourceName, :operator, :param, :result, :errorCode, :errorMessage, :cancellable,"
          + " :createdAt, :startedAt, :finishedAt, :updatedAt, :version, :total, :pending,"
          + " :running, :succeeded, :failed, :cancelled)";

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(
      value = TestStores.class,
      names = {"SQLITE_FILE", "POSTGRESQL"})
  void aVersionOneDatabaseUpgradesKeepingEveryRowAndItsPageTokens(TestStores kind) {
    String url = kind.newUrl(directory);
    MutableClock clock = MutableClock.at(START);
    List<Task> tasks;
    List<ClientTokenRecord> clientTokens = new ArrayList<>();
    String token;
    List<String> restBefore;
    Map<String, List<List<Object>>> rowsBefore;
    try (JdbcTaskStore versionOne = kind.builder(url).applySchema(false).build();
        JdbcTaskStore elsewhere = TestStores.SQLITE_MEMORY.open(directory)) {
      SqlStatements sql = SqlStatements.load(versionOne.dialect().statementsResource());
      SchemaMigrator.migrate(
          versionOne.jdbi(), versionOne.dialect(), sql, SchemaMigrator.MIGRATIONS.subList(0, 1));
      assertThat(SchemaTest.versions(versionOne)).containsExactly(1);
      TokenKeyRing keys = versionOne.sharedTokenKeys().orElseThrow();

      TaskEngine engine =
          TaskEngines.builder().store(elsewhere).clock(clock).tokenKeys(keys).build();
      tasks = workedTasks(engine, clock);
      for (String clientToken : List.of("single", "batch")) {
        clientTokens.add(elsewhere.findClientToken("up-a", clientToken).orElseThrow());
      }
      writeAsVersionOne(versionOne, sql, tasks, clientTokens);

      TaskQuery query = TaskQuery.all("up-a");
      Page<Task> first = engine.query(query, PageRequest.first(3));
      token = first.nextToken().orElseThrow();
      restBefore = rest(engine, query, token);
      assertThat(restBefore).hasSizeGreaterThan(3);
      rowsBefore = versionOneRows(versionOne);
      assertThat(rowsBefore.get("tasks")).hasSize(tasks.size());
      assertThat(rowsBefore.get("task_token_keys")).hasSize(1);
      assertThat(tasks.stream().map(Task::status).distinct()).hasSize(6);
    }

    try (JdbcTaskStore upgraded = kind.builder(url).build()) {
      assertThat(SchemaTest.versions(upgraded)).containsExactly(1, 2);
      assertThat(versionOneRows(upgraded)).isEqualTo(rowsBefore);
      for (Task task : tasks) {
        Task expected =
            task.toBuilder()
                .attempt(0)
                .availableAt(task.isBatch() ? null : task.createdAt())
                .build();
        assertThat(upgraded.find(task.tenant(), task.id())).contains(expected);
      }
      for (ClientTokenRecord record : clientTokens) {
        assertThat(upgraded.findClientToken(record.tenant(), record.clientToken()))
            .contains(record);
      }
      assertThat(newColumns(upgraded))
          .as("attempt 0, available_at = created_at on instance tasks, the rest null")
          .hasSize(tasks.size())
          .containsOnly(List.of(0L, "created", 0L));

      TaskEngine engine = TaskEngines.builder().store(upgraded).clock(clock).build();
      assertThat(rest(engine, TaskQuery.all("up-a"), token)).isEqualTo(restBefore);
    }
  }

  /**
   * Two tenants' single tasks and batches, moved through every status a version-1 engine could give
   * them; two of them with client tokens.
   */
  private static List<Task> workedTasks(TaskEngine engine, MutableClock clock) {
    List<String> singles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TaskSpec.Builder spec = TaskSpec.builder("up-a", "Reboot").resourceId("phone-" + i);
      if (i == 0) {
        spec.clientToken("single");
      }
      singles.add(engine.submit(spec.build()).id());
      clock.advance(Duration.ofSeconds(1));
    }
    engine.start("up-a", singles.get(1));
    engine.cancel("up-a", singles.get(1)); // CANCELLING: it runs
    engine.start("up-a", singles.get(2));
    engine.succeed("up-a", singles.get(2), "{\"ok\":true}");
    engine.cancel("up-a", singles.get(3));
    clock.advance(Duration.ofSeconds(1));

    BatchSpec.Builder batch =
        BatchSpec.builder("up-a", "StartInstance").invokeId("inv-1").clientToken("batch");
    for (int i = 0; i < 5; i++) {
      batch.child("phone-" + (10 + i));
    }
    Task started = engine.submitBatch(batch.build());
    List<Task> children =
        engine.queryByOffset(TaskQuery.builder("up-a").parentId(started.id()).build(), 0, 10);
    clock.advance(Duration.ofSeconds(1));
    engine.start("up-a", children.get(0).id());
    engine.succeed("up-a", children.get(0).id(), "done");
    engine.start("up-a", children.get(1).id());
    engine.fail("up-a", children.get(1).id(), "PhoneOffline", "no answer");
    engine.start("up-a", children.get(2).id());

    BatchSpec.Builder cancelled = BatchSpec.builder("up-b", "StopInstance");
    for (int i = 0; i < 3; i++) {
      cancelled.child("phone-" + (20 + i));
    }
    Task stopped = engine.submitBatch(cancelled.build());
    clock.advance(Duration.ofSeconds(1));
    engine.cancel("up-b", stopped.id());

    List<Task> tasks = new ArrayList<>();
    for (String tenant : List.of("up-a", "up-b")) {
      tasks.addAll(engine.queryByOffset(TaskQuery.all(tenant), 0, 100));
    }
    return tasks;
  }

  /** What a version-1 store wrote for these tasks and client tokens. */
  private static void writeAsVersionOne(
      JdbcTaskStore store, SqlStatements sql, List<Task> tasks, List<ClientTokenRecord> tokens) {
    TaskRows rows = new TaskRows(store.dialect(), sql.get("columns"));
    store
        .jdbi()
        .useTransaction(
            handle -> {
              // TaskRows binds the version-2 columns too; version 1 has no place for them.
              handle
                  .getConfig(org.jdbi.v3.core.statement.SqlStatements.class)
                  .setUnusedBindingAllowed(true);
              for (Task task : tasks) {
                rows.bindTask(handle.createUpdate(VERSION_1_INSERT), task).execute();
              }
              for (ClientTokenRecord token : tokens) {
                handle
                    .createUpdate(sql.get("insert-client-token"))
                    .bind("tenant", store.dialect().text(token.tenant()))
                    .bind("clientToken", store.dialect().text(token.clientToken()))
                    .bind("taskId", store.dialect().text(token.taskId()))
                    .bind("requestHash", store.dialect().text(token.requestHash()))
                    .execute();
              }
            });
  }

  /** The ids of every page after {@code token}, three at a time. */
  private static List<String> rest(TaskEngine engine, TaskQuery query, String token) {
    List<String> ids = new ArrayList<>();
    Page<Task> page = engine.query(query, PageRequest.after(token, 3));
    page.items().forEach(task -> ids.add(task.id()));
    while (page.hasNext()) {
      page = engine.query(query, PageRequest.after(page.nextToken().orElseThrow(), 3));
      page.items().forEach(task -> ids.add(task.id()));
    }
    return ids;
  }

  /** Every row of the version-1 tables, by the version-1 columns, in key order. */
  private static Map<String, List<List<Object>>> versionOneRows(JdbcTaskStore store) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put(
        "tasks",
        "SELECT " + String.join(", ", VERSION_1_COLUMNS) + " FROM tasks ORDER BY tenant, id");
    selects.put(
        "task_client_tokens",
        "SELECT tenant, client_token, task_id, request_hash FROM task_client_tokens"
            + " ORDER BY tenant, client_token");
    selects.put(
        "task_token_keys",
        "SELECT key_id, secret, active, created_at FROM task_token_keys ORDER BY key_id");
    Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
    store
        .jdbi()
        .useHandle(
            handle -> selects.forEach((table, select) -> tables.put(table, rows(handle, select))));
    return tables;
  }

  private static List<List<Object>> rows(Handle handle, String select) {
    return handle
        .createQuery(select)
        .map(
            (row, context) -> {
              ResultSetMetaData meta = row.getMetaData();
              List<Object> values = new ArrayList<>();
              for (int column = 1; column <= meta.getColumnCount(); column++) {
                Object value = row.getObject(column);
                values.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value);
              }
              return values;
            })
        .list();
  }

  /**
   * Per task: attempt; "created" when available_at is created_at on an instance task or null on a
   * batch; and how many of the other new columns are set.
   */
  private static List<List<Object>> newColumns(JdbcTaskStore store) {
    String others =
        List.of(
                "lease_owner",
                "lease_expires_at",
                "deadline",
                "max_run_time",
                "retry_max_attempts",
                "retry_initial_backoff",
                "retry_max_backoff")
            .stream()
            .map(column -> "(CASE WHEN " + column + " IS NULL THEN 0 ELSE 1 END)")
            .reduce((a, b) -> a + " + " + b)
            .orElseThrow();
    return store
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT attempt, CASE WHEN (level = 2 AND available_at = created_at)"
                            + " OR (level = 1 AND available_at IS NULL) THEN 'created'"
                            + " ELSE 'wrong' END, "
                            + others
                            + " FROM tasks")
                    .map(
                        (row, context) ->
                            List.<Object>of(row.getLong(1), row.getString(2), row.getLong(3)))
                    .list());
  }
}
