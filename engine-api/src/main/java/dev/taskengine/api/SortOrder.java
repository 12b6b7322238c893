package dev.taskengine.api;

/** The order of query results by the sort key {@code (createdAt, id)}, which never changes. */
public enum SortOrder {
  /** {@code createdAt DESC, id DESC}: the default. */
  NEWEST_FIRST,
  /** {@code createdAt ASC, id ASC}. */
  OLDEST_FIRST
}
