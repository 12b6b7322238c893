package dev.taskengine.store.jdbc;

import static dev.taskengine.store.jdbc.PostgresPlans.assertNoSeqScan;
import static dev.taskengine.store.jdbc.PostgresPlans.assertScansReadAtMost;
import static dev.taskengine.store.jdbc.PostgresPlans.explain;
import static dev.taskengine.store.jdbc.PostgresPlans.explainAnalyze;
import static dev.taskengine.store.jdbc.PostgresPlans.prepared;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.spi.Pick;
import dev.taskengine.tck.Slow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EXPLAIN ANALYZE of the selections of claims and of the sweep over a work queue of 270,000 tasks
 * after ANALYZE (see {@link PlanFixture#postgresQueue()}: 200,000 PENDING in 100 tenants, 50,000
 * RUNNING with unexpired leases but 20, 20,000 finished), with the store's binds and again under a
 * forced generic plan, which is what a claimer's prepared statement runs after five executions.
 * Every selection reads its partial index in order, locks as it goes and stops at the limit (a
 * claim by resource reads the few PENDING tasks of each resource): claiming or sweeping N tasks
 * reads about N rows whatever the backlog. Assertions are on plan shape and rows read, never on
 * time; each selection's rows are also checked against a plain query of the same tasks.
 */
@Slow
class PostgresPickPlanTest {
  private static String url;
  private static JdbcTaskStore store;

  @BeforeAll
  static void load() throws SQLException {
    url = PostgresServer.newSchemaUrl();
    store = PostgresServer.storeBuilder(url).build();
    try (Connection connection = PostgresServer.connect(url);
        Statement statement = connection.createStatement()) {
      // Loading, then indexing what was loaded, is faster than loading into the indexes; the
      // schema's own index definitions are run again as they are.
      Map<String, String> indexes = new LinkedHashMap<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                  + " AND tablename = 'tasks' AND indexname <> 'tasks_pkey'")) {
        while (rows.next()) {
          indexes.put(rows.getString(1), rows.getString(2));
        }
      }
      for (String index : indexes.keySet()) {
        statement.execute("DROP INDEX " + index);
      }
      for (String population : PlanFixture.postgresQueue()) {
        statement.execute(population);
      }
      for (String definition : indexes.values()) {
        statement.execute(definition);
      }
      statement.execute("ANALYZE tasks");
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  static Stream<PlanFixture.Claim> claims() {
    return PlanFixture.claims().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void claimsReadTheirPartialIndexInOrderAndStopAtTheLimit(PlanFixture.Claim claim)
      throws SQLException {
    assertReads(claim.name(), claim.pick(), claim.index(), claim.ranges(), claim.rowsPerRange());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void claimsSelectTheOldestAvailableTasks(PlanFixture.Claim claim) {
    List<String> expected = PlanFixture.plainIds(store, PlanFixture.plainClaim(claim, "tasks"));
    assertThat(expected).hasSize(PlanFixture.PICK_LIMIT);
    assertThat(PlanFixture.selected(store, claim.pick())).containsExactlyElementsOf(expected);
  }

  @Test
  void theSweepReadsOnlyTheDueTasksOldestFirst() throws SQLException {
    assertReads("sweep", PlanFixture.due(), "tasks_due", 1, PlanFixture.PICK_LIMIT);
    List<String> expected =
        PlanFixture.plainIds(
            store, PlanFixture.plainDue("tasks", "LEAST(lease_expires_at, deadline)"));
    assertThat(expected).hasSize(PlanFixture.PICK_LIMIT);
    // Ties in the due time may come in any order; the set of the oldest due is fixed here.
    assertThat(PlanFixture.selected(store, PlanFixture.due()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The selection's plan with the store's binds, then as a generic plan. */
  private static void assertReads(
      String name, Pick pick, String index, int ranges, int rowsPerRange) throws SQLException {
    TaskQuerySql.Statement statement = store.picks().select(pick);
    assertReadsOnly(name, explain(store, statement), index, ranges, rowsPerRange);
    try (Connection connection = PostgresServer.connect(url);
        Statement sql = connection.createStatement()) {
      sql.execute("SET plan_cache_mode = force_generic_plan");
      PostgresPlans.Prepared prepared = prepared(statement.sql(), literals(pick));
      sql.execute("PREPARE selection AS " + prepared.sql());
      assertReadsOnly(
          name + ", generic plan",
          explainAnalyze(sql, "EXECUTE selection" + prepared.arguments()),
          index,
          ranges,
          rowsPerRange);
    }
  }

  private static void assertReadsOnly(
      String name, List<String> plan, String index, int ranges, int rowsPerRange) {
    assertNoSeqScan(name, plan);
    long scans =
        plan.stream()
            .filter(
                line ->
                    line.contains("Index Scan using " + index + " ")
                        || line.contains("Bitmap Index Scan on " + index + " "))
            .count();
    assertThat(scans).as("%s: one range of %s per value: %s", name, index, plan).isEqualTo(ranges);
    assertThat(plan).as("%s: %s", name, plan).anyMatch(line -> line.contains("LockRows"));
    assertScansReadAtMost(name, plan, rowsPerRange);
  }

  /** The values of the selection's binds as SQL literals, by bind name (see {@link PickSql}). */
  private static Map<String, String> literals(Pick pick) {
    Map<String, String> literals = new LinkedHashMap<>();
    literals.put("now", "'" + pick.now() + "'");
    literals.put("limit", Integer.toString(pick.limit()));
    if (pick.selection() instanceof Pick.Claimable claim) {
      if (claim.tenant() != null) {
        literals.put("tenant", "'" + claim.tenant() + "'");
      }
      int i = 0;
      for (String type : new TreeSet<>(claim.types())) {
        literals.put("type" + i++, "'" + type + "'");
      }
      i = 0;
      for (String resource : new TreeSet<>(claim.resourceIds())) {
        literals.put("resourceId" + i++, "'" + resource + "'");
      }
    }
    return literals;
  }
}
