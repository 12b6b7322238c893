package dev.taskengine.store.jdbc;

import dev.taskengine.spi.Pick;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.argument.Argument;

/**
 * Builds the selection of a {@link Pick}: the statement that reads, and on PostgreSQL locks, the
 * tasks a claim or a sweep changes. Only the statement's shape depends on the pick (tenant or not,
 * how many types and resources); every value is a named bind. Thread-safe.
 *
 * <p>A claim reads one of the partial indexes {@code tasks_claimable*} of schema version 2, in
 * {@code (available_at, id)} order, and stops after the limit: with resource ids the index by
 * resource, else with types the index by type (by tenant and type for one tenant), else the index
 * by tenant or the one over every tenant. Several resources or types are one branch per value, each
 * ordered, limited and (on PostgreSQL) locked on its own, in a {@code WITH} clause merged by the
 * same order and limit: an {@code IN} list would read every matching row to sort them. A branch may
 * lock rows the merge then drops; they are released at commit, unchanged. The sweep's selection is
 * the dialect file's {@code pick-due}.
 */
final class PickSql {
  private final Dialect dialect;
  private final String columns;
  private final String claimable;
  private final String order;
  private final String lock;
  private final String due;

  PickSql(Dialect dialect, SqlStatements statements) {
    this.dialect = dialect;
    this.columns = statements.get("columns").replaceAll("\\s+", " ");
    this.claimable = statements.get("claimable");
    this.order = "ORDER BY " + statements.get("claim-order");
    this.lock = statements.get("pick-lock");
    this.due = statements.get("pick-due");
  }

  /** The selection of {@code pick}, with its binds. */
  TaskQuerySql.Statement select(Pick pick) {
    Map<String, Argument> binds = new LinkedHashMap<>();
    binds.put("now", dialect.timestamp(pick.now()));
    int limit = pick.limit();
    binds.put("limit", (position, statement, context) -> statement.setInt(position, limit));
    if (pick.selection() instanceof Pick.Claimable claim) {
      return new TaskQuerySql.Statement(claim(claim, binds), binds);
    }
    if (pick.selection() instanceof Pick.Due) {
      return new TaskQuerySql.Statement(due, binds);
    }
    throw new IllegalArgumentException("unknown selection " + pick.selection());
  }

  private String claim(Pick.Claimable claim, Map<String, Argument> binds) {
    List<String> conditions = new ArrayList<>();
    conditions.add(claimable);
    if (claim.tenant() != null) {
      conditions.add("tenant = :tenant");
      binds.put("tenant", dialect.text(claim.tenant()));
    }
    List<String> types = bindAll(claim.types(), "type", binds);
    List<String> resources = bindAll(claim.resourceIds(), "resourceId", binds);
    String driving = null;
    List<String> branches = List.of();
    if (!resources.isEmpty()) {
      driving = "resource_id";
      branches = resources;
      if (!types.isEmpty()) {
        conditions.add(
            types.size() == 1
                ? "type = :" + types.get(0)
                : "type IN (:" + String.join(", :", types) + ")");
      }
    } else if (!types.isEmpty()) {
      driving = "type";
      branches = types;
    }
    String where = String.join(" AND ", conditions);
    if (branches.size() <= 1) {
      String only = branches.isEmpty() ? "" : " AND " + driving + " = :" + branches.get(0);
      return branch(where + only);
    }
    List<String> named = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      named.add(
          "branch"
              + i
              + " AS ("
              + branch(where + " AND " + driving + " = :" + branches.get(i))
              + ")");
      reads.add("SELECT * FROM branch" + i);
    }
    return "WITH "
        + String.join(", ", named)
        + " SELECT * FROM ("
        + String.join(" UNION ALL ", reads)
        + ") AS picked "
        + order
        + " LIMIT :limit";
  }

  private String branch(String where) {
    return ("SELECT "
            + columns
            + " FROM tasks WHERE "
            + where
            + " "
            + order
            + " LIMIT :limit "
            + lock)
        .strip();
  }

  /**
   * Binds each value as {@code <prefix><n>} in sorted order, so that the statement's text depends
   * on the number of values only; returns the bind names.
   */
  private List<String> bindAll(Set<String> values, String prefix, Map<String, Argument> binds) {
    List<String> names = new ArrayList<>();
    for (String value : new TreeSet<>(values)) {
      String name = prefix + names.size();
      names.add(name);
      binds.put(name, dialect.text(value));
    }
    return names;
  }
}
