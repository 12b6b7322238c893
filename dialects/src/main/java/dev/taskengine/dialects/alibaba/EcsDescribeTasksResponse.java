package dev.taskengine.dialects.alibaba;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.util.List;

/**
 * An ECS {@code DescribeTasks} response, serialized by Jackson exactly as seed 003 shows it: {@code
 * {"PageSize", "PageNumber", "RequestId", "TotalCount", "RegionId", "TaskSet": {"Task": [...]}}},
 * times at minute precision ({@code 2020-11-24T12:50Z}).
 *
 * <p>{@code TotalCount} is the number of matching tasks, exact up to the engine's count cap (10,000
 * by default, also the deepest page reachable), and the cap when there are more.
 *
 * @param pageSize as requested
 * @param pageNumber as requested
 * @param requestId this request's id
 * @param totalCount matching tasks
 * @param regionId as requested
 * @param taskSet the page's tasks
 */
@JsonPropertyOrder({"PageSize", "PageNumber", "RequestId", "TotalCount", "RegionId", "TaskSet"})
public record EcsDescribeTasksResponse(
    @JsonProperty("PageSize") int pageSize,
    @JsonProperty("PageNumber") int pageNumber,
    @JsonProperty("RequestId") String requestId,
    @JsonProperty("TotalCount") int totalCount,
    @JsonProperty("RegionId") String regionId,
    @JsonProperty("TaskSet") TaskSet taskSet) {

  /** The response for one page of tasks. */
  public static EcsDescribeTasksResponse of(
      EcsDescribeTasksRequest request, List<Task> tasks, long totalCount, String requestId) {
    return new EcsDescribeTasksResponse(
        request.pageSize(),
        request.pageNumber(),
        requestId,
        (int) Math.min(totalCount, Integer.MAX_VALUE),
        request.regionId(),
        new TaskSet(tasks.stream().map(EcsTask::of).toList()));
  }

  /** {@code {"Task": [...]}}, the document's nesting. */
  public record TaskSet(@JsonProperty("Task") List<EcsTask> task) {
    public TaskSet {
      task = List.copyOf(task);
    }
  }

  /**
   * One task. {@code FinishedTime} is absent until the task ends; {@code SupportCancel} is {@code
   * "true"} while the task is cancellable and pending or running. Status words as {@link
   * AlibabaStatus}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "CreationTime",
    "TaskStatus",
    "FinishedTime",
    "SupportCancel",
    "TaskId",
    "TaskAction",
    "ResourceId"
  })
  public record EcsTask(
      @JsonProperty("CreationTime") String creationTime,
      @JsonProperty("TaskStatus") String taskStatus,
      @JsonProperty("FinishedTime") String finishedTime,
      @JsonProperty("SupportCancel") String supportCancel,
      @JsonProperty("TaskId") String taskId,
      @JsonProperty("TaskAction") String taskAction,
      @JsonProperty("ResourceId") String resourceId) {

    public static EcsTask of(Task task) {
      boolean cancellable =
          task.cancellable()
              && (task.status() == TaskStatus.PENDING || task.status() == TaskStatus.RUNNING);
      return new EcsTask(
          AlibabaTimes.minutes(task.createdAt()),
          AlibabaStatus.toVendor(task.status()),
          AlibabaTimes.minutes(task.finishedAt()),
          Boolean.toString(cancellable),
          task.id(),
          task.type(),
          task.resourceId());
    }
  }
}
