package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.Query;

/** What the PostgreSQL plan tests share: running EXPLAIN and reading its plans. */
final class PostgresPlans {
  private static final Pattern ACTUAL_ROWS = Pattern.compile("actual rows=(\\d+)");
  private static final Pattern NAMED_BIND = Pattern.compile(":([A-Za-z][A-Za-z0-9]*)");

  private PostgresPlans() {}

  /** The store's statement as PREPARE text ($n per named bind) and EXECUTE arguments. */
  record Prepared(String sql, String arguments) {}

  /**
   * {@code sql} with {@code $n} for each named bind, and the literals of {@code literals} in that
   * order as EXECUTE's argument list.
   */
  static Prepared prepared(String sql, Map<String, String> literals) {
    List<String> names = new ArrayList<>();
    Matcher matcher = NAMED_BIND.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!names.contains(name)) {
        names.add(name);
      }
      matcher.appendReplacement(out, "\\$" + (names.indexOf(name) + 1));
    }
    matcher.appendTail(out);
    List<String> arguments = new ArrayList<>();
    for (String name : names) {
      assertThat(literals).containsKey(name);
      arguments.add(literals.get(name));
    }
    return new Prepared(out.toString(), "(" + String.join(", ", arguments) + ")");
  }

  /** EXPLAIN ANALYZE of {@code statement}, as given, on the store's connection. */
  static List<String> explain(JdbcTaskStore store, TaskQuerySql.Statement statement) {
    return store
        .jdbi()
        .withHandle(
            handle -> {
              Query query =
                  handle.createQuery(
                      "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement.sql());
              statement.binds().forEach(query::bind);
              return query.mapTo(String.class).list();
            });
  }

  /** EXPLAIN ANALYZE of {@code statement} (an EXECUTE, say) on a plain connection. */
  static List<String> explainAnalyze(Statement sql, String statement) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (ResultSet rows =
        sql.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement)) {
      while (rows.next()) {
        plan.add(rows.getString(1));
      }
    }
    return plan;
  }

  /** Prints the plan and fails on a sequential scan of {@code tasks}. */
  static void assertNoSeqScan(String name, List<String> plan) {
    System.out.println(
        "PostgreSQL plan, " + name + ": " + String.join(" | ", plan).replaceAll("\\s+", " "));
    assertThat(plan).as("%s: %s", name, plan).noneMatch(line -> line.contains("Seq Scan on tasks"));
  }

  /**
   * With EXPLAIN ANALYZE: no index scan (plain, index-only or bitmap) returned more than {@code
   * limit} rows, and no filter removed a hundred rows or more.
   */
  static void assertScansReadAtMost(String name, List<String> plan, int limit) {
    for (String line : plan) {
      if (line.contains("Index Scan")
          || line.contains("Index Only Scan")
          || line.contains("Bitmap Heap Scan")) {
        Matcher matcher = ACTUAL_ROWS.matcher(line);
        if (matcher.find()) {
          assertThat(Integer.parseInt(matcher.group(1)))
              .as("%s: rows read by %s", name, line)
              .isLessThanOrEqualTo(limit);
        }
      }
      assertThat(line)
          .as("%s: %s", name, plan)
          .doesNotContainPattern("Rows Removed by Filter: [0-9]{3,}");
    }
  }
}
