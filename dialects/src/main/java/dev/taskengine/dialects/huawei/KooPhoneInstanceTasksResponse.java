package dev.taskengine.dialects.huawei;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.api.Task;
import dev.taskengine.dialects.Utf8;
import java.util.List;

/**
 * A KooPhone instance-tasks response, serialized by Jackson as seed 002 shows it: {@code {"data":
 * {"jobs": [...]}, "error_code": "0", "error_msg": "ok"}}.
 *
 * @param data the jobs
 * @param errorCode always {@code "0"} on success
 * @param errorMsg always {@code "ok"} on success
 */
@JsonPropertyOrder({"data", "error_code", "error_msg"})
public record KooPhoneInstanceTasksResponse(
    @JsonProperty("data") JobDetailWrapper data,
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_msg") String errorMsg) {

  /** Longest {@code execute_msg}, in UTF-8 bytes. */
  public static final int MAX_EXECUTE_MSG_BYTES = 1_024;

  public static KooPhoneInstanceTasksResponse of(List<Task> jobs) {
    return new KooPhoneInstanceTasksResponse(
        new JobDetailWrapper(jobs.stream().map(JobDetail::of).toList()), "0", "ok");
  }

  /** {@code {"jobs": [...]}}. */
  public record JobDetailWrapper(@JsonProperty("jobs") List<JobDetail> jobs) {
    public JobDetailWrapper {
      jobs = List.copyOf(jobs);
    }
  }

  /**
   * One job; every field is always written, {@code execute_msg} as null when the task has no result
   * (as in the document's example). {@code error_code} and {@code error_msg} are empty strings when
   * there is no error; {@code execute_msg} is the result cut to 1,024 UTF-8 bytes without splitting
   * a character.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"job_id", "status", "error_code", "error_msg", "execute_msg"})
  public record JobDetail(
      @JsonProperty("job_id") String jobId,
      @JsonProperty("status") int status,
      @JsonProperty("error_code") String errorCode,
      @JsonProperty("error_msg") String errorMsg,
      @JsonProperty("execute_msg") String executeMsg) {

    public static JobDetail of(Task task) {
      return new JobDetail(
          task.id(),
          HuaweiStatus.toVendor(task.status()),
          JobErrors.code(task),
          JobErrors.message(task),
          Utf8.truncate(task.result(), MAX_EXECUTE_MSG_BYTES));
    }
  }
}
