package dev.taskengine.spi;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TokenKeyRing;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence for the engine: narrow and dumb. The engine owns every rule (the status machine,
 * limits, rollup, tokens); a store owns atomicity and indexes. Each method is one atomic unit of
 * work. Every read and write is scoped by tenant: a store never returns, changes or counts another
 * tenant's task.
 *
 * <p>Implementations must be thread-safe. Failures that are not the caller's fault are thrown as
 * {@link StoreException} (or {@link dev.taskengine.api.StoreUnavailableException} when the store
 * cannot be reached), never as a driver's exception, and leave nothing of the unit behind. The
 * {@code engine-tck} contract suite is the definition of a correct store.
 */
public interface TaskStore extends AutoCloseable {

  /**
   * Inserts a single task, or a batch and its children, and the client-token record if any: all or
   * nothing.
   *
   * @throws DuplicateClientTokenException when the tenant already used the client token
   * @throws StoreException when a task id already exists in the tenant or appears twice in {@code
   *     tasks} (nothing is written); the same id in another tenant is another task
   */
  void insert(NewTasks tasks);

  /** The task with this id in this tenant. */
  Optional<Task> find(String tenant, String id);

  /** The idempotency record of a client token in this tenant. */
  Optional<ClientTokenRecord> findClientToken(String tenant, String clientToken);

  /**
   * Compare-and-set write of one task plus the delta on its parent, in one transaction (see {@link
   * TaskUpdate}).
   *
   * @return what was written, or empty when the task no longer has the expected status and version
   *     (nothing was written)
   */
  Optional<UpdateResult> update(TaskUpdate update, BatchRollup rollup);

  /**
   * Compare-and-set writes of many tasks, in one transaction, as the engine's bulk reports make
   * them. Each update is written as {@link #update} writes its task, only where the stored row
   * still has its {@code before}'s status and version; an update whose row changed (or is gone) is
   * not written, and the others still are. Then, once per parent, the store adds the sum of the
   * written updates' {@link TaskUpdate#parentDelta}s to the parent's counters (updatedAt = the
   * latest {@code now} of the call's updates, version + 1) and persists what {@link
   * BatchRollup#rollUp} makes of it; parents are changed in (tenant, id) order, as {@link #pick}
   * changes them, and a parent whose summed delta is zero is left alone. The updates may name
   * instance tasks of several tenants, each task at most once ({@link TaskUpdate#checkBulk} checks
   * that and gives the call's time).
   *
   * @return per update, in order: what was written (the task as {@link TaskUpdate#written} makes
   *     it, and its parent after the whole call's delta and rollup, empty when the parent was left
   *     alone), or empty when its row no longer had the expected status and version
   * @throws IllegalArgumentException when two updates name the same task or one names a batch
   *     (nothing is written)
   */
  List<Optional<UpdateResult>> updateAll(List<TaskUpdate> updates, BatchRollup rollup);

  /**
   * Adds children to a batch (see {@link ChildAddition}).
   *
   * @return the batch after the change, or empty when it is missing, not in an allowed status or
   *     would exceed the limit (nothing was written)
   * @throws StoreException when a child's id already exists in the tenant or appears twice in the
   *     addition (nothing is written)
   */
  Optional<Task> addChildren(ChildAddition addition);

  /**
   * Changes a batch and its children at once (see {@link BatchCascade}).
   *
   * @return the batch after the change and rollup, or empty when it no longer has the expected
   *     status and version (nothing was written)
   */
  Optional<Task> cascade(BatchCascade cascade, BatchRollup rollup);

  /**
   * Selects up to {@code pick.limit()} tasks of {@code pick.selection()} and writes what {@code
   * pick.change()} makes of each, in one transaction. Rows that another transaction holds are
   * skipped, never waited for, so concurrent picks (on this node or others) select disjoint tasks
   * and never block each other; a task selected by one pick is never written by another pick's
   * change from the same state. For every task the change altered, the store writes the fields
   * {@link TaskUpdate} lists, then, per parent, adds the sum of {@link CounterDelta#move} of its
   * changed children to the parent's counters (once per parent: updatedAt = {@code now}, version +
   * 1) and persists what {@link BatchRollup#rollUp} makes of it.
   *
   * @return what was written, in selection order; tasks the change left alone are not included
   */
  List<UpdateResult> pick(Pick pick, BatchRollup rollup);

  /** One keyset page (see {@link PageQuery}), in the query's order. */
  List<Task> findPage(PageQuery page);

  /**
   * The tasks at positions {@code offset .. offset + limit - 1} of the query's result, without a
   * snapshot. Only for APIs that demand offset paging; the engine caps {@code offset + limit}.
   */
  List<Task> findOffset(TaskQuery query, int offset, int limit);

  /** The number of matching tasks, counting no further than {@code limit}. */
  long count(TaskQuery query, long limit);

  /**
   * Deletes the tenant's terminal root tasks (single tasks and batches) that finished strictly
   * before {@code finishedBefore}, with all children of those batches and their client-token
   * records. Children are only ever deleted with their batch, so counters stay true.
   *
   * @return how many tasks were deleted, children included
   */
  long purgeFinished(String tenant, Instant finishedBefore);

  /**
   * A page-token key ring this store shares between every engine that uses it, so that all nodes
   * accept each other's tokens. Empty (the default) when the store does not keep one; the engine
   * then uses its configured ring or makes a per-process key.
   */
  default Optional<TokenKeyRing> sharedTokenKeys() {
    return Optional.empty();
  }

  /** Releases what the store owns (a pool, a connection); a no-op by default. */
  @Override
  default void close() {}
}
