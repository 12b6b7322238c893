package dev.taskengine.store.memory;

import dev.taskengine.api.TaskQuery;
import dev.taskengine.spi.SortKey;
import java.util.List;
import java.util.NavigableMap;

/**
 * Where a query reads its candidates: either rows looked up by id ({@link TaskQuery.Field#IDS}), or
 * the union of one or more ordered index slices of one field. An empty list of indexes means that a
 * filtered value has no task at all, so nothing can match.
 *
 * @param field the filter whose index gives the candidates; null for the tenant's whole index
 * @param indexes the ordered indexes to merge (unused for ids)
 * @param rows the rows found by id, unordered (only for ids)
 * @param size how many candidates the indexes hold before the key range applies
 */
record Plan(
    TaskQuery.Field field, List<NavigableMap<SortKey, Row>> indexes, List<Row> rows, long size) {

  static Plan byIds(List<Row> rows) {
    return new Plan(TaskQuery.Field.IDS, List.of(), rows, rows.size());
  }

  static Plan byIndexes(TaskQuery.Field field, List<NavigableMap<SortKey, Row>> indexes) {
    long size = 0;
    for (NavigableMap<SortKey, Row> index : indexes) {
      size += index.size();
    }
    return new Plan(field, indexes, List.of(), size);
  }

  /** A short text for tests and debugging, for example {@code STATUSES x2 (1500 rows)}. */
  String describe() {
    int sources = field == TaskQuery.Field.IDS ? rows.size() : indexes.size();
    return (field == null ? "ALL" : field.name()) + " x" + sources + " (" + size + " rows)";
  }
}
