package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.spi.PageQuery;
import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EXPLAIN QUERY PLAN of every main query shape over 60,000 rows, without and with ANALYZE
 * statistics: each page, count and offset page reads its index, in order, and never scans the tasks
 * table.
 */
@Slow
class SqliteQueryPlanTest {
  private static final int BIG_ROWS = 50_000;

  @TempDir static Path directory;
  private static JdbcTaskStore withoutStatistics;
  private static JdbcTaskStore analyzed;

  @BeforeAll
  static void load() {
    withoutStatistics = loaded("plain.db");
    // The same data after ANALYZE (what PRAGMA optimize may do on a host): still no full scan.
    analyzed = loaded("analyzed.db");
    analyzed.jdbi().useHandle(handle -> handle.execute("ANALYZE"));
  }

  private static JdbcTaskStore loaded(String file) {
    JdbcTaskStore store =
        JdbcTaskStore.builder().url("jdbc:sqlite:" + directory.resolve(file)).build();
    store
        .jdbi()
        .useTransaction(
            handle -> {
              handle.execute(PlanFixture.sqliteInsert(PlanFixture.BIG, BIG_ROWS));
              for (int i = 0; i < 10; i++) {
                handle.execute(PlanFixture.sqliteInsert("small-" + i, 1_000));
              }
            });
    return store;
  }

  @AfterAll
  static void close() {
    withoutStatistics.close();
    analyzed.close();
  }

  static Stream<Arguments> shapes() {
    return Stream.of(false, true)
        .flatMap(
            statistics ->
                PlanFixture.shapes(BIG_ROWS).stream()
                    .map(shape -> Arguments.of(shape, statistics)));
  }

  @ParameterizedTest(name = "{0}, analyzed: {1}")
  @MethodSource("shapes")
  void pagesReadTheirIndexInOrder(PlanFixture.Shape shape, boolean statistics) {
    JdbcTaskStore store = statistics ? analyzed : withoutStatistics;
    for (PageQuery page : PlanFixture.pages(shape, BIG_ROWS)) {
      List<String> plan = explain(store, store.queries().page(page));
      assertNoFullScan(shape, plan);
      assertThat(plan).as("%s: %s", shape.name(), plan).anyMatch(line -> uses(line, shape.index()));
      if (!shape.query().statuses().isEmpty() && shape.query().statuses().size() > 1
          || shape.query().types().size() > 1
          || shape.query().resourceIds().size() > 1) {
        // One branch per value, each on the index; only the merge of the branches sorts.
        long branches = plan.stream().filter(line -> uses(line, shape.index())).count();
        assertThat(branches).as("%s: %s", shape.name(), plan).isGreaterThanOrEqualTo(2);
      } else {
        assertThat(plan)
            .as("%s: %s", shape.name(), plan)
            .noneMatch(line -> line.contains("TEMP B-TREE"));
      }
    }
  }

  @ParameterizedTest(name = "{0}, analyzed: {1}")
  @MethodSource("shapes")
  void countsAndOffsetPagesReadTheirIndex(PlanFixture.Shape shape, boolean statistics) {
    JdbcTaskStore store = statistics ? analyzed : withoutStatistics;
    for (TaskQuerySql.Statement statement :
        List.of(
            store.queries().count(shape.query(), 10_001),
            store.queries().offset(shape.query(), 500, 20))) {
      List<String> plan = explain(store, statement);
      assertNoFullScan(shape, plan);
      assertThat(plan).as("%s: %s", shape.name(), plan).anyMatch(line -> line.contains("INDEX"));
    }
  }

  private static boolean uses(String line, String index) {
    return line.contains("INDEX " + index + " ") || line.endsWith("INDEX " + index);
  }

  private static void assertNoFullScan(PlanFixture.Shape shape, List<String> plan) {
    System.out.println("SQLite plan, " + shape.name() + ": " + plan);
    assertThat(plan)
        .as("%s: %s", shape.name(), plan)
        .noneMatch(line -> line.matches("SCAN tasks( |$).*") && !line.contains(" USING "));
  }

  private static List<String> explain(JdbcTaskStore store, TaskQuerySql.Statement statement) {
    return store
        .jdbi()
        .withHandle(
            (Handle handle) -> {
              Query query = handle.createQuery("EXPLAIN QUERY PLAN " + statement.sql());
              statement.binds().forEach(query::bind);
              return query.map((row, context) -> row.getString("detail")).list();
            });
  }
}
