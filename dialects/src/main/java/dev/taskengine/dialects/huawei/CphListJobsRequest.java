package dev.taskengine.dialects.huawei;

import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.internal.Params;
import java.util.List;
import java.util.Map;

/**
 * A validated Cloud Phone {@code ListJobs} request ({@code GET /v1/{project_id}/cloud-phone/jobs},
 * seed 001). {@link #parse} applies the document's rules:
 *
 * <ul>
 *   <li>Either {@code request_id} or {@code request_ids} is required; given both, {@code
 *       request_ids} is used. {@code request_ids} holds at most 20 ids separated by commas (blanks
 *       around ids and empty items are dropped; an all-empty value counts as absent).
 *   <li>{@code offset} from 0 (default 0); {@code limit} 1 to 100 (default 100). Anything else is
 *       CPS.0002.
 *   <li>Ids are at most 256 characters; other query parameters are ignored.
 * </ul>
 *
 * <p>A request id is the {@code invokeId} of the tasks it created; the jobs are those tasks'
 * instance-level tasks (a batch's children, or single tasks), oldest first so that offset pages
 * stay put while the request's jobs are still being added.
 *
 * @param requestIds 1 to 20 request ids
 * @param offset from 0
 * @param limit 1 to 100
 */
public record CphListJobsRequest(List<String> requestIds, int offset, int limit) {
  public static final int MAX_REQUEST_IDS = 20;
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_TEXT = 256;

  public CphListJobsRequest {
    requestIds = List.copyOf(requestIds);
  }

  /**
   * Validates the query parameters (URL-decoded).
   *
   * @throws ApiErrorException CPS.0002 or CPS.InvalidParameter
   */
  public static CphListJobsRequest parse(Map<String, String> query) {
    Params params = new Params(query, HuaweiErrors.CPH_PARAMS);
    List<String> requestIds;
    try {
      requestIds = params.commaList("request_ids", MAX_REQUEST_IDS, MAX_TEXT);
    } catch (ApiErrorException e) {
      throw new ApiErrorException(
          HuaweiErrors.cphInvalidParameter(
              "request_ids",
              "at most " + MAX_REQUEST_IDS + " ids of at most " + MAX_TEXT + " characters each"),
          e);
    }
    if (requestIds.isEmpty()) {
      requestIds =
          List.of(
              params
                  .text("request_id", MAX_TEXT)
                  .map(String::strip)
                  .filter(id -> !id.isEmpty())
                  .orElseThrow(
                      () ->
                          params.invalid(
                              "request_id", "either request_id or request_ids must be given")));
    }
    int offset = params.integer("offset", 0, Integer.MAX_VALUE).orElse(0);
    int limit = params.integer("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    return new CphListJobsRequest(requestIds, offset, limit);
  }

  /** The engine query over {@code tenant}: the request ids' instance tasks, oldest first. */
  public TaskQuery toQuery(String tenant) {
    return TaskQuery.builder(tenant)
        .invokeIds(requestIds)
        .level(Level.INSTANCE)
        .order(SortOrder.OLDEST_FIRST)
        .build();
  }
}
