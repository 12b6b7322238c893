package dev.taskengine.spi;

import dev.taskengine.api.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * The position of a task in every listing: {@code (createdAt, id)}, ascending by this comparator.
 * Neither part ever changes after creation, so a task never moves between pages.
 */
public record SortKey(Instant createdAt, String id) implements Comparable<SortKey> {
  public SortKey {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
  }

  public static SortKey of(Task task) {
    return new SortKey(task.createdAt(), task.id());
  }

  @Override
  public int compareTo(SortKey other) {
    // Hand-written rather than Comparator.comparing(...): indexes call this millions of times.
    int byTime = createdAt.compareTo(other.createdAt);
    return byTime != 0 ? byTime : id.compareTo(other.id);
  }
}
