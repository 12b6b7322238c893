package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.internal.Params;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated ECS {@code DescribeTasks} request (version 2014-05-26, seed 003). {@link #parse}
 * applies the document's rules:
 *
 * <ul>
 *   <li>{@code RegionId} is required (MissingParameter) and must be a region served here
 *       (InvalidRegionId.NotFound).
 *   <li>{@code PageNumber} from 1 (default 1); {@code PageSize} 1 to 100 (default 10).
 *   <li>{@code TaskIds}: one comma-separated value, at most 100 ids (blanks around ids and empty
 *       items are dropped); the numbered form {@code TaskIds.N} is InvalidParameter rather than
 *       silently ignored.
 *   <li>{@code TaskAction}: ImportImage, ExportImage, RedeployInstance or ModifyDiskSpec.
 *   <li>{@code TaskStatus}: Finished, Processing or Failed; "the system ignores other values", so
 *       any other value means no status filter.
 *   <li>{@code StartTime} and {@code EndTime}: UTC, {@code yyyy-MM-ddTHH:mm:ssZ} (also {@code
 *       yyyy-MM-ddTHH:mmZ}), on the creation time; both ends inclusive to the precision written
 *       (EndTime {@code 2020-11-23T15:16:00Z} includes a task created at 15:16:00.7). EndTime
 *       before StartTime is InvalidParameter.
 *   <li>{@code ResourceIds.N}: N from 1 to 100.
 *   <li>OwnerId, OwnerAccount, ResourceOwnerId and ResourceOwnerAccount (sent by the SDK) are
 *       accepted and ignored. Strings are at most 256 characters; an empty value counts as absent.
 * </ul>
 *
 * <p>Results come oldest first, so that tasks created while a client pages append at the end
 * instead of shifting the pages it has not read yet.
 *
 * @param regionId the region, one served here
 * @param pageNumber from 1
 * @param pageSize 1 to 100
 * @param taskIds task ids, empty for any
 * @param taskAction the operation, or null for any
 * @param statuses engine statuses, empty for any
 * @param createdFrom inclusive lower bound on creation, or null
 * @param createdBefore exclusive upper bound on creation, or null
 * @param resourceIds resource ids, empty for any
 */
public record EcsDescribeTasksRequest(
    String regionId,
    int pageNumber,
    int pageSize,
    List<String> taskIds,
    String taskAction,
    Set<TaskStatus> statuses,
    Instant createdFrom,
    Instant createdBefore,
    List<String> resourceIds) {

  /** The TaskAction values seed 003 lists. */
  public static final Set<String> TASK_ACTIONS =
      Set.of("ImportImage", "ExportImage", "RedeployInstance", "ModifyDiskSpec");

  /** The TaskStatus values seed 003 queries; others are ignored. */
  public static final Set<String> TASK_STATUSES =
      Set.of(AlibabaStatus.FINISHED, AlibabaStatus.PROCESSING, AlibabaStatus.FAILED);

  public static final int MAX_TASK_IDS = 100;
  public static final int MAX_RESOURCE_IDS = 100;
  public static final int DEFAULT_PAGE_SIZE = 10;
  public static final int MAX_PAGE_SIZE = 100;
  public static final int MAX_TEXT = 256;

  public EcsDescribeTasksRequest {
    taskIds = List.copyOf(taskIds);
    resourceIds = List.copyOf(resourceIds);
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /**
   * Validates the request's flat parameters.
   *
   * @param servedRegions the regions this backend serves
   * @throws ApiErrorException MissingParameter, InvalidRegionId.NotFound or InvalidParameter
   */
  public static EcsDescribeTasksRequest parse(
      Map<String, String> parameters, Set<String> servedRegions) {
    Params params = new Params(parameters, AlibabaErrors.PARAMS);
    String regionId = params.requiredText("RegionId", MAX_TEXT);
    if (!servedRegions.contains(regionId)) {
      throw new ApiErrorException(AlibabaErrors.regionNotFound());
    }
    for (String name : parameters.keySet()) {
      if (name.startsWith("TaskIds.")) {
        // Silently ignoring it would list every task instead of the ones asked for.
        throw params.invalid(name, "TaskIds is one value: task ids separated by commas");
      }
    }
    int pageNumber = params.integer("PageNumber", 1, Integer.MAX_VALUE).orElse(1);
    int pageSize = params.integer("PageSize", 1, MAX_PAGE_SIZE).orElse(DEFAULT_PAGE_SIZE);
    String taskAction = params.text("TaskAction", MAX_TEXT).orElse(null);
    if (taskAction != null && !TASK_ACTIONS.contains(taskAction)) {
      throw params.invalid(
          "TaskAction",
          "must be one of ImportImage, ExportImage, RedeployInstance, ModifyDiskSpec; was \""
              + taskAction
              + "\"");
    }
    Set<TaskStatus> statuses =
        params
            .text("TaskStatus", MAX_TEXT)
            .filter(TASK_STATUSES::contains)
            .flatMap(AlibabaStatus::fromVendor)
            .orElse(Set.of());
    AlibabaTimes.Parsed start = time(params, "StartTime");
    AlibabaTimes.Parsed end = time(params, "EndTime");
    if (start != null && end != null && end.instant().isBefore(start.instant())) {
      throw params.invalid("EndTime", "must not be earlier than StartTime");
    }
    return new EcsDescribeTasksRequest(
        regionId,
        pageNumber,
        pageSize,
        params.commaList("TaskIds", MAX_TASK_IDS, MAX_TEXT),
        taskAction,
        statuses,
        start == null ? null : start.instant(),
        end == null ? null : end.endExclusive(),
        params.numberedList("ResourceIds", MAX_RESOURCE_IDS, MAX_TEXT));
  }

  private static AlibabaTimes.Parsed time(Params params, String name) {
    return params
        .text(name, 64)
        .map(
            text ->
                AlibabaTimes.parse(text)
                    .orElseThrow(
                        () ->
                            params.invalid(
                                name,
                                "must be a UTC time as yyyy-MM-ddTHH:mm:ssZ, was \""
                                    + text
                                    + "\"")))
        .orElse(null);
  }

  /** The engine query over {@code tenant}, oldest first. */
  public TaskQuery toQuery(String tenant) {
    TaskQuery.Builder query =
        TaskQuery.builder(tenant)
            .ids(taskIds)
            .resourceIds(resourceIds)
            .statuses(statuses)
            .createdBetween(createdFrom, createdBefore)
            .order(SortOrder.OLDEST_FIRST);
    if (taskAction != null) {
      query.types(taskAction);
    }
    return query.build();
  }

  /** The position of the page's first task: {@code (PageNumber - 1) * PageSize}. */
  public long offset() {
    return (long) (pageNumber - 1) * pageSize;
  }
}
