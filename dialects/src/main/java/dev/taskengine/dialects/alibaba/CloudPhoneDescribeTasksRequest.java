package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.internal.Params;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated Cloud Phone {@code DescribeTasks} request (eds-aic 2023-09-30, seed 000). Every
 * parameter is optional; {@link #parse} applies the document's rules and these choices where the
 * document is silent:
 *
 * <ul>
 *   <li>{@code MaxResults}: 1 to 100, default 10.
 *   <li>Lists ({@code TaskIds}, {@code ResourceIds}, {@code TaskTypes}, {@code TaskStatuses}) are
 *       numbered from one ({@code TaskIds.1=...}), at most 100 values each.
 *   <li>When both the single and the list form are given, the list wins: {@code TaskTypes} over
 *       {@code TaskType}, {@code TaskStatuses} over {@code TaskStatus} (the rule the Huawei
 *       document states for request_id and request_ids).
 *   <li>Status words: {@code Processing} (pending, running or cancelling), {@code Finished}, {@code
 *       Failed}, {@code Cancelled}; any other word is InvalidParameter.
 *   <li>{@code Level}: 1 (batch) or 2 (instance task).
 *   <li>{@code InstanceId} and {@code ResourceIds} both filter the resource: given both, a task
 *       must match both (so an InstanceId outside ResourceIds matches nothing).
 *   <li>{@code InstanceName} matches the resource name exactly. {@code Param} (the "extension
 *       field") is accepted and ignored: task parameters are opaque to the engine.
 *   <li>{@code NextToken} must be one this API returned for the same filters; an empty value means
 *       the first page.
 *   <li>Strings are at most 256 characters. An empty value counts as absent.
 * </ul>
 *
 * @param invokeId the creating request's id, or null
 * @param resourceIds resource ids, empty for any
 * @param taskIds task ids, empty for any
 * @param parentTaskId only children of this batch, or null
 * @param taskTypes task types, empty for any
 * @param statuses engine statuses, empty for any
 * @param level the level, or null for both
 * @param instanceId the cloud phone instance (a resource id), or null
 * @param instanceName exact resource name, or null
 * @param maxResults page size, 1 to 100
 * @param pageToken the engine's page token behind NextToken, or null for the first page
 */
public record CloudPhoneDescribeTasksRequest(
    String invokeId,
    List<String> resourceIds,
    List<String> taskIds,
    String parentTaskId,
    List<String> taskTypes,
    Set<TaskStatus> statuses,
    Level level,
    String instanceId,
    String instanceName,
    int maxResults,
    String pageToken) {

  /** Most values in one list parameter. */
  public static final int MAX_LIST_VALUES = 100;

  /** Longest string value. */
  public static final int MAX_TEXT = 256;

  public static final int DEFAULT_MAX_RESULTS = 10;
  public static final int MAX_MAX_RESULTS = 100;

  public CloudPhoneDescribeTasksRequest {
    resourceIds = List.copyOf(resourceIds);
    taskIds = List.copyOf(taskIds);
    taskTypes = List.copyOf(taskTypes);
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /**
   * Validates the request's flat parameters (query string and form body, URL-decoded; common RPC
   * parameters such as Action, Version or AccessKeyId may be present and are not looked at).
   *
   * @throws ApiErrorException InvalidParameter or InvalidParameter.NextToken
   */
  public static CloudPhoneDescribeTasksRequest parse(Map<String, String> parameters) {
    Params params = new Params(parameters, AlibabaErrors.PARAMS);
    List<String> types = params.numberedList("TaskTypes", MAX_LIST_VALUES, MAX_TEXT);
    if (types.isEmpty()) {
      types = params.text("TaskType", MAX_TEXT).map(List::of).orElse(List.of());
    }
    Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
    List<String> statusWords = params.numberedList("TaskStatuses", MAX_LIST_VALUES, MAX_TEXT);
    if (!statusWords.isEmpty()) {
      for (int i = 0; i < statusWords.size(); i++) {
        statuses.addAll(status(params, "TaskStatuses." + (i + 1), statusWords.get(i)));
      }
    } else {
      params
          .text("TaskStatus", MAX_TEXT)
          .ifPresent(word -> statuses.addAll(status(params, "TaskStatus", word)));
    }
    Level level =
        params.integer("Level", 1, 2).map(number -> Level.ofNumber(number, "Level")).orElse(null);
    int maxResults = params.integer("MaxResults", 1, MAX_MAX_RESULTS).orElse(DEFAULT_MAX_RESULTS);
    String pageToken =
        params.text("NextToken", Integer.MAX_VALUE).map(NextTokens::toEngine).orElse(null);
    params.text("Param", 65_536); // the extension field: accepted, ignored
    return new CloudPhoneDescribeTasksRequest(
        params.text("InvokeId", MAX_TEXT).orElse(null),
        params.numberedList("ResourceIds", MAX_LIST_VALUES, MAX_TEXT),
        params.numberedList("TaskIds", MAX_LIST_VALUES, MAX_TEXT),
        params.text("ParentTaskId", MAX_TEXT).orElse(null),
        types,
        statuses,
        level,
        params.text("InstanceId", MAX_TEXT).orElse(null),
        params.text("InstanceName", MAX_TEXT).orElse(null),
        maxResults,
        pageToken);
  }

  private static Set<TaskStatus> status(Params params, String name, String word) {
    return AlibabaStatus.fromVendor(word)
        .orElseThrow(
            () ->
                params.invalid(
                    name,
                    "must be one of Processing, Finished, Failed, Cancelled; was \""
                        + word
                        + "\""));
  }

  /**
   * The engine query over {@code tenant}, newest first, or empty when the filters contradict each
   * other (an InstanceId outside ResourceIds) and nothing can match.
   */
  public Optional<TaskQuery> toQuery(String tenant) {
    List<String> resources = new ArrayList<>(resourceIds);
    if (instanceId != null) {
      if (!resources.isEmpty() && !resources.contains(instanceId)) {
        return Optional.empty();
      }
      resources = List.of(instanceId);
    }
    TaskQuery.Builder query =
        TaskQuery.builder(tenant)
            .ids(taskIds)
            .resourceIds(resources)
            .types(taskTypes)
            .statuses(statuses)
            .parentId(parentTaskId)
            .level(level)
            .resourceName(instanceName)
            .order(SortOrder.NEWEST_FIRST);
    if (invokeId != null) {
      query.invokeIds(invokeId);
    }
    return Optional.of(query.build());
  }

  /** The page to read: after the NextToken, {@code MaxResults} tasks at most. */
  public PageRequest toPageRequest() {
    return new PageRequest(pageToken, maxResults);
  }
}
