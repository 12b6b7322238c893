package dev.taskengine.dialects.huawei;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.api.Task;
import dev.taskengine.dialects.Utf8;
import java.util.List;

/**
 * A Cloud Phone {@code ListJobs} response, serialized by Jackson as seed 001 shows it: {@code
 * {"request_id", "jobs": [...]}}.
 *
 * @param requestId this request's id (also the {@code X-Request-Id} header)
 * @param jobs the page's jobs, oldest first
 */
@JsonPropertyOrder({"request_id", "jobs"})
public record CphListJobsResponse(
    @JsonProperty("request_id") String requestId, @JsonProperty("jobs") List<Job> jobs) {

  /** Longest {@code execute_msg}, in UTF-8 bytes. */
  public static final int MAX_EXECUTE_MSG_BYTES = 1_024;

  public CphListJobsResponse {
    jobs = List.copyOf(jobs);
  }

  public static CphListJobsResponse of(List<Task> tasks, String requestId) {
    return new CphListJobsResponse(requestId, tasks.stream().map(Job::of).toList());
  }

  /**
   * One job. {@code phone_id} is the task's resource; {@code server_id} and {@code node_id}
   * (discarded) are not known to the task engine and left out. {@code begin_time} is when the task
   * started, or when it was accepted while it waits (its status is already 1, running); {@code
   * end_time} is left out until it ends. {@code error_code} and {@code error_msg} are empty strings
   * when there is no error, as in the document's example; a cancelled job without an error of its
   * own says {@link HuaweiStatus#CANCELLED_ERROR_CODE}. {@code execute_msg} is the task's result
   * cut to 1,024 UTF-8 bytes without splitting a character, left out when there is none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "phone_id",
    "server_id",
    "node_id",
    "job_id",
    "begin_time",
    "end_time",
    "status",
    "error_code",
    "error_msg",
    "execute_msg"
  })
  public record Job(
      @JsonProperty("phone_id") String phoneId,
      @JsonProperty("server_id") String serverId,
      @JsonProperty("node_id") String nodeId,
      @JsonProperty("job_id") String jobId,
      @JsonProperty("begin_time") String beginTime,
      @JsonProperty("end_time") String endTime,
      @JsonProperty("status") int status,
      @JsonProperty("error_code") String errorCode,
      @JsonProperty("error_msg") String errorMsg,
      @JsonProperty("execute_msg") String executeMsg) {

    public static Job of(Task task) {
      return new Job(
          task.resourceId(),
          null,
          null,
          task.id(),
          HuaweiTimes.format(task.startedAt() != null ? task.startedAt() : task.createdAt()),
          HuaweiTimes.format(task.finishedAt()),
          HuaweiStatus.toVendor(task.status()),
          JobErrors.code(task),
          JobErrors.message(task),
          Utf8.truncate(task.result(), MAX_EXECUTE_MSG_BYTES));
    }
  }
}
