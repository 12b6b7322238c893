package dev.taskengine.spi;

import dev.taskengine.api.TaskQuery;
import java.time.Instant;
import java.util.Objects;

/**
 * One keyset page: tasks matching {@code query}, created at or before {@code snapshot}, strictly
 * after {@code after} in the query's order (from the start when null), at most {@code limit}.
 *
 * @param query the validated filter and order
 * @param snapshot the time T0 fixed at the first page
 * @param after the sort key of the previous page's last task, or null
 * @param limit the most tasks to return
 */
public record PageQuery(TaskQuery query, Instant snapshot, SortKey after, int limit) {

  public PageQuery {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(snapshot, "snapshot");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
