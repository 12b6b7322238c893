package dev.taskengine.store.memory;

import dev.taskengine.api.Criterion;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import java.util.List;

/**
 * The criteria of a query that its plan does not already guarantee, tested row by row with {@link
 * Criterion#matches}, the one in-memory meaning of a filter. The created-at range, the snapshot and
 * the keyset position are not here: {@link KeyRange} applies them to the index.
 */
final class TaskFilter {

  private static final Criterion[] NONE = new Criterion[0];

  private final Criterion[] criteria;

  private TaskFilter(Criterion[] criteria) {
    this.criteria = criteria;
  }

  /**
   * The criteria of {@code query} less the one whose index the plan reads ({@code covered}, null
   * for the whole tenant's index) and less the created-at range.
   */
  static TaskFilter of(TaskQuery query, TaskQuery.Field covered) {
    List<Criterion> all = query.criteria();
    int kept = 0;
    for (int i = 0; i < all.size(); i++) {
      kept += isTested(all.get(i), covered) ? 1 : 0;
    }
    if (kept == 0) {
      return new TaskFilter(NONE);
    }
    Criterion[] criteria = new Criterion[kept];
    kept = 0;
    for (int i = 0; i < all.size(); i++) {
      if (isTested(all.get(i), covered)) {
        criteria[kept++] = all.get(i);
      }
    }
    return new TaskFilter(criteria);
  }

  private static boolean isTested(Criterion criterion, TaskQuery.Field covered) {
    return criterion.field() != covered && criterion.field() != TaskQuery.Field.CREATED_AT;
  }

  /** Whether every task passes: the index alone answers the query. */
  boolean acceptsAll() {
    return criteria.length == 0;
  }

  boolean test(Task task) {
    for (Criterion criterion : criteria) {
      if (!criterion.matches(task)) {
        return false;
      }
    }
    return true;
  }
}
