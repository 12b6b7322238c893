package dev.taskengine.store.memory;

import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The predicates of a query that its index does not already guarantee. The created-at range, the
 * snapshot and the keyset position are not here: {@link KeyRange} applies them to the index.
 */
final class TaskFilter {

  // A null set or value means "no filter on that field".
  private final Set<String> ids;
  private final Set<String> resourceIds;
  private final Set<String> invokeIds;
  private final Set<String> types;
  private final Set<TaskStatus> statuses;
  private final String parentId;
  private final Level level;
  private final String resourceName;
  private final String operator;

  private TaskFilter(TaskQuery query, IndexField covered) {
    this.ids = covered == IndexField.IDS ? null : hashed(query.ids());
    this.resourceIds = covered == IndexField.RESOURCE_IDS ? null : hashed(query.resourceIds());
    this.invokeIds = covered == IndexField.INVOKE_IDS ? null : hashed(query.invokeIds());
    this.types = covered == IndexField.TYPES ? null : hashed(query.types());
    this.statuses =
        covered == IndexField.STATUSES || query.statuses().isEmpty()
            ? null
            : EnumSet.copyOf(query.statuses());
    this.parentId = covered == IndexField.PARENT_ID ? null : query.parentId();
    this.level = covered == IndexField.LEVEL ? null : query.level();
    this.resourceName = query.resourceName();
    this.operator = query.operator();
  }

  /** The filter of {@code query} less what the index of {@code covered} guarantees. */
  static TaskFilter of(TaskQuery query, IndexField covered) {
    return new TaskFilter(query, covered);
  }

  /** Whether every task passes: the index alone answers the query. */
  boolean acceptsAll() {
    return ids == null
        && resourceIds == null
        && invokeIds == null
        && types == null
        && statuses == null
        && parentId == null
        && level == null
        && resourceName == null
        && operator == null;
  }

  boolean test(Task task) {
    return (statuses == null || statuses.contains(task.status()))
        && (level == null || level == task.level())
        && (parentId == null || parentId.equals(task.parentId()))
        && (types == null || types.contains(task.type()))
        && (ids == null || ids.contains(task.id()))
        && (resourceIds == null || contains(resourceIds, task.resourceId()))
        && (invokeIds == null || contains(invokeIds, task.invokeId()))
        && (resourceName == null || resourceName.equals(task.resourceName()))
        && (operator == null || operator.equals(task.operator()));
  }

  private static boolean contains(Set<String> values, String value) {
    return value != null && values.contains(value);
  }

  private static Set<String> hashed(Collection<String> values) {
    return values.isEmpty() ? null : new HashSet<>(values);
  }
}
