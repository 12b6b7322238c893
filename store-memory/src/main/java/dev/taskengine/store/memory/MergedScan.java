package dev.taskengine.store.memory;

import dev.taskengine.spi.SortKey;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of ordered row iterators into one iterator in the same order. Used for list
 * filters: the union of the per-value index slices (one per status, type, invoke id...). The slices
 * of one field are disjoint because a task has one value per field, so no row repeats.
 */
final class MergedScan implements Iterator<Row> {

  /** One source and the row it currently offers. */
  private static final class Head {
    Row current;
    final Iterator<Row> rest;

    Head(Row current, Iterator<Row> rest) {
      this.current = current;
      this.rest = rest;
    }
  }

  private final PriorityQueue<Head> heads;

  private MergedScan(List<Iterator<Row>> sources, Comparator<SortKey> order) {
    this.heads =
        new PriorityQueue<>(
            Math.max(1, sources.size()),
            (left, right) -> order.compare(left.current.key, right.current.key));
    for (Iterator<Row> source : sources) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }
  }

  /** The rows of every source, in {@code order}; each source must already be in that order. */
  static Iterator<Row> of(List<Iterator<Row>> sources, Comparator<SortKey> order) {
    if (sources.size() == 1) {
      return sources.get(0);
    }
    return new MergedScan(sources, order);
  }

  @Override
  public boolean hasNext() {
    return !heads.isEmpty();
  }

  @Override
  public Row next() {
    Head head = heads.poll();
    if (head == null) {
      throw new NoSuchElementException();
    }
    Row row = head.current;
    if (head.rest.hasNext()) {
      head.current = head.rest.next();
      heads.add(head);
    }
    return row;
  }
}
