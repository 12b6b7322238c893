package dev.taskengine.store.jdbc;

import dev.taskengine.api.Level;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.Query;

/**
 * Test data for the query-plan tests, generated inside the database so that loading hundreds of
 * thousands of rows takes seconds: one large tenant ({@code big}) and ten small ones. Task {@code
 * n} of a tenant was created {@code n} seconds after {@link #T0}; every hundredth task is a batch
 * whose next 99 tasks are its children; the oldest 1% of {@code big} hold the rare statuses
 * (RUNNING, FAILED, PENDING, CANCELLING) and everything newer is SUCCEEDED or CANCELLED, which is
 * what makes an {@code IN (...)} status filter expensive when walked along the wrong index.
 *
 * <p>The claim-plan tests use a work queue of their own instead ({@link #postgresQueue()}): many
 * tenants' PENDING tasks, leased RUNNING tasks and finished ones, and the claims of every shape.
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

  // ---- the work queue: claims and the sweep (schema version 2) ----

  /** The time of every claim and sweep of the plan tests: after every task's creation. */
  static final Instant NOW = T0.plusSeconds(400_000);

  /** Tenants of the work queue: {@code q-0} .. {@code q-99}. */
  static final int QUEUE_TENANTS = 100;

  /** Resources per tenant; each holds 1/100 of the tenant's PENDING tasks (about 20). */
  static final int RESOURCES_PER_TENANT = 100;

  /** The most rows a claim or sweep may read from one index range: its limit. */
  static final int PICK_LIMIT = 10;

  /**
   * A claim shape, the index each of its ranges must read, and the most rows one range may read:
   * the limit, or every PENDING task of one resource where a range is per resource and sorted.
   */
  record Claim(String name, Pick.Claimable selection, String index, int rowsPerRange) {
    Pick pick() {
      return new Pick(selection, PICK_LIMIT, NOW, task -> task);
    }

    /** How many index ranges the claim reads: one per type or resource, at least one. */
    int ranges() {
      return Math.max(
          1,
          selection.resourceIds().isEmpty()
              ? selection.types().size()
              : selection.resourceIds().size());
    }
  }

  /** The sweep's selection at {@link #NOW}. */
  static Pick due() {
    return new Pick(new Pick.Due(), PICK_LIMIT, NOW, task -> task);
  }

  /**
   * Claims of every shape over the work queue: all tenants or one, any type, one, a rare one or
   * several, and resource ids.
   */
  static List<Claim> claims() {
    int perResource = PENDING_ROWS / QUEUE_TENANTS / RESOURCES_PER_TENANT;
    return List.of(
        new Claim(
            "all tenants, any type",
            claimable(null, Set.of(), Set.of()),
            "tasks_claimable",
            PICK_LIMIT),
        new Claim(
            "all tenants, one type",
            claimable(null, Set.of("Type3"), Set.of()),
            "tasks_claimable_by_type",
            PICK_LIMIT),
        new Claim(
            "all tenants, a rare type",
            claimable(null, Set.of("Rare"), Set.of()),
            "tasks_claimable_by_type",
            PICK_LIMIT),
        new Claim(
            "all tenants, three types",
            claimable(null, Set.of("Type3", "Type4", "Rare"), Set.of()),
            "tasks_claimable_by_type",
            PICK_LIMIT),
        new Claim(
            "one tenant, any type",
            claimable("q-7", Set.of(), Set.of()),
            "tasks_claimable_by_tenant",
            PICK_LIMIT),
        new Claim(
            "one tenant, one type",
            claimable("q-7", Set.of("Type7"), Set.of()),
            "tasks_claimable_by_tenant_type",
            PICK_LIMIT),
        new Claim(
            "one tenant, two types",
            claimable("q-7", Set.of("Type7", "Rare"), Set.of()),
            "tasks_claimable_by_tenant_type",
            PICK_LIMIT),
        new Claim(
            "all tenants, two resources",
            claimable(null, Set.of(), Set.of("res-7-3", "res-8-4")),
            "tasks_claimable_by_resource",
            perResource),
        new Claim(
            "one tenant, two resources, one type",
            claimable("q-7", Set.of("Type3"), Set.of("res-7-3", "res-7-4")),
            "tasks_claimable_by_resource",
            perResource));
  }

  /**
   * The tasks {@code claim} should select, by a plain query of {@code table} (a table name, or
   * SQLite's {@code tasks NOT INDEXED}) with the tasks' {@code tenant/id} and a {@code :now} bind.
   */
  static String plainClaim(Claim claim, String table) {
    Pick.Claimable selection = claim.selection();
    StringBuilder where =
        new StringBuilder("status = 'PENDING' AND level = 2 AND available_at <= :now");
    if (selection.tenant() != null) {
      where.append(" AND tenant = '").append(selection.tenant()).append('\'');
    }
    if (!selection.types().isEmpty()) {
      where.append(" AND type IN ('").append(String.join("', '", selection.types())).append("')");
    }
    if (!selection.resourceIds().isEmpty()) {
      where
          .append(" AND resource_id IN ('")
          .append(String.join("', '", selection.resourceIds()))
          .append("')");
    }
    return "SELECT tenant || '/' || id FROM "
        + table
        + " WHERE "
        + where
        + " ORDER BY available_at, id LIMIT "
        + PICK_LIMIT;
  }

  /**
   * The tasks the sweep should select, by a plain query as {@link #plainClaim}, ordered by the
   * dialect's {@code dueAt} expression (ties in any order).
   */
  static String plainDue(String table, String dueAt) {
    return "SELECT tenant || '/' || id FROM "
        + table
        + " WHERE level = 2 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')"
        + " AND ((lease_expires_at <= :now AND status <> 'PENDING') OR deadline <= :now)"
        + " ORDER BY "
        + dueAt
        + " LIMIT "
        + PICK_LIMIT;
  }

  /** The tasks the store's selection of {@code pick} reads, as {@code tenant/id}, in order. */
  static List<String> selected(JdbcTaskStore store, Pick pick) {
    TaskQuerySql.Statement statement = store.picks().select(pick);
    return store
        .jdbi()
        .withHandle(
            handle -> {
              Query query = handle.createQuery(statement.sql());
              statement.binds().forEach(query::bind);
              return query.map((row, context) -> row.getString(1) + "/" + row.getString(2)).list();
            });
  }

  /** What a {@link #plainClaim} or {@link #plainDue} query returns at {@link #NOW}. */
  static List<String> plainIds(JdbcTaskStore store, String sql) {
    return store
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(sql)
                    .bind("now", store.dialect().timestamp(NOW))
                    .mapTo(String.class)
                    .list());
  }

  private static Pick.Claimable claimable(String tenant, Set<String> types, Set<String> resources) {
    return new Pick.Claimable(tenant, types, resources);
  }

  /** PENDING instance tasks of the work queue. */
  static final int PENDING_ROWS = 200_000;

  /** RUNNING instance tasks with a lease, all but {@link #EXPIRED_LEASES} of them unexpired. */
  static final int LEASED_ROWS = 50_000;

  /** Finished instance tasks on the same resources: the history a resource's index holds. */
  static final int FINISHED_ROWS = 20_000;

  /** Leases among {@link #LEASED_ROWS} that expired before {@link #NOW}. */
  static final int EXPIRED_LEASES = LEASED_ROWS / 2_500;

  /**
   * The work queue, one statement per population, row {@code i} = 0, 1, ... of each: {@code p-<i>}
   * PENDING, spread over {@link #QUEUE_TENANTS} tenants, twenty types by {@code i / 100} and a rare
   * one every 997th, one of {@link #RESOURCES_PER_TENANT} resources of its tenant; one in ten still
   * in backoff (available an hour after {@link #NOW}), one in seven with a deadline a day after it,
   * about thirty with a deadline already passed. {@code r-<i>} RUNNING with a lease, {@link
   * #EXPIRED_LEASES} of them expired. {@code h-<i>} SUCCEEDED, on the same resources.
   */
  static List<String> postgresQueue() {
    String at = "TIMESTAMPTZ '2026-01-01 00:00:00+00' + %s * INTERVAL '1 second'";
    String created = at.formatted("i");
    String now = at.formatted(Long.toString(NOW.getEpochSecond() - T0.getEpochSecond()));
    return List.of(
        queueInsert(
            "",
            "generate_series(0, %d) AS i".formatted(PENDING_ROWS - 1),
            "'p-' || lpad(i::text, 10, '0')",
            "'PENDING'",
            created,
            "CASE WHEN i %% 10 = 0 THEN %s + INTERVAL '1 hour' ELSE %s END".formatted(now, created),
            "0, NULL, NULL",
            ("CASE WHEN i %% 7 = 0 THEN %s + INTERVAL '1 day'"
                    + " WHEN i %% 6661 = 1 THEN %s - INTERVAL '1 minute' END")
                .formatted(now, now),
            "TRUE"),
        queueInsert(
            "",
            "generate_series(0, %d) AS i".formatted(LEASED_ROWS - 1),
            "'r-' || lpad(i::text, 10, '0')",
            "'RUNNING'",
            created,
            created,
            ("1, 'worker-' || (i %% 8), CASE WHEN i %% 2500 = 3"
                    + " THEN %s - (i %% 60 + 1) * INTERVAL '1 second'"
                    + " ELSE %s + INTERVAL '10 minutes' + i * INTERVAL '1 millisecond' END")
                .formatted(now, now),
            "NULL",
            "TRUE"),
        queueInsert(
            "",
            "generate_series(0, %d) AS i".formatted(FINISHED_ROWS - 1),
            "'h-' || lpad(i::text, 10, '0')",
            "'SUCCEEDED'",
            created,
            created,
            "1, 'worker-' || (i % 8), NULL",
            "NULL",
            "TRUE"));
  }

  /** {@link #postgresQueue()} for SQLite: timestamps in microseconds, rows by a recursive CTE. */
  static List<String> sqliteQueue() {
    String created = "(%d + i * 1000000)".formatted(Dialect.epochMicros(T0));
    long now = Dialect.epochMicros(NOW);
    long minute = 60_000_000L;
    return List.of(
        queueInsert(
            series(PENDING_ROWS),
            "n",
            "printf('p-%010d', i)",
            "'PENDING'",
            created,
            "CASE WHEN i %% 10 = 0 THEN %d ELSE %s END".formatted(now + 60 * minute, created),
            "0, NULL, NULL",
            "CASE WHEN i %% 7 = 0 THEN %d WHEN i %% 6661 = 1 THEN %d END"
                .formatted(now + 24 * 60 * minute, now - minute),
            "1"),
        queueInsert(
            series(LEASED_ROWS),
            "n",
            "printf('r-%010d', i)",
            "'RUNNING'",
            created,
            created,
            ("1, 'worker-' || (i %% 8), CASE WHEN i %% 2500 = 3 THEN %d - (i %% 60 + 1) * 1000000"
                    + " ELSE %d + i * 1000 END")
                .formatted(now, now + 10 * minute),
            "NULL",
            "1"),
        queueInsert(
            series(FINISHED_ROWS),
            "n",
            "printf('h-%010d', i)",
            "'SUCCEEDED'",
            created,
            created,
            "1, 'worker-' || (i % 8), NULL",
            "NULL",
            "1"));
  }

  private static String series(int rows) {
    return "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
        .formatted(rows - 1);
  }

  /**
   * One population of the work queue: {@code lease} is {@code attempt, lease_owner,
   * lease_expires_at}; {@code yes} the dialect's true.
   */
  private static String queueInsert(
      String prefix,
      String rows,
      String id,
      String status,
      String created,
      String available,
      String lease,
      String deadline,
      String yes) {
    return """
        %s
        INSERT INTO tasks (tenant, id, level, type, status, resource_id, cancellable, created_at,
          started_at, finished_at, updated_at, version, available_at, attempt, lease_owner,
          lease_expires_at, deadline)
        SELECT 'q-' || (i %% %d), %s, 2,
          CASE WHEN i %% 997 = 0 THEN 'Rare' ELSE 'Type' || (i / 100 %% 20) END, %s,
          'res-' || (i %% %d) || '-' || (i / 100 %% %d), %s, %s,
          CASE WHEN %s = 'PENDING' THEN NULL ELSE %s END,
          CASE WHEN %s = 'SUCCEEDED' THEN %s END, %s, 0, %s, %s, %s
        FROM %s
        """
        .formatted(
            prefix,
            QUEUE_TENANTS,
            id,
            status,
            QUEUE_TENANTS,
            RESOURCES_PER_TENANT,
            yes,
            created,
            status,
            created,
            status,
            created,
            created,
            available,
            lease,
            deadline,
            rows);
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
