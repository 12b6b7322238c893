package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Level;
import dev.taskengine.api.Limits;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import org.junit.jupiter.api.Test;

/** Counts are exact up to the cap and say when they stopped there. */
interface CountContract extends ContractFixture {

  int CAP = 5;

  @Test
  default void countIsExactUpToTheCapAndCappedPastIt() {
    TaskEngine engine =
        engineBuilder().limits(Limits.defaults().toBuilder().countCap(CAP).build()).build();
    TaskQuery all = TaskQuery.all(tenant());
    TaskQuery stopped = TaskQuery.builder(tenant()).types("Stop").build();

    assertThat(engine.count(all)).isEqualTo(new TaskCount(0, false));
    for (int created = 1; created <= 2 * CAP + 1; created++) {
      engine.submit(TaskSpec.builder(tenant(), created % 4 == 0 ? "Stop" : TYPE).build());
      TaskCount count = engine.count(all);
      if (created <= CAP) {
        assertThat(count).as("%d tasks", created).isEqualTo(new TaskCount(created, false));
        assertThat(count.isExact()).isTrue();
      } else {
        assertThat(count).as("%d tasks", created).isEqualTo(new TaskCount(CAP, true));
        assertThat(count.isExact()).isFalse();
      }
    }
    assertThat(engine.count(stopped))
        .as("a filter under the cap")
        .isEqualTo(new TaskCount(2, false));
    assertThat(engine.count(TaskQuery.all(otherTenant()))).isEqualTo(new TaskCount(0, false));
  }

  @Test
  default void countCountsBatchesAndChildrenWithTheDefaultCap() {
    engine().submitBatch(batchSpec(tenant(), 30).build());
    newSingle();
    assertThat(engine().count(TaskQuery.all(tenant()))).isEqualTo(new TaskCount(32, false));
    assertThat(engine().count(TaskQuery.builder(tenant()).level(Level.BATCH).build()))
        .isEqualTo(new TaskCount(1, false));
  }
}
