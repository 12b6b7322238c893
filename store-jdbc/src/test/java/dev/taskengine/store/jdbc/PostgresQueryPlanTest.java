package dev.taskengine.store.jdbc;

import static dev.taskengine.store.jdbc.PostgresPlans.assertNoSeqScan;
import static dev.taskengine.store.jdbc.PostgresPlans.assertScansReadAtMost;
import static dev.taskengine.store.jdbc.PostgresPlans.explain;
import static dev.taskengine.store.jdbc.PostgresPlans.explainAnalyze;
import static dev.taskengine.store.jdbc.PostgresPlans.prepared;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.tck.Slow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EXPLAIN of every main query shape over 210,000 rows after ANALYZE, and the multi-status pages
 * under generic plans: PostgreSQL switches a prepared statement to a generic plan after five
 * executions, and the per-value UNION ALL branches must stay on the status index then. Assertions
 * are on plan shape and rows read, never on time.
 */
@Slow
class PostgresQueryPlanTest {
  private static final int BIG_ROWS = 200_000;
  private static final int LIMIT = 11;

  private static String url;
  private static JdbcTaskStore store;

  @BeforeAll
  static void load() throws SQLException {
    url = PostgresServer.newSchemaUrl();
    store = PostgresServer.storeBuilder(url).build();
    try (Connection connection = PostgresServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(PlanFixture.postgresInsert(PlanFixture.BIG, BIG_ROWS));
      for (int i = 0; i < 10; i++) {
        statement.execute(PlanFixture.postgresInsert("small-" + i, 1_000));
      }
      statement.execute("ANALYZE tasks");
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  static Stream<PlanFixture.Shape> shapes() {
    return PlanFixture.shapes(BIG_ROWS).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void pagesReadTheirIndexInOrder(PlanFixture.Shape shape) {
    for (PageQuery page : PlanFixture.pages(shape, BIG_ROWS)) {
      List<String> plan = explain(store, store.queries().page(page));
      assertNoSeqScan(shape.name(), plan);
      assertThat(plan)
          .as("%s: %s", shape.name(), plan)
          .anyMatch(
              line -> line.contains("Index Scan") && line.contains(" " + shape.index() + " "));
      // Every index scan stops after a page: nothing reads the tenant's rows wholesale.
      assertScansReadAtMost(shape.name(), plan, LIMIT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void countsAndOffsetPagesReadAnIndex(PlanFixture.Shape shape) {
    for (TaskQuerySql.Statement statement :
        List.of(
            store.queries().count(shape.query(), 10_001),
            store.queries().offset(shape.query(), 500, 20))) {
      List<String> plan = explain(store, statement);
      assertNoSeqScan(shape.name(), plan);
      assertThat(plan).as("%s: %s", shape.name(), plan).anyMatch(line -> line.contains("Index"));
    }
  }

  @Test
  void twoAndThreeStatusPagesKeepTheirPlanUnderGenericPlans() throws SQLException {
    Instant snapshot = PlanFixture.T0.plusSeconds(BIG_ROWS + 1);
    for (List<TaskStatus> statuses :
        List.of(
            List.of(TaskStatus.RUNNING, TaskStatus.FAILED),
            List.of(TaskStatus.RUNNING, TaskStatus.FAILED, TaskStatus.PENDING))) {
      TaskQuery query = TaskQuery.builder(PlanFixture.BIG).statuses(statuses).build();
      PageQuery page = new PageQuery(query, snapshot, null, LIMIT);
      TaskQuerySql.Statement statement = store.queries().page(page);
      Map<String, String> literals = new LinkedHashMap<>();
      literals.put("tenant", "'" + PlanFixture.BIG + "'");
      for (int i = 0; i < statuses.size(); i++) {
        literals.put("status" + i, "'" + statuses.get(i).name() + "'");
      }
      literals.put("snapshot", "'" + snapshot + "'");
      literals.put("limit", Integer.toString(LIMIT));
      PostgresPlans.Prepared prepared = prepared(statement.sql(), literals);

      List<Task> expected = naivePage(statuses, snapshot);
      assertThat(store.findPage(page)).containsExactlyElementsOf(expected).hasSize(LIMIT);

      try (Connection connection = PostgresServer.connect(url);
          Statement sql = connection.createStatement()) {
        // The plan PostgreSQL falls back to for a prepared statement, forced from the start.
        sql.execute("SET plan_cache_mode = force_generic_plan");
        sql.execute("PREPARE forced AS " + prepared.sql());
        List<String> forced = explainAnalyze(sql, "EXECUTE forced" + prepared.arguments());
        assertStaysOnStatusIndex(statuses, forced);

        // The plan cache on its own: five custom plans, then the generic one if it looks as cheap.
        sql.execute("RESET plan_cache_mode");
        sql.execute("PREPARE cached AS " + prepared.sql());
        for (int execution = 1; execution <= 10; execution++) {
          try (ResultSet rows = sql.executeQuery("EXECUTE cached" + prepared.arguments())) {
            int count = 0;
            while (rows.next()) {
              count++;
            }
            assertThat(count).isEqualTo(LIMIT);
          }
        }
        List<String> eleventh = explainAnalyze(sql, "EXECUTE cached" + prepared.arguments());
        assertStaysOnStatusIndex(statuses, eleventh);
        System.out.println(
            "generic plan counts after ten executions: " + planCounts(sql, "cached"));

        // For the record: the single-statement IN list under a generic plan on the same data.
        sql.execute("SET plan_cache_mode = force_generic_plan");
        sql.execute(
            "PREPARE naive AS SELECT * FROM tasks WHERE tenant = $1 AND status = ANY($2)"
                + " AND created_at <= $3 ORDER BY created_at DESC, id DESC LIMIT $4");
        List<String> naive =
            explainAnalyze(
                sql,
                "EXECUTE naive('big', '{"
                    + String.join(",", statuses.stream().map(Enum::name).toList())
                    + "}', '"
                    + snapshot
                    + "', "
                    + LIMIT
                    + ")");
        System.out.println(
            "PostgreSQL, "
                + statuses
                + ", IN list under a generic plan (not asserted):\n  "
                + String.join("\n  ", naive));
      }
    }
  }

  private static void assertStaysOnStatusIndex(List<TaskStatus> statuses, List<String> plan) {
    String name = statuses.size() + " statuses, generic plan";
    System.out.println("PostgreSQL, " + name + ":\n  " + String.join("\n  ", plan));
    assertNoSeqScan(name, plan);
    long branches =
        plan.stream()
            .filter(line -> line.contains("Index Scan Backward using tasks_by_status "))
            .count();
    assertThat(branches).as("%s: %s", name, plan).isEqualTo(statuses.size());
    assertThat(plan).as("%s: %s", name, plan).noneMatch(line -> line.contains("Bitmap"));
    assertScansReadAtMost(name, plan, LIMIT);
  }

  private static List<Task> naivePage(List<TaskStatus> statuses, Instant snapshot) {
    List<Task> all = new ArrayList<>();
    for (TaskStatus status : statuses) {
      all.addAll(
          store.findPage(
              new PageQuery(
                  TaskQuery.builder(PlanFixture.BIG).statuses(status).build(),
                  snapshot,
                  null,
                  LIMIT)));
    }
    all.sort(
        (a, b) ->
            b.createdAt().equals(a.createdAt())
                ? b.id().compareTo(a.id())
                : b.createdAt().compareTo(a.createdAt()));
    return all.subList(0, LIMIT);
  }

  /** For the log only: pg_prepared_statements counts plans from PostgreSQL 14 on. */
  private static String planCounts(Statement sql, String name) {
    try (ResultSet rows =
        sql.executeQuery(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = '"
                + name
                + "'")) {
      rows.next();
      return "generic=" + rows.getLong(1) + " custom=" + rows.getLong(2);
    } catch (SQLException e) {
      return "not reported by this server (" + e.getMessage() + ")";
    }
  }
}
