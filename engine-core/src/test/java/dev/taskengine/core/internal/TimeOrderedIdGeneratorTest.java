package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeOrderedIdGeneratorTest {

  @Test
  void idsWithinOneMillisecondAreUniqueAndIncreasing() {
    Clock frozen = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator("t-", Map.of(), frozen);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.newId("StartInstance", Level.INSTANCE));
    }
    assertThat(new HashSet<>(made)).hasSize(made.size());
    assertThat(made).isSorted();
    assertThat(made.get(0)).matches("t-[0-9a-hjkmnp-tv-z]{26}");
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnes() {
    Instant start = Instant.parse("2026-11-24T10:00:00Z");
    String earlier =
        new TimeOrderedIdGenerator("t-", Map.of(), Clock.fixed(start, ZoneOffset.UTC))
            .newId("x", Level.BATCH);
    String later =
        new TimeOrderedIdGenerator("t-", Map.of(), Clock.fixed(start.plusMillis(1), ZoneOffset.UTC))
            .newId("x", Level.BATCH);
    assertThat(later).isGreaterThan(earlier);
  }

  @Test
  void prefixFollowsTheTaskType() {
    TimeOrderedIdGenerator ids =
        new TimeOrderedIdGenerator("t-", Map.of("RebootInstance", "acp-t-"), Clock.systemUTC());
    assertThat(ids.newId("RebootInstance", Level.BATCH)).startsWith("acp-t-");
    assertThat(ids.newId("Other", Level.BATCH)).startsWith("t-");
  }
}
