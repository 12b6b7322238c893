package dev.taskengine.dialects.alibaba;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Page;
import dev.taskengine.api.Task;
import java.util.List;

/**
 * A Cloud Phone {@code DescribeTasks} response, serialized by Jackson exactly as seed 000 shows it:
 * {@code {"NextToken", "Data": [...], "TotalCount", "RequestId"}}. Absent values are left out
 * rather than written as null; in particular {@code NextToken} is absent on the last page (so that
 * a client looping "while NextToken != null" stops).
 *
 * <p>{@code TotalCount} is the number of entries in {@code Data} (the document: "the total number
 * of entries returned"); counting every match on every page is what keyset paging exists to avoid.
 *
 * @param nextToken the next page's token, vendor-spelled ({@link NextTokens}), or null on the last
 *     page
 * @param data the page's tasks, newest first
 * @param totalCount the number of entries in {@code data}
 * @param requestId this request's id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"NextToken", "Data", "TotalCount", "RequestId"})
public record CloudPhoneDescribeTasksResponse(
    @JsonProperty("NextToken") String nextToken,
    @JsonProperty("Data") List<Item> data,
    @JsonProperty("TotalCount") Integer totalCount,
    @JsonProperty("RequestId") String requestId) {

  public CloudPhoneDescribeTasksResponse {
    data = List.copyOf(data);
  }

  /** The response for one engine page of tasks in {@code regionId}. */
  public static CloudPhoneDescribeTasksResponse of(
      Page<Task> page, String regionId, String requestId) {
    List<Item> items = page.items().stream().map(task -> Item.of(task, regionId)).toList();
    return new CloudPhoneDescribeTasksResponse(
        page.nextToken().map(NextTokens::toVendor).orElse(null), items, items.size(), requestId);
  }

  /** The response when the filters contradict each other: no tasks, no next page. */
  public static CloudPhoneDescribeTasksResponse empty(String requestId) {
    return new CloudPhoneDescribeTasksResponse(null, List.of(), 0, requestId);
  }

  /**
   * One task. On a batch (Level 1) the child counters are set and the resource fields absent; on an
   * instance task (Level 2) the reverse. {@code RunningChildCount} counts children not finished yet
   * (pending, running or cancelling), so that with the failed and succeeded counts it adds up to
   * the total unless children were cancelled. {@code StartTime} is when the task left pending,
   * absent before; {@code InstanceStatus} is not known to the task engine and always absent.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "TaskId",
    "InvokeId",
    "RegionId",
    "ResourceId",
    "TaskType",
    "TaskStatus",
    "StartTime",
    "FinishTime",
    "Param",
    "Result",
    "ErrorCode",
    "ErrorMsg",
    "Level",
    "FailedChildCount",
    "SuccessChildCount",
    "RunningChildCount",
    "TotalChildCount",
    "InstanceId",
    "InstanceName",
    "InstanceStatus",
    "Operator",
    "ParentTaskId"
  })
  public record Item(
      @JsonProperty("TaskId") String taskId,
      @JsonProperty("InvokeId") String invokeId,
      @JsonProperty("RegionId") String regionId,
      @JsonProperty("ResourceId") String resourceId,
      @JsonProperty("TaskType") String taskType,
      @JsonProperty("TaskStatus") String taskStatus,
      @JsonProperty("StartTime") String startTime,
      @JsonProperty("FinishTime") String finishTime,
      @JsonProperty("Param") String param,
      @JsonProperty("Result") String result,
      @JsonProperty("ErrorCode") String errorCode,
      @JsonProperty("ErrorMsg") String errorMsg,
      @JsonProperty("Level") Integer level,
      @JsonProperty("FailedChildCount") Integer failedChildCount,
      @JsonProperty("SuccessChildCount") Integer successChildCount,
      @JsonProperty("RunningChildCount") Integer runningChildCount,
      @JsonProperty("TotalChildCount") Integer totalChildCount,
      @JsonProperty("InstanceId") String instanceId,
      @JsonProperty("InstanceName") String instanceName,
      @JsonProperty("InstanceStatus") String instanceStatus,
      @JsonProperty("Operator") String operator,
      @JsonProperty("ParentTaskId") String parentTaskId) {

    /** The item for a task of {@code regionId}. */
    public static Item of(Task task, String regionId) {
      boolean batch = task.isBatch();
      ChildCounters counters = task.counters();
      return new Item(
          task.id(),
          task.invokeId(),
          regionId,
          task.resourceId(),
          task.type(),
          AlibabaStatus.toVendor(task.status()),
          AlibabaTimes.seconds(task.startedAt()),
          AlibabaTimes.seconds(task.finishedAt()),
          task.param(),
          task.result(),
          task.errorCode(),
          task.errorMessage(),
          task.level().number(),
          batch ? counters.failed() : null,
          batch ? counters.succeeded() : null,
          batch ? counters.pending() + counters.running() : null,
          batch ? counters.total() : null,
          batch ? null : task.resourceId(),
          batch ? null : task.resourceName(),
          null,
          task.operator(),
          task.parentId());
    }
  }
}
