package dev.taskengine.store.memory;

import dev.taskengine.api.SortOrder;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The order of every index: {@code (createdAt, id)} ascending, the same as {@link SortKey}. */
final class Keys {

  /**
   * Equal to {@link SortKey#compareTo} but without its chained lambda comparators: index lookups
   * compare keys on every tree step, so this is on the hot path.
   */
  static final Comparator<SortKey> ASCENDING =
      (left, right) -> {
        int byTime = left.createdAt().compareTo(right.createdAt());
        return byTime != 0 ? byTime : left.id().compareTo(right.id());
      };

  static final Comparator<SortKey> DESCENDING = ASCENDING.reversed();

  private Keys() {}

  static Comparator<SortKey> order(SortOrder order) {
    return order == SortOrder.OLDEST_FIRST ? ASCENDING : DESCENDING;
  }

  /**
   * The smallest key at {@code time}: the empty string sorts before every id, so {@code (time, "")}
   * is at or before every task created at {@code time}.
   */
  static SortKey firstAt(Instant time) {
    return new SortKey(time, "");
  }

  static NavigableMap<SortKey, Row> newIndex() {
    return new TreeMap<>(ASCENDING);
  }
}
