package dev.taskengine.api;

import java.time.Instant;
import java.util.SortedSet;

/**
 * One condition of a {@link TaskQuery}: a filter on one {@link TaskQuery.Field}. A query's
 * conditions AND together; {@link TaskQuery#criteria()} lists those a query sets, and stores and
 * the engine build what they need from that list (SQL, an index choice, a page token's digest), so
 * that a filter means the same everywhere. Immutable and thread-safe.
 *
 * <p>There is one record per {@link Kind}; the field decides which: {@link TaskQuery.Field#kind()}.
 * {@link #matches(Task)} is the one in-memory definition of what a condition accepts.
 */
public sealed interface Criterion permits Criterion.AnyOf, Criterion.EqualTo, Criterion.Between {

  /** The shapes a condition takes. */
  enum Kind {
    /** The task's value is one of a set: {@link AnyOf}. */
    ANY_OF,
    /** The task's value equals one value: {@link EqualTo}. */
    EQUAL_TO,
    /** The task's instant lies in a half-open range: {@link Between}. */
    BETWEEN
  }

  /** The field this condition filters on. */
  TaskQuery.Field field();

  /** Whether the task passes this condition. */
  boolean matches(Task task);

  /**
   * The field's value is one of {@code values}; a task without a value (null) never matches.
   *
   * @param field a field of kind {@link Kind#ANY_OF}
   * @param values the accepted values (at least one), of the field's value type, in their natural
   *     order
   */
  record AnyOf(TaskQuery.Field field, SortedSet<?> values) implements Criterion {
    public AnyOf {
      requireKind(field, Kind.ANY_OF);
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException(field + " needs at least one value");
      }
    }

    @Override
    public boolean matches(Task task) {
      Object value = field.valueOf(task);
      return value != null && values.contains(value);
    }
  }

  /**
   * The field's value equals {@code value}.
   *
   * @param field a field of kind {@link Kind#EQUAL_TO}
   * @param value the value, of the field's value type
   */
  record EqualTo(TaskQuery.Field field, Object value) implements Criterion {
    public EqualTo {
      requireKind(field, Kind.EQUAL_TO);
      if (value == null) {
        throw new IllegalArgumentException(field + " needs a value");
      }
    }

    @Override
    public boolean matches(Task task) {
      return value.equals(field.valueOf(task));
    }
  }

  /**
   * The field's instant is at or after {@code from} and strictly before {@code before}; a null
   * bound is open, but not both.
   *
   * @param field a field of kind {@link Kind#BETWEEN}
   * @param from the inclusive lower bound, or null
   * @param before the exclusive upper bound, or null
   */
  record Between(TaskQuery.Field field, Instant from, Instant before) implements Criterion {
    public Between {
      requireKind(field, Kind.BETWEEN);
      if (from == null && before == null) {
        throw new IllegalArgumentException(field + " needs a bound");
      }
    }

    @Override
    public boolean matches(Task task) {
      Instant value = (Instant) field.valueOf(task);
      return value != null
          && (from == null || !value.isBefore(from))
          && (before == null || value.isBefore(before));
    }
  }

  private static void requireKind(TaskQuery.Field field, Kind kind) {
    if (field == null || field.kind() != kind) {
      throw new IllegalArgumentException(field + " is not a field of kind " + kind);
    }
  }
}
