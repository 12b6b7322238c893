package dev.taskengine.store.jdbc;

import dev.taskengine.api.Level;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.List;

/**
 * Test data for the query-plan tests, generated inside the database so that loading hundreds of
 * thousands of rows takes seconds: one large tenant ({@code big}) and ten small ones. Task {@code
 * n} of a tenant was created {@code n} seconds after {@link #T0}; every hundredth task is a batch
 * whose next 99 tasks are its children; the oldest 1% of {@code big} hold the rare statuses
 * (RUNNING, FAILED, PENDING, CANCELLING) and everything newer is SUCCEEDED or CANCELLED, which is
 * what makes an {@code IN (...)} status filter expensive when walked along the wrong index.
 */
final class PlanFixture {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String BIG = "big";

  /** A query shape and the index its page must be read from. */
  record Shape(String name, TaskQuery query, String index) {}

  private PlanFixture() {}

  static List<Shape> shapes(int bigRows) {
    String middle = id(bigRows / 2 - (bigRows / 2) % 100);
    return List.of(
        new Shape("tenant only", TaskQuery.all(BIG), "tasks_by_created"),
        new Shape(
            "status",
            TaskQuery.builder(BIG).statuses(TaskStatus.RUNNING).build(),
            "tasks_by_status"),
        new Shape("type", TaskQuery.builder(BIG).types("Type7").build(), "tasks_by_type"),
        new Shape("parent", TaskQuery.builder(BIG).parentId(middle).build(), "tasks_by_parent"),
        new Shape(
            "invoke id", TaskQuery.builder(BIG).invokeIds("inv-1000").build(), "tasks_by_invoke"),
        new Shape(
            "resource id",
            TaskQuery.builder(BIG).resourceIds("res-42").build(),
            "tasks_by_resource"),
        new Shape(
            "resource name",
            TaskQuery.builder(BIG).resourceName("name-42").build(),
            "tasks_by_resource_name"),
        new Shape("operator", TaskQuery.builder(BIG).operator("op-7").build(), "tasks_by_operator"),
        new Shape("level", TaskQuery.builder(BIG).level(Level.BATCH).build(), "tasks_by_level"),
        new Shape(
            "time range",
            TaskQuery.builder(BIG)
                .createdBetween(T0.plusSeconds(1_000), T0.plusSeconds(2_000))
                .build(),
            "tasks_by_created"),
        new Shape(
            "two statuses",
            TaskQuery.builder(BIG).statuses(TaskStatus.RUNNING, TaskStatus.FAILED).build(),
            "tasks_by_status"),
        new Shape(
            "three statuses",
            TaskQuery.builder(BIG)
                .statuses(TaskStatus.RUNNING, TaskStatus.FAILED, TaskStatus.PENDING)
                .build(),
            "tasks_by_status"),
        new Shape(
            "two types", TaskQuery.builder(BIG).types("Type3", "Type7").build(), "tasks_by_type"),
        new Shape(
            "two resource ids",
            TaskQuery.builder(BIG).resourceIds("res-42", "res-43").build(),
            "tasks_by_resource"));
  }

  /** A first page of {@code shape}, and a second one after a key in the middle of the data. */
  static List<PageQuery> pages(Shape shape, int bigRows) {
    Instant snapshot = T0.plusSeconds(bigRows + 1);
    return List.of(
        new PageQuery(shape.query(), snapshot, null, 11),
        new PageQuery(
            shape.query(),
            snapshot,
            new SortKey(T0.plusSeconds(bigRows / 2), id(bigRows / 2)),
            11));
  }

  static String id(int n) {
    return String.format("t-%010d", n);
  }

  /** SQLite: {@code rows} tasks of {@code tenant} by a recursive CTE. */
  static String sqliteInsert(String tenant, int rows) {
    long t0 = Dialect.epochMicros(T0);
    return """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
        INSERT INTO tasks (tenant, id, parent_id, level, type, status, invoke_id, resource_id,
          resource_name, operator, cancellable, created_at, finished_at, updated_at, version)
        SELECT '%s', printf('t-%%010d', i),
          CASE WHEN i %% 100 = 0 THEN NULL ELSE printf('t-%%010d', i - i %% 100) END,
          CASE WHEN i %% 100 = 0 THEN 1 ELSE 2 END,
          'Type' || (i %% 20), %s,
          'inv-' || (i / 100), 'res-' || (i %% 10007), 'name-' || (i %% 10007), 'op-' || (i %% 50),
          1, %d + i * 1000000, NULL, %d + i * 1000000, 0
        FROM n
        """
        .formatted(rows - 1, tenant, statusCase(rows), t0, t0);
  }

  /** PostgreSQL: {@code rows} tasks of {@code tenant} by generate_series. */
  static String postgresInsert(String tenant, int rows) {
    return """
        INSERT INTO tasks (tenant, id, parent_id, level, type, status, invoke_id, resource_id,
          resource_name, operator, cancellable, created_at, finished_at, updated_at, version)
        SELECT '%s', 't-' || lpad(i::text, 10, '0'),
          CASE WHEN i %% 100 = 0 THEN NULL ELSE 't-' || lpad((i - i %% 100)::text, 10, '0') END,
          CASE WHEN i %% 100 = 0 THEN 1 ELSE 2 END,
          'Type' || (i %% 20), %s,
          'inv-' || (i / 100), 'res-' || (i %% 10007), 'name-' || (i %% 10007), 'op-' || (i %% 50),
          TRUE, TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second', NULL,
          TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second', 0
        FROM generate_series(0, %d) AS i
        """
        .formatted(tenant, statusCase(rows), rows - 1);
  }

  private static String statusCase(int rows) {
    return """
        CASE WHEN i < %d THEN
          CASE i %% 4 WHEN 0 THEN 'RUNNING' WHEN 1 THEN 'FAILED' WHEN 2 THEN 'PENDING'
            ELSE 'CANCELLING' END
        WHEN i %% 50 = 7 THEN 'CANCELLED' ELSE 'SUCCEEDED' END"""
        .formatted(Math.max(40, rows / 100));
  }
}
