package dev.taskengine.dialects.huawei;

import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.dialects.ApiErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Huawei KooPhone {@code GET /v1/instances/tasks/{task_id}} (seed 002): every job of one task, no
 * paging. The task id is the one an asynchronous command returned: a batch, whose jobs are its
 * children (oldest first, read from the engine 100 at a time); a task that is not a batch is its
 * own only job. A response lists at most {@link #MAX_JOBS} jobs (or the bound given to {@link
 * #execute(TaskEngine, String, KooPhoneInstanceTasksRequest, int)}): a larger task is refused with
 * KOOPHONE.API.InvalidParameter from its batch counters, before any child is read, and never cut
 * short silently. Stateless and thread-safe.
 */
public final class KooPhoneInstanceTasks {
  /** Most jobs one response lists by default. */
  public static final int MAX_JOBS = 1_000;

  private static final int READ_PAGE = 100;

  private KooPhoneInstanceTasks() {}

  /** Validates the path's task id and the x-request-id header. */
  public static KooPhoneInstanceTasksRequest parse(String taskId, String xRequestId) {
    return KooPhoneInstanceTasksRequest.parse(taskId, xRequestId);
  }

  /** Runs the request with the default bound of {@link #MAX_JOBS} jobs. */
  public static KooPhoneInstanceTasksResponse execute(
      TaskEngine engine, String tenant, KooPhoneInstanceTasksRequest request) {
    return execute(engine, tenant, request, MAX_JOBS);
  }

  /**
   * Runs the request against {@code tenant}'s tasks, listing at most {@code maxJobs} jobs.
   *
   * @throws ApiErrorException KOOPHONE.API.1323 when the tenant has no such task,
   *     KOOPHONE.API.InvalidParameter when the task has more than {@code maxJobs} jobs,
   *     KOOPHONE.API.9999 when the engine fails
   */
  public static KooPhoneInstanceTasksResponse execute(
      TaskEngine engine, String tenant, KooPhoneInstanceTasksRequest request, int maxJobs) {
    if (maxJobs < 1) {
      throw new IllegalArgumentException("maxJobs must be at least 1, was " + maxJobs);
    }
    try {
      Optional<Task> task = engine.find(tenant, request.taskId());
      if (task.isEmpty()) {
        throw new ApiErrorException(HuaweiErrors.kooPhoneTaskNotFound());
      }
      if (!task.get().isBatch()) {
        return KooPhoneInstanceTasksResponse.of(List.of(task.get()));
      }
      // The batch's own counter says how many children there are: no child is read for a task
      // too large to answer.
      long total = task.get().counters().total();
      if (total > maxJobs) {
        throw tooManyJobs(maxJobs);
      }
      TaskQuery children =
          TaskQuery.builder(tenant).parentId(task.get().id()).order(SortOrder.OLDEST_FIRST).build();
      List<Task> jobs = new ArrayList<>();
      PageRequest next = PageRequest.first(READ_PAGE);
      while (true) {
        Page<Task> page = engine.query(children, next);
        jobs.addAll(page.items());
        if (jobs.size() > maxJobs) {
          throw tooManyJobs(maxJobs); // children were added while we read
        }
        if (page.nextToken().isEmpty()) {
          return KooPhoneInstanceTasksResponse.of(jobs);
        }
        next = PageRequest.after(page.nextToken().get(), READ_PAGE);
      }
    } catch (TaskEngineException e) {
      throw new ApiErrorException(HuaweiErrors.kooPhoneInternal(HuaweiErrors.unavailable(e)), e);
    }
  }

  private static ApiErrorException tooManyJobs(int maxJobs) {
    return new ApiErrorException(
        HuaweiErrors.kooPhoneInvalidParameter(
            "task_id", "the task has more than " + maxJobs + " jobs, the most one response lists"));
  }
}
