package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.TaskStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Alibaba task status vocabulary, both ways. A task still to finish is {@code Processing}
 * (PENDING, RUNNING and CANCELLING: the documents have no word for queued or cancelling), SUCCEEDED
 * is {@code Finished}, FAILED is {@code Failed}. The documents name no status for a cancelled task;
 * CANCELLED is {@code Cancelled}, the word ECS uses for it, and is neither Finished (it did not
 * complete) nor Failed (nothing went wrong).
 */
public final class AlibabaStatus {
  public static final String PROCESSING = "Processing";
  public static final String FINISHED = "Finished";
  public static final String FAILED = "Failed";
  public static final String CANCELLED = "Cancelled";

  private static final Map<String, Set<TaskStatus>> BY_NAME =
      Map.of(
          PROCESSING, EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.CANCELLING),
          FINISHED, EnumSet.of(TaskStatus.SUCCEEDED),
          FAILED, EnumSet.of(TaskStatus.FAILED),
          CANCELLED, EnumSet.of(TaskStatus.CANCELLED));

  private AlibabaStatus() {}

  /** The vendor word for a status. */
  public static String toVendor(TaskStatus status) {
    return switch (status) {
      case PENDING, RUNNING, CANCELLING -> PROCESSING;
      case SUCCEEDED -> FINISHED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
    };
  }

  /**
   * The engine statuses a vendor word filters on ({@code Processing}, {@code Finished}, {@code
   * Failed}, {@code Cancelled}; case-sensitive), or empty for any other word.
   */
  public static Optional<Set<TaskStatus>> fromVendor(String word) {
    Set<TaskStatus> statuses = BY_NAME.get(word);
    return statuses == null ? Optional.empty() : Optional.of(Set.copyOf(statuses));
  }
}
