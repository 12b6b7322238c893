package dev.taskengine.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A filter over one tenant's tasks, and the order of the results. Filters AND together; a list
 * filter ORs its values; an empty list means "no filter on that field". Immutable and thread-safe.
 * Build one with {@link #builder(String)}.
 *
 * <p>The engine checks the limits (by default at most 100 values per list filter). {@code
 * createdFrom} is inclusive and {@code createdBefore} exclusive.
 *
 * <p>Besides one accessor per filter, a query lists the filters it sets as {@link #criteria()}, one
 * {@link Criterion} per {@link Field}: the form that stores, the engine's checks and the page
 * token's digest read, each with an exhaustive {@code switch} over {@link Field} where a field
 * needs its own code, so that a new filter does not compile until every one of them handles it.
 * {@link #matches(Task)} is the one in-memory meaning of the filter.
 *
 * <p>A value class: the accessors and {@code toString} of a record over its constructor's
 * parameters, equal to another query with the same tenant, criteria and order. It is not a record
 * only because it keeps its criteria, computed once by the constructor.
 */
public final class TaskQuery {

  /**
   * The fields a query can filter on, in the order {@link #criteria()} lists them. Each field takes
   * one {@link Criterion.Kind} of condition and has one value type.
   *
   * <p>Adding a field: give {@link TaskQuery} its accessor and builder method, add the constant
   * here, and follow the compile errors (docs/engine.md, "Adding a filter", lists every place).
   */
  public enum Field {
    /** {@link TaskQuery#ids()}: the task's id, a {@code String}. */
    IDS("ids", Criterion.Kind.ANY_OF),
    /** {@link TaskQuery#resourceIds()}: the task's resource id, a {@code String}. */
    RESOURCE_IDS("resourceIds", Criterion.Kind.ANY_OF),
    /** {@link TaskQuery#parentId()}: the task's batch, a {@code String}. */
    PARENT_ID("parentId", Criterion.Kind.EQUAL_TO),
    /** {@link TaskQuery#invokeIds()}: the request that created the task, a {@code String}. */
    INVOKE_IDS("invokeIds", Criterion.Kind.ANY_OF),
    /** {@link TaskQuery#types()}: the task's type, a {@code String}. */
    TYPES("types", Criterion.Kind.ANY_OF),
    /** {@link TaskQuery#statuses()}: the task's {@link TaskStatus}. */
    STATUSES("statuses", Criterion.Kind.ANY_OF),
    /** {@link TaskQuery#level()}: the task's {@link Level}. */
    LEVEL("level", Criterion.Kind.EQUAL_TO),
    /** {@link TaskQuery#resourceName()}: the task's resource name, a {@code String}. */
    RESOURCE_NAME("resourceName", Criterion.Kind.EQUAL_TO),
    /** {@link TaskQuery#operator()}: the task's operator, a {@code String}. */
    OPERATOR("operator", Criterion.Kind.EQUAL_TO),
    /**
     * {@link TaskQuery#createdFrom()} and {@link TaskQuery#createdBefore()}: the task's creation
     * {@code Instant}.
     */
    CREATED_AT("createdAt", Criterion.Kind.BETWEEN);

    private final String parameter;
    private final Criterion.Kind kind;

    Field(String parameter, Criterion.Kind kind) {
      this.parameter = parameter;
      this.kind = kind;
    }

    /**
     * The name of the filter as the builder and error messages spell it, for example {@code
     * resourceIds}.
     */
    public String parameter() {
      return parameter;
    }

    /** The kind of condition this field takes. */
    public Criterion.Kind kind() {
      return kind;
    }

    /** The task's value of this field, or null when the task has none. */
    Object valueOf(Task task) {
      return switch (this) {
        case IDS -> task.id();
        case RESOURCE_IDS -> task.resourceId();
        case PARENT_ID -> task.parentId();
        case INVOKE_IDS -> task.invokeId();
        case TYPES -> task.type();
        case STATUSES -> task.status();
        case LEVEL -> task.level();
        case RESOURCE_NAME -> task.resourceName();
        case OPERATOR -> task.operator();
        case CREATED_AT -> task.createdAt();
      };
    }
  }

  private static final Field[] FIELDS = Field.values();

  private final String tenant;
  private final SortedSet<String> ids;
  private final SortedSet<String> resourceIds;
  private final String parentId;
  private final SortedSet<String> invokeIds;
  private final SortedSet<String> types;
  private final SortedSet<TaskStatus> statuses;
  private final Level level;
  private final String resourceName;
  private final String operator;
  private final Instant createdFrom;
  private final Instant createdBefore;
  private final SortOrder order;
  private final List<Criterion> criteria;

  /**
   * A query; prefer {@link #builder(String)}. The sets are copied, sorted and deduplicated; a null
   * set is empty and a null order is {@link SortOrder#NEWEST_FIRST}.
   *
   * @throws InvalidRequestException for a blank tenant, a null value in a set, or {@code
   *     createdFrom} after {@code createdBefore}
   */
  public TaskQuery(
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
    InvalidRequestException.requireNonBlank(tenant, "tenant");
    this.tenant = tenant;
    this.ids = copy(ids, "ids");
    this.resourceIds = copy(resourceIds, "resourceIds");
    this.parentId = parentId;
    this.invokeIds = copy(invokeIds, "invokeIds");
    this.types = copy(types, "types");
    this.statuses = copy(statuses, "statuses");
    this.level = level;
    this.resourceName = resourceName;
    this.operator = operator;
    this.createdFrom = createdFrom;
    this.createdBefore = createdBefore;
    this.order = order == null ? SortOrder.NEWEST_FIRST : order;
    if (createdFrom != null && createdBefore != null && createdFrom.isAfter(createdBefore)) {
      throw new InvalidRequestException(
          "createdFrom", "must not be after createdBefore (" + createdBefore + ")");
    }
    List<Criterion> set = new ArrayList<>(FIELDS.length);
    for (Field field : FIELDS) {
      Criterion criterion = criterion(field);
      if (criterion != null) {
        set.add(criterion);
      }
    }
    this.criteria = List.copyOf(set);
  }

  /** This query's condition on {@code field}, or null when it does not filter on it. */
  private Criterion criterion(Field field) {
    return switch (field) {
      case IDS -> anyOf(field, ids);
      case RESOURCE_IDS -> anyOf(field, resourceIds);
      case PARENT_ID -> equalTo(field, parentId);
      case INVOKE_IDS -> anyOf(field, invokeIds);
      case TYPES -> anyOf(field, types);
      case STATUSES -> anyOf(field, statuses);
      case LEVEL -> equalTo(field, level);
      case RESOURCE_NAME -> equalTo(field, resourceName);
      case OPERATOR -> equalTo(field, operator);
      case CREATED_AT ->
          createdFrom == null && createdBefore == null
              ? null
              : new Criterion.Between(field, createdFrom, createdBefore);
    };
  }

  private static Criterion anyOf(Field field, SortedSet<?> values) {
    return values.isEmpty() ? null : new Criterion.AnyOf(field, values);
  }

  private static Criterion equalTo(Field field, Object value) {
    return value == null ? null : new Criterion.EqualTo(field, value);
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

  /** The tenant whose tasks the query reads; never blank. */
  public String tenant() {
    return tenant;
  }

  /** Only tasks with one of these ids; empty for any id. */
  public SortedSet<String> ids() {
    return ids;
  }

  /** Only tasks on one of these resources; empty for any resource. */
  public SortedSet<String> resourceIds() {
    return resourceIds;
  }

  /** Only the children of this batch; null for any. */
  public String parentId() {
    return parentId;
  }

  /** Only tasks created by one of these requests; empty for any request. */
  public SortedSet<String> invokeIds() {
    return invokeIds;
  }

  /** Only tasks of one of these types; empty for any type. */
  public SortedSet<String> types() {
    return types;
  }

  /** Only tasks in one of these statuses; empty for any status. */
  public SortedSet<TaskStatus> statuses() {
    return statuses;
  }

  /** Only tasks of this level; null for both. */
  public Level level() {
    return level;
  }

  /** Only tasks with exactly this resource name; null for any. */
  public String resourceName() {
    return resourceName;
  }

  /** Only tasks with exactly this operator; null for any. */
  public String operator() {
    return operator;
  }

  /** Only tasks created at or after this instant; null for no lower bound. */
  public Instant createdFrom() {
    return createdFrom;
  }

  /** Only tasks created strictly before this instant; null for no upper bound. */
  public Instant createdBefore() {
    return createdBefore;
  }

  /** The order of the results. */
  public SortOrder order() {
    return order;
  }

  /**
   * The conditions this query sets, at most one per {@link Field}, in the order of {@link
   * Field#values()}; empty for a query over every task of the tenant. Computed once; an
   * unmodifiable list.
   */
  public List<Criterion> criteria() {
    return criteria;
  }

  /**
   * Whether the task belongs to the query's result: it is in the query's tenant and passes every
   * {@link #criteria() criterion}. The order does not matter here.
   */
  public boolean matches(Task task) {
    if (!tenant.equals(task.tenant())) {
      return false;
    }
    for (int i = 0; i < criteria.size(); i++) {
      if (!criteria.get(i).matches(task)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Equal when tenant, criteria and order are equal, which is when every accessor returns equal
   * values; through the criteria it cannot miss a filter.
   */
  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof TaskQuery query
            && tenant.equals(query.tenant)
            && criteria.equals(query.criteria)
            && order == query.order);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, criteria, order);
  }

  /** The same text a record would give, for example {@code TaskQuery[tenant=t1, ids=[], ...]}. */
  @Override
  public String toString() {
    return "TaskQuery[tenant="
        + tenant
        + ", ids="
        + ids
        + ", resourceIds="
        + resourceIds
        + ", parentId="
        + parentId
        + ", invokeIds="
        + invokeIds
        + ", types="
        + types
        + ", statuses="
        + statuses
        + ", level="
        + level
        + ", resourceName="
        + resourceName
        + ", operator="
        + operator
        + ", createdFrom="
        + createdFrom
        + ", createdBefore="
        + createdBefore
        + ", order="
        + order
        + "]";
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
    Builder builder = new Builder(tenant).order(order);
    for (Field field : FIELDS) {
      builder =
          switch (field) {
            case IDS -> builder.ids(ids);
            case RESOURCE_IDS -> builder.resourceIds(resourceIds);
            case PARENT_ID -> builder.parentId(parentId);
            case INVOKE_IDS -> builder.invokeIds(invokeIds);
            case TYPES -> builder.types(types);
            case STATUSES -> builder.statuses(statuses);
            case LEVEL -> builder.level(level);
            case RESOURCE_NAME -> builder.resourceName(resourceName);
            case OPERATOR -> builder.operator(operator);
            case CREATED_AT -> builder.createdBetween(createdFrom, createdBefore);
          };
    }
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
