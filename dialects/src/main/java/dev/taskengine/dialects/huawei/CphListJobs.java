package dev.taskengine.dialects.huawei;

import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.dialects.ApiErrorException;
import java.util.List;
import java.util.Map;

/**
 * Huawei Cloud Phone {@code ListJobs}, {@code GET /v1/{project_id}/cloud-phone/jobs} (seed 001):
 * the jobs of up to 20 request ids, offset/limit paging. Stateless and thread-safe.
 */
public final class CphListJobs {
  private CphListJobs() {}

  /** Validates the query parameters; see {@link CphListJobsRequest}. */
  public static CphListJobsRequest parse(Map<String, String> query) {
    return CphListJobsRequest.parse(query);
  }

  /**
   * Runs the request against {@code tenant}'s tasks.
   *
   * @throws ApiErrorException CPS.0002 when the page lies past the engine's offset window (10,000
   *     by default), CPS.0003 when the engine fails
   */
  public static CphListJobsResponse execute(
      TaskEngine engine, String tenant, String requestId, CphListJobsRequest request) {
    List<Task> tasks;
    try {
      tasks = engine.queryByOffset(request.toQuery(tenant), request.offset(), request.limit());
    } catch (TaskEngineException e) {
      if (e instanceof InvalidRequestException invalid) {
        boolean paging = invalid.field().equals("offset") || invalid.field().equals("limit");
        throw new ApiErrorException(
            paging
                ? HuaweiErrors.cphInvalidPaging(e.getMessage())
                : HuaweiErrors.cphInvalidParameter("request_id", e.getMessage()),
            e);
      }
      throw new ApiErrorException(HuaweiErrors.cphInternal(HuaweiErrors.unavailable(e)), e);
    }
    return CphListJobsResponse.of(tasks, requestId);
  }
}
