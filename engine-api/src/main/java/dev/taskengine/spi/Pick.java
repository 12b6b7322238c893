package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A bounded change of the tasks a store selects itself, computed by the engine: claiming PENDING
 * tasks and sweeping expired ones are picks. See {@link TaskStore#pick}.
 *
 * @param selection which tasks, and in which order
 * @param limit the most tasks to select, at least 1
 * @param now the time of the change, and of the selection's comparisons
 * @param change the engine's rule: each selected task as it should be stored (version + 1), or the
 *     task itself to leave it unchanged. Pure; the store may call it inside its transaction.
 */
public record Pick(Selection selection, int limit, Instant now, UnaryOperator<Task> change) {

  public Pick {
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(change, "change");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /** Which tasks a pick selects. Every selection is of instance tasks (level 2) only. */
  public sealed interface Selection {}

  /**
   * PENDING instance tasks whose {@code availableAt} is at or before {@code now}, ordered by {@code
   * availableAt} then {@code id} (oldest first).
   *
   * @param tenant only this tenant's tasks, or null for every tenant
   * @param types only these types; empty for any
   * @param resourceIds only these resource ids; empty for any
   */
  public record Claimable(String tenant, Set<String> types, Set<String> resourceIds)
      implements Selection {
    public Claimable {
      types = Set.copyOf(types);
      resourceIds = Set.copyOf(resourceIds);
    }
  }

  /**
   * Instance tasks of every tenant that are due for the sweep: RUNNING or CANCELLING with {@code
   * leaseExpiresAt} at or before {@code now}, or not terminal with {@code deadline} at or before
   * {@code now}. The order is the store's, but a store must not return the same due task forever
   * while others wait: oldest due first is the expected order.
   */
  public record Due() implements Selection {}
}
