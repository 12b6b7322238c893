package dev.taskengine.store.memory;

import static dev.taskengine.store.memory.TestTasks.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.SortOrder;
import dev.taskengine.spi.SortKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MergedScanTest {

  @Test
  void mergesDisjointOrderedSourcesIntoOneOrderInBothDirections() {
    long seed =
        TestSeeds.seed("MergedScanTest.mergesDisjointOrderedSourcesIntoOneOrderInBothDirections");
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      int sourceCount = 1 + random.nextInt(12);
      List<NavigableMap<SortKey, Row>> sources = new ArrayList<>();
      NavigableMap<SortKey, Row> expected = Keys.newIndex();
      for (int s = 0; s < sourceCount; s++) {
        NavigableMap<SortKey, Row> source = Keys.newIndex();
        for (int i = random.nextInt(20); i > 0; i--) {
          // Few distinct times, so many keys tie on createdAt and differ by id only.
          Row row =
              new Row(
                  TestTasks.single(
                      "t1", "s" + s + "-" + random.nextInt(1000), at(random.nextInt(10))),
                  null);
          if (!expected.containsKey(row.key)) {
            source.put(row.key, row);
            expected.put(row.key, row);
          }
        }
        sources.add(source);
      }
      for (SortOrder order : SortOrder.values()) {
        List<Iterator<Row>> iterators = new ArrayList<>();
        for (NavigableMap<SortKey, Row> source : sources) {
          iterators.add(
              (order == SortOrder.OLDEST_FIRST ? source : source.descendingMap())
                  .values()
                  .iterator());
        }
        List<Row> merged = new ArrayList<>();
        MergedScan.of(iterators, Keys.order(order)).forEachRemaining(merged::add);

        assertThat(merged)
            .as("seed %d round %d %s", seed, round, order)
            .containsExactlyElementsOf(
                (order == SortOrder.OLDEST_FIRST ? expected : expected.descendingMap()).values());
      }
    }
  }

  @Test
  void noSourcesMeansNoRows() {
    Iterator<Row> empty = MergedScan.of(List.of(), Keys.ASCENDING);

    assertThat(empty.hasNext()).isFalse();
    assertThatThrownBy(empty::next).isInstanceOf(NoSuchElementException.class);
  }
}
