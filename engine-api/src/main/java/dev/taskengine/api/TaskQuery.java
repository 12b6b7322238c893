package dev.taskengine.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A filter over one tenant's tasks, and the order of the results. Filters AND together; a list
 * filter ORs its values; an empty list means "no filter on that field". Immutable and thread-safe.
 * Build one with {@link #builder(String)}.
 *
 * <p>The engine checks the limits (by default at most 100 values per list filter). {@code
 * createdFrom} is inclusive and {@code createdBefore} exclusive.
 */
public record TaskQuery(
    String tenant,
    SortedSet<String> ids,
    SortedSet<String> resourceIds,
    String parentId,
    SortedSet<String> invokeIds,
    SortedSet<String> types,
    SortedSet<TaskStatus> statuses,
    Level level,
    String resourceName,
    String operator,
    Instant createdFrom,
    Instant createdBefore,
    SortOrder order) {

  public TaskQuery {
    InvalidRequestException.requireNonBlank(tenant, "tenant");
    ids = copy(ids, "ids");
    resourceIds = copy(resourceIds, "resourceIds");
    invokeIds = copy(invokeIds, "invokeIds");
    types = copy(types, "types");
    statuses = copy(statuses, "statuses");
    order = order == null ? SortOrder.NEWEST_FIRST : order;
    if (createdFrom != null && createdBefore != null && createdFrom.isAfter(createdBefore)) {
      throw new InvalidRequestException(
          "createdFrom", "must not be after createdBefore (" + createdBefore + ")");
    }
  }

  private static <T extends Comparable<? super T>> SortedSet<T> copy(
      Collection<T> values, String field) {
    TreeSet<T> copy = new TreeSet<>();
    if (values != null) {
      for (T value : values) {
        InvalidRequestException.requireNonNull(value, field + " value");
        copy.add(value);
      }
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  /** A query over every task of the tenant, newest first. */
  public static TaskQuery all(String tenant) {
    return builder(tenant).build();
  }

  public static Builder builder(String tenant) {
    return new Builder(tenant);
  }

  /** A builder preset with this query's values. */
  public Builder toBuilder() {
    Builder builder = new Builder(tenant);
    builder.ids.addAll(ids);
    builder.resourceIds.addAll(resourceIds);
    builder.invokeIds.addAll(invokeIds);
    builder.types.addAll(types);
    builder.statuses.addAll(statuses);
    builder.parentId = parentId;
    builder.level = level;
    builder.resourceName = resourceName;
    builder.operator = operator;
    builder.createdFrom = createdFrom;
    builder.createdBefore = createdBefore;
    builder.order = order;
    return builder;
  }

  /** Fluent builder; not thread-safe. Null values are rejected at {@link #build()}. */
  public static final class Builder {
    private final String tenant;
    private final Collection<String> ids = new java.util.ArrayList<>();
    private final Collection<String> resourceIds = new java.util.ArrayList<>();
    private final Collection<String> invokeIds = new java.util.ArrayList<>();
    private final Collection<String> types = new java.util.ArrayList<>();
    private final Collection<TaskStatus> statuses = new java.util.ArrayList<>();
    private String parentId;
    private Level level;
    private String resourceName;
    private String operator;
    private Instant createdFrom;
    private Instant createdBefore;
    private SortOrder order = SortOrder.NEWEST_FIRST;

    private Builder(String tenant) {
      this.tenant = tenant;
    }

    public Builder ids(Collection<String> values) {
      ids.addAll(InvalidRequestException.requireNonNull(values, "ids"));
      return this;
    }

    public Builder ids(String... values) {
      return ids(Arrays.asList(InvalidRequestException.requireNonNull(values, "ids")));
    }

    public Builder resourceIds(Collection<String> values) {
      resourceIds.addAll(InvalidRequestException.requireNonNull(values, "resourceIds"));
      return this;
    }

    public Builder resourceIds(String... values) {
      return resourceIds(
          Arrays.asList(InvalidRequestException.requireNonNull(values, "resourceIds")));
    }

    public Builder invokeIds(Collection<String> values) {
      invokeIds.addAll(InvalidRequestException.requireNonNull(values, "invokeIds"));
      return this;
    }

    public Builder invokeIds(String... values) {
      return invokeIds(Arrays.asList(InvalidRequestException.requireNonNull(values, "invokeIds")));
    }

    public Builder types(Collection<String> values) {
      types.addAll(InvalidRequestException.requireNonNull(values, "types"));
      return this;
    }

    public Builder types(String... values) {
      return types(Arrays.asList(InvalidRequestException.requireNonNull(values, "types")));
    }

    public Builder statuses(Collection<TaskStatus> values) {
      statuses.addAll(InvalidRequestException.requireNonNull(values, "statuses"));
      return this;
    }

    public Builder statuses(TaskStatus... values) {
      return statuses(Arrays.asList(InvalidRequestException.requireNonNull(values, "statuses")));
    }

    /** Only the children of this batch. */
    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder level(Level level) {
      this.level = level;
      return this;
    }

    /** Exact match on the resource name. */
    public Builder resourceName(String resourceName) {
      this.resourceName = resourceName;
      return this;
    }

    /** Exact match on the operator. */
    public Builder operator(String operator) {
      this.operator = operator;
      return this;
    }

    /** Tasks created at or after {@code from} and strictly before {@code before}; either null. */
    public Builder createdBetween(Instant from, Instant before) {
      this.createdFrom = from;
      this.createdBefore = before;
      return this;
    }

    public Builder order(SortOrder order) {
      this.order = InvalidRequestException.requireNonNull(order, "order");
      return this;
    }

    public TaskQuery build() {
      return new TaskQuery(
          tenant,
          new TreeSet<>(nonNull(ids, "ids")),
          new TreeSet<>(nonNull(resourceIds, "resourceIds")),
          parentId,
          new TreeSet<>(nonNull(invokeIds, "invokeIds")),
          new TreeSet<>(nonNull(types, "types")),
          new TreeSet<>(nonNull(statuses, "statuses")),
          level,
          resourceName,
          operator,
          createdFrom,
          createdBefore,
          order);
    }

    private static <T> Collection<T> nonNull(Collection<T> values, String field) {
      for (T value : values) {
        InvalidRequestException.requireNonNull(value, field + " value");
      }
      return values;
    }
  }
}
