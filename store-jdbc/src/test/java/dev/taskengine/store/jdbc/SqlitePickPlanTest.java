package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.spi.Pick;
import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EXPLAIN QUERY PLAN of the selections of claims and of the sweep over the work queue of {@link
 * PlanFixture#sqliteQueue()} (200,000 PENDING tasks in 100 tenants, 50,000 leased, 20,000
 * finished), without and with ANALYZE statistics: every selection searches its partial index by the
 * claim's equality columns and a range of {@code available_at} (the sweep: of the due time), in the
 * index's order, and never scans the tasks table or sorts what it reads, except that a claim by
 * resource ids across tenants sorts each resource's few PENDING tasks and several ranges are
 * merged. Each selection's rows are also checked against a plain query of the same tasks.
 */
@Slow
class SqlitePickPlanTest {
  @TempDir static Path directory;
  private static JdbcTaskStore withoutStatistics;
  private static JdbcTaskStore analyzed;

  @BeforeAll
  static void load() {
    Path plain = directory.resolve("plain.db");
    withoutStatistics = JdbcTaskStore.builder().url("jdbc:sqlite:" + plain).build();
    withoutStatistics
        .jdbi()
        .useTransaction(
            handle -> {
              // Loading, then indexing what was loaded, takes a fraction of the time of loading
              // into the indexes; the schema's own index statements are run again as they are.
              List<String> indexes =
                  handle
                      .createQuery(
                          "SELECT sql FROM sqlite_master WHERE type = 'index'"
                              + " AND tbl_name = 'tasks' AND sql IS NOT NULL")
                      .mapTo(String.class)
                      .list();
              handle
                  .createQuery(
                      "SELECT name FROM sqlite_master WHERE type = 'index'"
                          + " AND tbl_name = 'tasks' AND sql IS NOT NULL")
                  .mapTo(String.class)
                  .list()
                  .forEach(name -> handle.execute("DROP INDEX " + name));
              PlanFixture.sqliteQueue().forEach(handle::execute);
              indexes.forEach(handle::execute);
            });
    // The same data after ANALYZE (what PRAGMA optimize may do on a host).
    Path copy = directory.resolve("analyzed.db");
    withoutStatistics.jdbi().useHandle(handle -> handle.execute("VACUUM INTO ?", copy.toString()));
    analyzed = JdbcTaskStore.builder().url("jdbc:sqlite:" + copy).build();
    analyzed.jdbi().useHandle(handle -> handle.execute("ANALYZE"));
  }

  @AfterAll
  static void close() {
    withoutStatistics.close();
    analyzed.close();
  }

  static Stream<Arguments> claims() {
    return Stream.of(false, true)
        .flatMap(
            statistics ->
                PlanFixture.claims().stream().map(claim -> Arguments.of(claim, statistics)));
  }

  @ParameterizedTest(name = "{0}, analyzed: {1}")
  @MethodSource("claims")
  void claimsSearchTheirPartialIndexInOrder(PlanFixture.Claim claim, boolean statistics) {
    JdbcTaskStore store = statistics ? analyzed : withoutStatistics;
    List<String> plan = explain(store, claim.pick());
    assertNoFullScan(claim.name(), plan);
    long ranges = plan.stream().filter(line -> searches(line, claim.index())).count();
    assertThat(ranges).as("%s: %s", claim.name(), plan).isEqualTo(claim.ranges());
    boolean acrossTenantsByResource =
        claim.selection().tenant() == null && !claim.selection().resourceIds().isEmpty();
    if (claim.ranges() == 1 && !acrossTenantsByResource) {
      assertThat(plan)
          .as("%s: %s", claim.name(), plan)
          .noneMatch(line -> line.contains("TEMP B-TREE"));
    }
  }

  @ParameterizedTest(name = "{0}, analyzed: {1}")
  @MethodSource("claims")
  void claimsSelectTheOldestAvailableTasks(PlanFixture.Claim claim, boolean statistics) {
    JdbcTaskStore store = statistics ? analyzed : withoutStatistics;
    List<String> expected =
        PlanFixture.plainIds(store, PlanFixture.plainClaim(claim, "tasks NOT INDEXED"));
    assertThat(expected).hasSize(PlanFixture.PICK_LIMIT);
    assertThat(PlanFixture.selected(store, claim.pick())).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "analyzed: {0}")
  @MethodSource("statistics")
  void theSweepSearchesOnlyTheDueTasksOldestFirst(boolean statistics) {
    JdbcTaskStore store = statistics ? analyzed : withoutStatistics;
    List<String> plan = explain(store, PlanFixture.due());
    assertNoFullScan("sweep", plan);
    assertThat(plan).as("sweep: %s", plan).anyMatch(line -> searches(line, "tasks_due"));
    assertThat(plan).as("sweep: %s", plan).noneMatch(line -> line.contains("TEMP B-TREE"));
    List<String> expected =
        PlanFixture.plainIds(
            store,
            PlanFixture.plainDue(
                "tasks NOT INDEXED",
                "min(coalesce(lease_expires_at, deadline), coalesce(deadline, lease_expires_at))"));
    assertThat(expected).hasSize(PlanFixture.PICK_LIMIT);
    // Ties in the due time may come in any order; the set of the oldest due is fixed here.
    assertThat(PlanFixture.selected(store, PlanFixture.due()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Boolean> statistics() {
    return Stream.of(false, true);
  }

  /** A SEARCH (an index range, never a full SCAN) of {@code index}. */
  private static boolean searches(String line, String index) {
    return line.startsWith("SEARCH tasks USING INDEX " + index + " (");
  }

  private static void assertNoFullScan(String name, List<String> plan) {
    System.out.println("SQLite plan, " + name + ": " + plan);
    assertThat(plan)
        .as("%s: %s", name, plan)
        .noneMatch(line -> line.matches("SCAN tasks( |$).*") && !line.contains(" USING "));
  }

  private static List<String> explain(JdbcTaskStore store, Pick pick) {
    return run(store, "EXPLAIN QUERY PLAN ", pick, (row, context) -> row.getString("detail"));
  }

  private static List<String> run(
      JdbcTaskStore store, String prefix, Pick pick, RowMapper<String> mapper) {
    TaskQuerySql.Statement statement = store.picks().select(pick);
    return store
        .jdbi()
        .withHandle(
            handle -> {
              Query query = handle.createQuery(prefix + statement.sql());
              statement.binds().forEach(query::bind);
              return query.map(mapper).list();
            });
  }
}
