package dev.taskengine.store.jdbc;

import dev.taskengine.api.Criterion;
import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
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
  private final Map<TaskQuery.Field, Column> filterColumns = new EnumMap<>(TaskQuery.Field.class);

  TaskQuerySql(Dialect dialect, SqlStatements statements) {
    this.dialect = dialect;
    for (TaskQuery.Field field : TaskQuery.Field.values()) {
      filterColumns.put(field, column(field));
    }
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

  /**
   * How one filter field is written: its column, the names of its binds (numbered for a list, with
   * "From" and "Before" for a range) and how one value binds, with the conditions' text made once.
   * {@code branches}: whether a list may drive the branches of a multi-value page, which needs a
   * per-value index {@code (tenant, column, created_at, id)}.
   */
  private static final class Column {
    final String name;
    final String bind;
    final Function<Object, Argument> argument;
    final boolean branches;
    final String equalTo;
    final String fromBind;
    final String from;
    final String beforeBind;
    final String before;

    Column(String name, String bind, Function<Object, Argument> argument, boolean branches) {
      this.name = name;
      this.bind = bind;
      this.argument = argument;
      this.branches = branches;
      this.equalTo = name + " = :" + bind;
      this.fromBind = bind + "From";
      this.from = name + " >= :" + fromBind;
      this.beforeBind = bind + "Before";
      this.before = name + " < :" + beforeBind;
    }
  }

  /** The SQL of each filter field; one exhaustive switch, so a new field cannot be forgotten. */
  private Column column(TaskQuery.Field field) {
    Function<Object, Argument> text = value -> dialect.text((String) value);
    return switch (field) {
      // Never branched on: ids are found directly by primary key.
      case IDS -> new Column("id", "id", text, false);
      case RESOURCE_IDS -> new Column("resource_id", "resourceId", text, true);
      case PARENT_ID -> new Column("parent_id", "parentId", text, false);
      case INVOKE_IDS -> new Column("invoke_id", "invokeId", text, true);
      case TYPES -> new Column("type", "type", text, true);
      case STATUSES ->
          new Column("status", "status", value -> plainText(((TaskStatus) value).name()), true);
      case LEVEL ->
          new Column("level", "level", value -> intArgument(((Level) value).number()), false);
      case RESOURCE_NAME -> new Column("resource_name", "resourceName", text, false);
      case OPERATOR -> new Column("operator", "operator", text, false);
      case CREATED_AT ->
          new Column("created_at", "created", value -> dialect.timestamp((Instant) value), false);
    };
  }

  /**
   * The tenant and every criterion of the query as WHERE conditions, in the query's criteria order
   * (the statement's text is a function of the query's shape only, as cached plans want).
   */
  private Filters filters(TaskQuery query, Map<String, Argument> binds) {
    Filters filters = new Filters();
    filters.conditions.add("tenant = :tenant");
    binds.put("tenant", dialect.text(query.tenant()));
    TaskQuery.Field driving = driving(query);
    for (Criterion criterion : query.criteria()) {
      Column column = filterColumns.get(criterion.field());
      switch (criterion.field().kind()) {
        case ANY_OF ->
            anyOf(
                filters,
                binds,
                column,
                ((Criterion.AnyOf) criterion).values(),
                criterion.field() == driving);
        case EQUAL_TO -> {
          filters.conditions.add(column.equalTo);
          binds.put(column.bind, column.argument.apply(((Criterion.EqualTo) criterion).value()));
        }
        case BETWEEN -> {
          Criterion.Between range = (Criterion.Between) criterion;
          if (range.from() != null) {
            filters.conditions.add(column.from);
            binds.put(column.fromBind, column.argument.apply(range.from()));
          }
          if (range.before() != null) {
            filters.conditions.add(column.before);
            binds.put(column.beforeBind, column.argument.apply(range.before()));
          }
        }
      }
    }
    return filters;
  }

  /**
   * The list to branch on: the first with several values whose column has its own index, most
   * selective column first (the criteria's order); none when the query names ids, which the primary
   * key finds directly.
   */
  private TaskQuery.Field driving(TaskQuery query) {
    if (!query.ids().isEmpty()) {
      return null;
    }
    for (Criterion criterion : query.criteria()) {
      if (criterion instanceof Criterion.AnyOf list
          && list.values().size() > 1
          && filterColumns.get(criterion.field()).branches) {
        return criterion.field();
      }
    }
    return null;
  }

  private static void anyOf(
      Filters filters,
      Map<String, Argument> binds,
      Column column,
      Collection<?> values,
      boolean driving) {
    List<String> names = new ArrayList<>(values.size());
    for (Object value : values) {
      String name = column.bind + names.size();
      names.add(name);
      binds.put(name, column.argument.apply(value));
    }
    if (driving) {
      filters.drivingColumn = column.name;
      filters.drivingBinds = Collections.unmodifiableList(names);
    } else if (names.size() == 1) {
      filters.conditions.add(column.name + " = :" + names.get(0));
    } else {
      filters.conditions.add(column.name + " IN (:" + String.join(", :", names) + ")");
    }
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
