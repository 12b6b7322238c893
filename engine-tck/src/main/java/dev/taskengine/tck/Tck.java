package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.ErrorCode;
import dev.taskengine.api.IdempotencyConflictException;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskNotFoundException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.TaskEngines;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers of the contract suite: expected failures, paging, brute-force filters, races. */
final class Tck {
  private static final long RACE_TIMEOUT_SECONDS = 60;

  private Tck() {}

  // ---- expected failures ----------------------------------------------------------------

  /**
   * Runs {@code call} and returns the exception it must throw: of {@code type} with {@code code}.
   * Any other outcome (success, another exception, a NullPointerException) fails the test.
   */
  static <T extends TaskEngineException> T expectFailure(
      Class<T> type, ErrorCode code, String description, ThrowingCallable call) {
    Throwable thrown = null;
    try {
      call.call();
    } catch (Throwable failure) {
      thrown = failure;
    }
    if (thrown == null) {
      fail("%s: expected %s but the call succeeded", description, type.getSimpleName());
    }
    if (!type.isInstance(thrown)) {
      throw new AssertionError(
          description + ": expected " + type.getSimpleName() + " but got " + thrown, thrown);
    }
    T failure = type.cast(thrown);
    assertThat(failure.code()).as("%s: error code of %s", description, thrown).isEqualTo(code);
    return failure;
  }

  static TaskNotFoundException expectNotFound(String description, ThrowingCallable call) {
    return expectFailure(TaskNotFoundException.class, ErrorCode.TASK_NOT_FOUND, description, call);
  }

  static IllegalTransitionException expectIllegal(String description, ThrowingCallable call) {
    return expectFailure(
        IllegalTransitionException.class, ErrorCode.ILLEGAL_TRANSITION, description, call);
  }

  static IdempotencyConflictException expectConflict(String description, ThrowingCallable call) {
    return expectFailure(
        IdempotencyConflictException.class, ErrorCode.IDEMPOTENCY_CONFLICT, description, call);
  }

  static StoreException expectStoreFailure(String description, ThrowingCallable call) {
    return expectFailure(StoreException.class, ErrorCode.STORE_FAILURE, description, call);
  }

  /**
   * Runs {@code call}, which must throw an {@link InvalidRequestException} naming {@code field}.
   * The full table of bad input is the engine's rule, tested in engine-core; the suite checks only
   * the refusals that depend on what the store holds.
   */
  static InvalidRequestException expectInvalid(
      String description, ThrowingCallable call, String field) {
    InvalidRequestException failure =
        expectFailure(InvalidRequestException.class, ErrorCode.INVALID_REQUEST, description, call);
    assertThat(failure.field())
        .as("%s: field of \"%s\"", description, failure.getMessage())
        .isEqualTo(field);
    return failure;
  }

  // ---- paging -----------------------------------------------------------------------------

  /**
   * Every result of the query, following next tokens page by page. Fails on a task that appears
   * twice, on a page larger than asked, and on a page that has a next token but is not full (the
   * engine reads one row more than it returns to know whether more follow).
   */
  static List<Task> readAll(TaskEngine engine, TaskQuery query, int pageSize) {
    List<Task> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      Page<Task> page = engine.query(query, new PageRequest(token, pageSize));
      assertThat(page.items().size()).as("page %d size", pages).isLessThanOrEqualTo(pageSize);
      if (page.hasNext()) {
        assertThat(page.items())
            .as("page %d has a next token, so it must be full", pages)
            .hasSize(pageSize);
      }
      for (Task task : page.items()) {
        if (!seen.add(task.id())) {
          fail("task %s appeared twice while paging %s", task.id(), query);
        }
        all.add(task);
      }
      token = page.nextToken().orElse(null);
      if (++pages > 100_000) {
        fail("paging %s did not end", query);
      }
    } while (token != null);
    return all;
  }

  /** The order of the query's results: by (createdAt, id), descending unless OLDEST_FIRST. */
  static Comparator<Task> order(SortOrder order) {
    Comparator<Task> ascending = Comparator.comparing(Task::createdAt).thenComparing(Task::id);
    return order == SortOrder.OLDEST_FIRST ? ascending : ascending.reversed();
  }

  static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).collect(Collectors.toList());
  }

  /**
   * What the query must return from {@code tasks}, computed by brute force from the filter's
   * documented meaning, in the query's order.
   */
  static List<Task> expected(List<Task> tasks, TaskQuery query) {
    return tasks.stream()
        .filter(task -> matches(query, task))
        .sorted(order(query.order()))
        .collect(Collectors.toList());
  }

  /**
   * The contract's own reading of a filter, independent of the engine's ({@code
   * TaskQuery.matches}), which it checks: every field of the query, set or not, from its typed
   * accessor. The switch has no default, so a new filter field does not compile until the suite
   * says what it means.
   */
  static boolean matches(TaskQuery query, Task task) {
    if (!task.tenant().equals(query.tenant())) {
      return false;
    }
    for (TaskQuery.Field field : TaskQuery.Field.values()) {
      boolean passes =
          switch (field) {
            case IDS -> query.ids().isEmpty() || query.ids().contains(task.id());
            case RESOURCE_IDS ->
                query.resourceIds().isEmpty()
                    || (task.resourceId() != null
                        && query.resourceIds().contains(task.resourceId()));
            case PARENT_ID -> query.parentId() == null || query.parentId().equals(task.parentId());
            case INVOKE_IDS ->
                query.invokeIds().isEmpty()
                    || (task.invokeId() != null && query.invokeIds().contains(task.invokeId()));
            case TYPES -> query.types().isEmpty() || query.types().contains(task.type());
            case STATUSES -> query.statuses().isEmpty() || query.statuses().contains(task.status());
            case LEVEL -> query.level() == null || query.level() == task.level();
            case RESOURCE_NAME ->
                query.resourceName() == null || query.resourceName().equals(task.resourceName());
            case OPERATOR -> query.operator() == null || query.operator().equals(task.operator());
            case CREATED_AT ->
                (query.createdFrom() == null || !task.createdAt().isBefore(query.createdFrom()))
                    && (query.createdBefore() == null
                        || task.createdAt().isBefore(query.createdBefore()));
          };
      if (!passes) {
        return false;
      }
    }
    return true;
  }

  // ---- batches ----------------------------------------------------------------------------

  /**
   * The counters that {@code children} must produce: each status counted, CANCELLING as running.
   */
  static ChildCounters recount(List<Task> children) {
    int pending = 0;
    int running = 0;
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    for (Task child : children) {
      switch (child.status()) {
        case PENDING -> pending++;
        case RUNNING, CANCELLING -> running++;
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
      }
    }
    return new ChildCounters(children.size(), pending, running, succeeded, failed, cancelled);
  }

  /**
   * Asserts the batch's counters equal a recount of its children, and its status follows them as
   * docs/engine.md's rollup says.
   */
  static void assertBatchFollowsChildren(Task batch, List<Task> children, RollupPolicy policy) {
    ChildCounters counters = batch.counters();
    assertThat(counters).as("counters of batch %s", batch.id()).isEqualTo(recount(children));
    assertThat(counters.isConsistent())
        .as("total = pending + running + succeeded + failed + cancelled for %s", counters)
        .isTrue();
    if (counters.allTerminal()) {
      assertThat(batch.status())
          .as("batch %s with every child terminal (%s)", batch.id(), counters)
          .isEqualTo(policy.finalStatus(counters));
      assertThat(batch.finishedAt()).as("finishedAt of terminal batch %s", batch.id()).isNotNull();
    } else {
      assertThat(batch.isTerminal())
          .as("batch %s (%s) with children still open is not terminal", batch.id(), counters)
          .isFalse();
      assertThat(batch.finishedAt()).as("finishedAt of open batch %s", batch.id()).isNull();
      if (batch.status() == TaskStatus.CANCELLING) {
        assertThat(counters.pending())
            .as("a cancelling batch %s has no pending child", batch.id())
            .isZero();
      } else if (counters.pending() < counters.total()) {
        assertThat(batch.status())
            .as("batch %s once a child left PENDING (%s)", batch.id(), counters)
            .isEqualTo(TaskStatus.RUNNING);
        assertThat(batch.startedAt()).as("startedAt of running batch %s", batch.id()).isNotNull();
      } else if (batch.startedAt() != null) {
        assertThat(batch.status())
            .as(
                "batch %s that started, whose children went back to PENDING for a retry",
                batch.id())
            .isEqualTo(TaskStatus.RUNNING);
      } else {
        assertThat(batch.status())
            .as("batch %s whose children are all pending", batch.id())
            .isEqualTo(TaskStatus.PENDING);
      }
    }
  }

  // ---- races ------------------------------------------------------------------------------

  /** What one racer got: a value or a failure. */
  record Outcome<T>(T value, Throwable failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  /**
   * Runs the calls on their own threads of {@code pool} (which needs at least as many threads) and
   * returns what each got, in order. The racers spin on one flag rather than wait on a barrier, so
   * that they really start together and their reads and writes interleave.
   */
  static <T> List<Outcome<T>> race(ExecutorService pool, List<Callable<T>> calls)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(calls.size());
    AtomicBoolean go = new AtomicBoolean();
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RACE_TIMEOUT_SECONDS);
                while (!go.get()) {
                  if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the race never started");
                  }
                  Thread.onSpinWait();
                }
                return call.call();
              }));
    }
    if (!ready.await(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError(
          "the racers did not get ready within " + RACE_TIMEOUT_SECONDS + " s");
    }
    go.set(true);
    List<Outcome<T>> outcomes = new ArrayList<>();
    for (Future<T> future : futures) {
      try {
        outcomes.add(new Outcome<>(future.get(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS), null));
      } catch (ExecutionException failure) {
        outcomes.add(new Outcome<>(null, failure.getCause()));
      } catch (TimeoutException timeout) {
        throw new AssertionError("a racer did not finish within " + RACE_TIMEOUT_SECONDS + " s");
      }
    }
    return outcomes;
  }

  /**
   * Runs {@code slowCall} on an engine built from {@code slowEngine} with a clock (telling {@code
   * time}) that pauses the call at its first read of the clock, which the engine makes between
   * reading a task and writing it; runs {@code write} in that pause, then lets the slow call
   * finish. A deterministic lost race, however fast the store.
   */
  static <T> Outcome<T> interleaved(
      TaskEngines.Builder slowEngine, Clock time, Function<TaskEngine, T> slowCall, Runnable write)
      throws InterruptedException {
    PausingClock pausing = new PausingClock(time);
    TaskEngine slow = slowEngine.clock(pausing).build();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      pausing.arm();
      Future<T> result = thread.submit(() -> slowCall.apply(slow));
      while (!pausing.awaitPaused(10)) {
        if (result.isDone()) {
          throw new AssertionError("the call ended without reading the clock", failureOf(result));
        }
      }
      try {
        write.run();
      } finally {
        pausing.release();
      }
      try {
        return new Outcome<>(result.get(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
      } catch (ExecutionException failure) {
        return new Outcome<>(null, failure.getCause());
      } catch (TimeoutException timeout) {
        throw new AssertionError(
            "the paused call did not finish within " + RACE_TIMEOUT_SECONDS + " s");
      }
    } finally {
      thread.shutdownNow();
    }
  }

  private static Throwable failureOf(Future<?> done) {
    try {
      done.get();
      return null;
    } catch (ExecutionException failure) {
      return failure.getCause();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return interrupted;
    }
  }

  /** Whether the failure is the documented answer of a racer that lost. */
  static boolean isLostRace(Throwable failure) {
    return failure instanceof ConcurrentUpdateException
        || failure instanceof IllegalTransitionException;
  }
}
