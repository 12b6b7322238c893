package dev.taskengine.store.jdbc;

import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.argument.Argument;

/**
 * Builds the SQL of {@code findPage}, {@code findOffset} and {@code count} from the filters a
 * {@link TaskQuery} has. Only the shape of the statement depends on the query (which filters are
 * present, how many values a list has); every value is a named bind. Thread-safe.
 *
 * <p>A list filter with several values on an indexed column is split into one branch per value:
 * each branch reads its own index {@code (tenant, column, created_at, id)} in order and stops at
 * the limit, and {@code UNION ALL} with an outer {@code ORDER BY ... LIMIT} merges them. The values
 * of a list are distinct and a row has one value per column, so no row appears twice. This keeps a
 * page at a few index reads whatever plan PostgreSQL caches for the prepared statement, where
 * {@code status IN (...)} under a generic plan may walk the wrong index through most of the
 * tenant's rows.
 */
final class TaskQuerySql {
  /** A statement and its binds, in order of first use. */
  record Statement(String sql, Map<String, Argument> binds) {}

  private final Dialect dialect;
  private final String columns;
  // The columns qualified by table, for the join of the keys-first page.
  private final String pageColumns;
  private final String keysetNewestFirst;
  private final String keysetOldestFirst;

  TaskQuerySql(Dialect dialect, SqlStatements statements) {
    this.dialect = dialect;
    this.columns = statements.get("columns").replaceAll("\\s+", " ");
    this.pageColumns =
        Arrays.stream(columns.split(","))
            .map(column -> "tasks." + column.trim())
            .collect(Collectors.joining(", "));
    this.keysetNewestFirst = statements.get("keyset-newest-first");
    this.keysetOldestFirst = statements.get("keyset-oldest-first");
  }

  /** One keyset page of {@code page.limit()} rows (see {@link PageQuery}). */
  Statement page(PageQuery page) {
    TaskQuery query = page.query();
    Map<String, Argument> binds = new LinkedHashMap<>();
    Filters filters = filters(query, binds);
    SortKey after = page.after();
    boolean newestFirst = query.order() == SortOrder.NEWEST_FIRST;
    // Newest first, the previous page's last row already lies at or before the snapshot: a
    // second upper bound on created_at would only give SQLite a choice of ranges to get wrong.
    if (!(newestFirst && after != null && !after.createdAt().isAfter(page.snapshot()))) {
      filters.conditions.add("created_at <= :snapshot");
      binds.put("snapshot", dialect.timestamp(page.snapshot()));
    }
    if (after != null) {
      filters.conditions.add(newestFirst ? keysetNewestFirst : keysetOldestFirst);
      binds.put("afterCreatedAt", dialect.timestamp(after.createdAt()));
      binds.put("afterId", dialect.text(after.id()));
    }
    binds.put("limit", intArgument(page.limit()));
    return rows(query.order(), filters, "LIMIT :limit", "LIMIT :limit", binds);
  }

  /** Rows {@code offset .. offset + limit - 1} of the query's result. */
  Statement offset(TaskQuery query, int offset, int limit) {
    Map<String, Argument> binds = new LinkedHashMap<>();
    Filters filters = filters(query, binds);
    binds.put("limit", intArgument(limit));
    binds.put("offset", intArgument(offset));
    if (filters.branched()) {
      binds.put("window", longArgument((long) offset + limit));
    }
    return rows(query.order(), filters, "LIMIT :window", "LIMIT :limit OFFSET :offset", binds);
  }

  /**
   * The number of matching rows, counting no further than {@code limit}. The rows are counted in
   * sort order: the order makes the planner walk the shape's index and stop at the limit, where
   * PostgreSQL would otherwise scan the table for a tenant that owns most of it.
   */
  Statement count(TaskQuery query, long limit) {
    Map<String, Argument> binds = new LinkedHashMap<>();
    Filters filters = filters(query, binds);
    binds.put("limit", longArgument(limit));
    String orderBy = orderBy(query.order());
    String where = String.join(" AND ", filters.conditions);
    String sql;
    if (!filters.branched()) {
      sql =
          "SELECT count(*) FROM (SELECT 1 AS one FROM tasks WHERE "
              + where
              + " "
              + orderBy
              + " LIMIT :limit) AS counted";
    } else {
      List<String> branches = new ArrayList<>();
      for (int i = 0; i < filters.drivingBinds.size(); i++) {
        branches.add(
            "SELECT one FROM (SELECT 1 AS one FROM tasks WHERE "
                + where
                + " AND "
                + filters.drivingColumn
                + " = :"
                + filters.drivingBinds.get(i)
                + " "
                + orderBy
                + " LIMIT :limit) AS branch"
                + i);
      }
      sql =
          "SELECT count(*) FROM ("
              + String.join(" UNION ALL ", branches)
              + " LIMIT :limit) AS counted";
    }
    return new Statement(sql, binds);
  }

  private static String orderBy(SortOrder order) {
    return orderBy(order, "");
  }

  /** The sort key's ORDER BY, with the columns of {@code qualifier} (empty, or "page."). */
  private static String orderBy(SortOrder order, String qualifier) {
    String direction = order == SortOrder.NEWEST_FIRST ? " DESC" : "";
    return "ORDER BY " + qualifier + "created_at" + direction + ", " + qualifier + "id" + direction;
  }

  private Statement rows(
      SortOrder order,
      Filters filters,
      String branchLimit,
      String outerLimit,
      Map<String, Argument> binds) {
    String orderBy = orderBy(order);
    String where = String.join(" AND ", filters.conditions);
    if (!filters.branched()) {
      return new Statement(
          "SELECT " + columns + " FROM tasks WHERE " + where + " " + orderBy + " " + outerLimit,
          binds);
    }
    if (dialect == Dialect.SQLITE) {
      return keysFirst(order, where, filters, branchLimit, outerLimit, binds);
    }
    return new Statement(
        "SELECT "
            + columns
            + " FROM ("
            + branches(columns, where, filters, orderBy, branchLimit)
            + ") AS page "
            + orderBy
            + " "
            + outerLimit,
        binds);
  }

  /**
   * The branched page on SQLite: the branches read only the sort key, which the branch's index
   * {@code (tenant, column, created_at, id)} holds, so no table row is read for a key the merge
   * then drops; the page's rows are read once, by primary key. SQLite materializes each branch
   * before the merge, so full rows in the branches would cost a row read per discarded key (a
   * two-status page would read twice the rows of a one-status page).
   */
  private Statement keysFirst(
      SortOrder order,
      String where,
      Filters filters,
      String branchLimit,
      String outerLimit,
      Map<String, Argument> binds) {
    String orderBy = orderBy(order);
    // CROSS JOIN makes SQLite read the keys first and look each row up by primary key; a plain
    // "id IN (...)" lets it walk the tenant's whole (created_at, id) index instead.
    return new Statement(
        "SELECT "
            + pageColumns
            + " FROM (SELECT created_at, id FROM ("
            + branches("created_at, id", where, filters, orderBy, branchLimit)
            + ") AS page_keys "
            + orderBy
            + " "
            + outerLimit
            + ") AS page CROSS JOIN tasks ON tasks.tenant = :tenant AND tasks.id = page.id "
            + orderBy(order, "page."),
        binds);
  }

  /**
   * One branch per value of the driving list, each selecting {@code selected} in sort order up to
   * {@code branchLimit}, joined by {@code UNION ALL}.
   */
  private static String branches(
      String selected, String where, Filters filters, String orderBy, String branchLimit) {
    List<String> branches = new ArrayList<>();
    for (int i = 0; i < filters.drivingBinds.size(); i++) {
      branches.add(
          "SELECT "
              + selected
              + " FROM (SELECT "
              + selected
              + " FROM tasks WHERE "
              + where
              + " AND "
              + filters.drivingColumn
              + " = :"
              + filters.drivingBinds.get(i)
              + " "
              + orderBy
              + " "
              + branchLimit
              + ") AS branch"
              + i);
    }
    return String.join(" UNION ALL ", branches);
  }

  /** The WHERE conditions every branch shares, and the list filter to branch on, if any. */
  private static final class Filters {
    final List<String> conditions = new ArrayList<>();
    String drivingColumn;
    List<String> drivingBinds = List.of();

    boolean branched() {
      return drivingColumn != null;
    }
  }

  private Filters filters(TaskQuery query, Map<String, Argument> binds) {
    Filters filters = new Filters();
    filters.conditions.add("tenant = :tenant");
    binds.put("tenant", dialect.text(query.tenant()));
    // Branch on the first list with several values, most selective column first; ids need no
    // branches, the primary key finds them directly.
    String driving = null;
    if (query.ids().isEmpty()) {
      if (query.resourceIds().size() > 1) {
        driving = "resource_id";
      } else if (query.invokeIds().size() > 1) {
        driving = "invoke_id";
      } else if (query.types().size() > 1) {
        driving = "type";
      } else if (query.statuses().size() > 1) {
        driving = "status";
      }
    }
    list(filters, binds, driving, "id", "id", query.ids(), dialect::text);
    list(filters, binds, driving, "resource_id", "resourceId", query.resourceIds(), dialect::text);
    if (query.parentId() != null) {
      filters.conditions.add("parent_id = :parentId");
      binds.put("parentId", dialect.text(query.parentId()));
    }
    list(filters, binds, driving, "invoke_id", "invokeId", query.invokeIds(), dialect::text);
    list(filters, binds, driving, "type", "type", query.types(), dialect::text);
    list(
        filters,
        binds,
        driving,
        "status",
        "status",
        names(query.statuses()),
        TaskQuerySql::plainText);
    if (query.level() != null) {
      filters.conditions.add("level = :level");
      binds.put("level", intArgument(query.level().number()));
    }
    if (query.resourceName() != null) {
      filters.conditions.add("resource_name = :resourceName");
      binds.put("resourceName", dialect.text(query.resourceName()));
    }
    if (query.operator() != null) {
      filters.conditions.add("operator = :operator");
      binds.put("operator", dialect.text(query.operator()));
    }
    if (query.createdFrom() != null) {
      filters.conditions.add("created_at >= :createdFrom");
      binds.put("createdFrom", dialect.timestamp(query.createdFrom()));
    }
    if (query.createdBefore() != null) {
      filters.conditions.add("created_at < :createdBefore");
      binds.put("createdBefore", dialect.timestamp(query.createdBefore()));
    }
    return filters;
  }

  private static void list(
      Filters filters,
      Map<String, Argument> binds,
      String driving,
      String column,
      String bindPrefix,
      Collection<String> values,
      Function<String, Argument> argument) {
    if (values.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>(values.size());
    for (String value : values) {
      String name = bindPrefix + names.size();
      names.add(name);
      binds.put(name, argument.apply(value));
    }
    if (column.equals(driving)) {
      filters.drivingColumn = column;
      filters.drivingBinds = Collections.unmodifiableList(names);
    } else if (names.size() == 1) {
      filters.conditions.add(column + " = :" + names.get(0));
    } else {
      filters.conditions.add(column + " IN (:" + String.join(", :", names) + ")");
    }
  }

  private static List<String> names(Collection<TaskStatus> statuses) {
    List<String> names = new ArrayList<>(statuses.size());
    statuses.forEach(status -> names.add(status.name()));
    return names;
  }

  private static Argument plainText(String value) {
    return (position, statement, context) -> statement.setString(position, value);
  }

  private static Argument intArgument(int value) {
    return (position, statement, context) -> statement.setInt(position, value);
  }

  private static Argument longArgument(long value) {
    return (position, statement, context) -> statement.setLong(position, value);
  }
}
