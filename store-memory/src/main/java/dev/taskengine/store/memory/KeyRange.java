package dev.taskengine.store.memory;

import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.spi.SortKey;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;

/**
 * The slice of the sort-key space a query may return: the created-at range, the snapshot and the
 * keyset position folded into at most one lower and one upper bound. A null bound is open.
 */
final class KeyRange {

  private static final KeyRange ALL = new KeyRange(null, false, null, false);

  private final SortKey low;
  private final boolean lowInclusive;
  private final SortKey high;
  private final boolean highInclusive;

  private KeyRange(SortKey low, boolean lowInclusive, SortKey high, boolean highInclusive) {
    this.low = low;
    this.lowInclusive = lowInclusive;
    this.high = high;
    this.highInclusive = highInclusive;
  }

  /**
   * The range of a query: {@code createdFrom} inclusive, {@code createdBefore} exclusive, {@code
   * createdAt <= snapshot} when a snapshot is given, and strictly after {@code after} in the
   * query's order when a position is given.
   */
  static KeyRange of(TaskQuery query, Instant snapshot, SortKey after) {
    KeyRange range = ALL;
    if (query.createdFrom() != null) {
      range = range.withLow(Keys.firstAt(query.createdFrom()), true);
    }
    if (query.createdBefore() != null) {
      range = range.withHigh(Keys.firstAt(query.createdBefore()), false);
    }
    // createdAt <= snapshot is the same as key < (snapshot + 1ns, ""); Instant.MAX has no later
    // instant and bounds nothing.
    if (snapshot != null && !snapshot.equals(Instant.MAX)) {
      range = range.withHigh(Keys.firstAt(snapshot.plusNanos(1)), false);
    }
    if (after != null) {
      range =
          query.order() == SortOrder.OLDEST_FIRST
              ? range.withLow(after, false)
              : range.withHigh(after, false);
    }
    return range;
  }

  /** Whether the range has no bound at all. */
  boolean isUnbounded() {
    return low == null && high == null;
  }

  /** Whether no key can lie in the range. */
  boolean isEmpty() {
    if (low == null || high == null) {
      return false;
    }
    int cmp = Keys.ASCENDING.compare(low, high);
    return cmp > 0 || (cmp == 0 && !(lowInclusive && highInclusive));
  }

  boolean contains(SortKey key) {
    if (low != null) {
      int cmp = Keys.ASCENDING.compare(key, low);
      if (cmp < 0 || (cmp == 0 && !lowInclusive)) {
        return false;
      }
    }
    if (high != null) {
      int cmp = Keys.ASCENDING.compare(key, high);
      if (cmp > 0 || (cmp == 0 && !highInclusive)) {
        return false;
      }
    }
    return true;
  }

  /** The part of an index inside the range, in the given order. A view: O(log n) to open. */
  NavigableMap<SortKey, Row> slice(NavigableMap<SortKey, Row> index, SortOrder order) {
    if (isEmpty()) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<SortKey, Row> slice;
    if (low != null && high != null) {
      slice = index.subMap(low, lowInclusive, high, highInclusive);
    } else if (low != null) {
      slice = index.tailMap(low, lowInclusive);
    } else if (high != null) {
      slice = index.headMap(high, highInclusive);
    } else {
      slice = index;
    }
    return order == SortOrder.OLDEST_FIRST ? slice : slice.descendingMap();
  }

  private KeyRange withLow(SortKey key, boolean inclusive) {
    if (low != null) {
      int cmp = Keys.ASCENDING.compare(key, low);
      // Keep the tighter bound; at the same key an exclusive bound is the tighter one.
      if (cmp < 0 || (cmp == 0 && (inclusive || !lowInclusive))) {
        return this;
      }
    }
    return new KeyRange(key, inclusive, high, highInclusive);
  }

  private KeyRange withHigh(SortKey key, boolean inclusive) {
    if (high != null) {
      int cmp = Keys.ASCENDING.compare(key, high);
      if (cmp > 0 || (cmp == 0 && (inclusive || !highInclusive))) {
        return this;
      }
    }
    return new KeyRange(low, lowInclusive, key, inclusive);
  }
}
