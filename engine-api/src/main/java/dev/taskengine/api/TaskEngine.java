package dev.taskengine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tracks asynchronous tasks: creates single tasks and batches, moves them through the status
 * machine of {@link TaskStatus}, keeps batch counters and status in step with their children, and
 * lists tasks with filters and signed keyset page tokens.
 *
 * <p>Every method takes the tenant and never reads, changes, counts or pages another tenant's
 * tasks. Every transition is a compare-and-set on the task's status and version: of two callers
 * racing on one task, one wins and the other gets {@link ConcurrentUpdateException}. Bad arguments
 * get an {@link InvalidRequestException} naming the field and the limit, before anything is
 * written. Implementations are thread-safe and keep no state a restart would lose except, without
 * configured token keys, the ability to verify old page tokens.
 *
 * <p>Work governance: workers {@link #claim} PENDING tasks and hold each one's {@link Lease},
 * renewing it with {@link #heartbeat} and finishing with the lease-checked {@link #succeed(Lease,
 * String)} or {@link #fail(Lease, String, String)}, or many at once with {@link #report}. {@link
 * #sweepExpired} retries or fails tasks whose lease expired and fails tasks past their deadline;
 * every node may call it at once.
 *
 * <p>engine-core makes one ({@code TaskEngines.builder().store(store).build()}); this interface is
 * what hosts program against.
 */
public interface TaskEngine extends AutoCloseable {

  /**
   * Creates a single task (an instance task with no parent) in PENDING.
   *
   * <p>With a client token, a repeat of the same spec returns the task the first call created.
   *
   * @throws IdempotencyConflictException when the client token was used with a different spec
   */
  Task submit(TaskSpec spec);

  /**
   * Creates a batch and one PENDING child per {@link ChildSpec}, atomically: all rows or none.
   * Returns the batch, whose counters count the children.
   *
   * @throws IdempotencyConflictException when the client token was used with a different spec
   */
  Task submitBatch(BatchSpec spec);

  /**
   * Adds PENDING children to a batch that is PENDING or RUNNING, atomically with its counters.
   *
   * @return the new children, in order
   * @throws IllegalTransitionException when the batch is cancelling or terminal, or is not a batch
   * @throws InvalidRequestException when the batch would pass the children limit
   */
  List<Task> addChildren(String tenant, String batchId, List<ChildSpec> children);

  /** PENDING to RUNNING. A batch's status follows its children and cannot be started. */
  Task start(String tenant, String taskId);

  /**
   * RUNNING or CANCELLING to SUCCEEDED, with the result (may be null). Repeating the same report on
   * a task that already succeeded with the same result is a no-op returning the task.
   */
  Task succeed(String tenant, String taskId, String result);

  /**
   * PENDING, RUNNING or CANCELLING to FAILED, with the error (code required, message may be null).
   * Repeating the same report is a no-op returning the task.
   */
  Task fail(String tenant, String taskId, String errorCode, String errorMessage);

  /**
   * Requests cancellation: PENDING goes to CANCELLED, RUNNING to CANCELLING (the worker then
   * confirms with {@link #confirmCancelled}); on a CANCELLING or CANCELLED task it is a no-op. On a
   * batch, cancels its PENDING children and moves its RUNNING ones to CANCELLING, atomically.
   *
   * @throws IllegalTransitionException when the task is not cancellable or already succeeded or
   *     failed
   */
  Task cancel(String tenant, String taskId);

  /**
   * A worker's confirmation that a CANCELLING task stopped: CANCELLING to CANCELLED. Repeating it
   * on a CANCELLED task is a no-op.
   */
  Task confirmCancelled(String tenant, String taskId);

  /** Records an interim result on a PENDING, RUNNING or CANCELLING task (not a transition). */
  Task recordProgress(String tenant, String taskId, String result);

  /** The task, if it exists in the tenant. */
  Optional<Task> find(String tenant, String taskId);

  /**
   * The task.
   *
   * @throws TaskNotFoundException when it does not exist in the tenant
   */
  Task get(String tenant, String taskId);

  /**
   * One page of the query's results by keyset pagination. The first page fixes a snapshot time: no
   * later page shows a task created after it. The next token is bound to the tenant, the filter and
   * the order.
   *
   * @throws InvalidPageTokenException when the token cannot be used with this query
   */
  Page<Task> query(TaskQuery query, PageRequest page);

  /**
   * The results at positions {@code offset .. offset + limit - 1}, for APIs that demand offset
   * paging. Costs grow with the offset; {@code offset + limit} is capped (10,000 by default).
   */
  List<Task> queryByOffset(TaskQuery query, int offset, int limit);

  /** How many tasks match, exact up to the count cap (10,000 by default). */
  TaskCount count(TaskQuery query);

  /**
   * Deletes the tenant's single tasks and batches (with their children) that became terminal
   * strictly before {@code finishedBefore}.
   *
   * @return the number of tasks deleted, children included
   */
  long purgeFinished(String tenant, Instant finishedBefore);

  // ---- work governance ----

  /**
   * Claims up to {@code request.limit()} PENDING instance tasks whose {@code availableAt} has
   * passed, oldest first, and moves them to RUNNING in one transaction: each gets the lease owner,
   * a lease expiry of now plus {@code request.lease()} and the next attempt number, and each batch
   * involved gets its counters and status moved. Concurrent claimers, in this process or on other
   * nodes, never receive the same task.
   *
   * @return the claimed tasks, oldest first; empty when nothing is available
   * @throws InvalidRequestException when the lease is not positive or past {@link
   *     Limits#maxLease()}, the limit is below 1 or past {@link Limits#maxClaimSize()}, or a field
   *     is past its limit
   */
  List<Task> claim(ClaimRequest request);

  /**
   * Extends the lease to now plus {@code extension}. A RUNNING or CANCELLING task may be renewed;
   * the returned task's status tells the worker when it was asked to cancel.
   *
   * @throws LeaseLostException when the caller does not hold the lease or it already expired
   */
  Task heartbeat(Lease lease, Duration extension);

  /**
   * {@link #heartbeat(Lease, Duration)} that also records {@code progress} as the interim result.
   */
  Task heartbeat(Lease lease, Duration extension, String progress);

  /**
   * {@link #succeed(String, String, String)} as the lease holder: refused once the lease is lost,
   * so a worker presumed dead cannot overwrite a task that was retried or failed. Repeating the
   * same report as the same holder is a no-op returning the task.
   *
   * @throws LeaseLostException when the caller does not hold the lease or it already expired
   */
  Task succeed(Lease lease, String result);

  /**
   * {@link #fail(String, String, String, String)} as the lease holder, refused once the lease is
   * lost.
   *
   * @throws LeaseLostException when the caller does not hold the lease or it already expired
   */
  Task fail(Lease lease, String errorCode, String errorMessage);

  /**
   * {@link #confirmCancelled(String, String)} as the lease holder, refused once the lease is lost.
   *
   * @throws LeaseLostException when the caller does not hold the lease or it already expired
   */
  Task confirmCancelled(Lease lease);

  /**
   * Many lease holders' finishing reports at once, as agents report in bursts: each report does
   * what {@link #succeed(Lease, String)}, {@link #fail(Lease, String, String)} or {@link
   * #confirmCancelled(Lease)} would do alone, in list order as if made one by one, so that a later
   * report on a task sees what an earlier one did (the same finishing report again is a no-op; a
   * different one is refused with {@link LeaseLostException}). The reports are written in one store
   * transaction in which each batch's counters move once, by the sum of its children's moves, and
   * its status is rolled up once, to what the calls one by one would have left. A refused report
   * writes nothing and does not stop the others. A report whose task another writer changed at the
   * same moment is decided again on the stored task, as the single calls are, and written in a
   * further transaction. The reports may name tasks of several tenants.
   *
   * @return one outcome per report, in order: the task as the report left it, or the exception the
   *     same call alone would have thrown ({@link LeaseLostException}, {@link
   *     TaskNotFoundException}, {@link IllegalTransitionException}, {@link
   *     ConcurrentUpdateException}, or {@link InvalidRequestException} for a report past a limit or
   *     a null report)
   * @throws InvalidRequestException when {@code reports} is null, empty or longer than {@link
   *     Limits#maxReportSize()}; nothing is written
   */
  List<ReportOutcome> report(List<HolderReport> reports);

  /**
   * Handles up to {@code limit} instance tasks, of any tenant, whose lease expired or whose
   * deadline passed, in one transaction with their batches' counters and status. An expired lease
   * goes back to PENDING after a backoff while the task's {@link RetryPolicy} allows another
   * attempt, otherwise to FAILED with code {@link SweepResult#LEASE_EXPIRED}; a passed deadline
   * fails the task with {@link SweepResult#DEADLINE_EXCEEDED} whatever attempts remain; a
   * CANCELLING task becomes CANCELLED. Idempotent, and safe to call from many nodes at once: each
   * task gets one outcome.
   *
   * @throws InvalidRequestException when {@code limit} is below 1 or past {@link
   *     Limits#maxSweepSize()}
   */
  SweepResult sweepExpired(int limit);

  /**
   * Stops the engine's background sweeper, if one was configured, waiting for a sweep in progress
   * to finish. Does not close the store, which the host owns. Idempotent.
   */
  @Override
  void close();
}
