package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.Page;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.dialects.ApiErrorException;
import java.util.Map;
import java.util.Optional;

/**
 * Alibaba Cloud Phone {@code DescribeTasks} (eds-aic, version 2023-09-30, seed 000): lists one
 * tenant's tasks newest first with NextToken paging. Stateless and thread-safe.
 */
public final class CloudPhoneDescribeTasks {
  /** The RPC Action. */
  public static final String ACTION = "DescribeTasks";

  /** The RPC Version. */
  public static final String VERSION = "2023-09-30";

  /** Engine field names, as the engine's errors name them, to this API's parameter names. */
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "query.ids", "TaskIds",
          "query.resourceIds", "ResourceIds",
          "query.invokeIds", "InvokeId",
          "query.types", "TaskTypes",
          "query.statuses", "TaskStatuses",
          "query.parentId", "ParentTaskId",
          "query.resourceName", "InstanceName",
          "pageSize", "MaxResults");

  private CloudPhoneDescribeTasks() {}

  /** Validates the request's flat parameters; see {@link CloudPhoneDescribeTasksRequest}. */
  public static CloudPhoneDescribeTasksRequest parse(Map<String, String> parameters) {
    return CloudPhoneDescribeTasksRequest.parse(parameters);
  }

  /**
   * Runs the request against {@code tenant}'s tasks.
   *
   * @param regionId the region the tenant's tasks live in, written into every item
   * @param requestId this request's id, written into the response
   * @throws ApiErrorException with the Alibaba error when the engine refuses or fails
   */
  public static CloudPhoneDescribeTasksResponse execute(
      TaskEngine engine,
      String tenant,
      String regionId,
      String requestId,
      CloudPhoneDescribeTasksRequest request) {
    Optional<TaskQuery> query = request.toQuery(tenant);
    if (query.isEmpty()) {
      return CloudPhoneDescribeTasksResponse.empty(requestId);
    }
    Page<Task> page;
    try {
      page = engine.query(query.get(), request.toPageRequest());
    } catch (TaskEngineException e) {
      throw new ApiErrorException(AlibabaErrors.fromEngine(e, PARAMETERS), e);
    }
    return CloudPhoneDescribeTasksResponse.of(page, regionId, requestId);
  }
}
