package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.dialects.ApiErrorException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alibaba ECS {@code DescribeTasks} (version 2014-05-26, seed 003): lists one tenant's tasks oldest
 * first with PageNumber/PageSize paging and a TotalCount. Stateless and thread-safe.
 */
public final class EcsDescribeTasks {
  /** The RPC Action. */
  public static final String ACTION = "DescribeTasks";

  /** The RPC Version. */
  public static final String VERSION = "2014-05-26";

  /** Engine field names, as the engine's errors name them, to this API's parameter names. */
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "query.ids", "TaskIds",
          "query.resourceIds", "ResourceIds",
          "query.types", "TaskAction",
          "offset", "PageNumber",
          "limit", "PageSize");

  private EcsDescribeTasks() {}

  /** Validates the request's flat parameters; see {@link EcsDescribeTasksRequest}. */
  public static EcsDescribeTasksRequest parse(
      Map<String, String> parameters, Set<String> servedRegions) {
    return EcsDescribeTasksRequest.parse(parameters, servedRegions);
  }

  /**
   * Runs the request against {@code tenant}'s tasks: one offset page, then one count (capped). A
   * page past the offset window is refused before the count runs.
   *
   * @throws ApiErrorException InvalidParameter when the page lies past the engine's offset window
   *     (10,000 tasks by default), or the error for an engine failure
   */
  public static EcsDescribeTasksResponse execute(
      TaskEngine engine, String tenant, String requestId, EcsDescribeTasksRequest request) {
    TaskQuery query = request.toQuery(tenant);
    long offset = request.offset();
    if (offset > Integer.MAX_VALUE - request.pageSize()) {
      throw new ApiErrorException(
          AlibabaErrors.invalidParameter(
              "PageNumber", "PageNumber * PageSize must stay within the first 10,000 tasks"));
    }
    try {
      // The page first: a page past the offset window is refused before anything is counted.
      List<Task> tasks = engine.queryByOffset(query, (int) offset, request.pageSize());
      long total = engine.count(query).value();
      return EcsDescribeTasksResponse.of(request, tasks, total, requestId);
    } catch (TaskEngineException e) {
      // Past the offset window (offset + limit > 10,000 by default) the engine names "offset".
      throw new ApiErrorException(AlibabaErrors.fromEngine(e, PARAMETERS), e);
    }
  }
}
