package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Slow;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The measured data set is what the issue and the report say it is, generated in memory. */
@Slow
class DatasetPlanTest {
  private static final DatasetPlan PLAN = DatasetPlan.of(Dataset.FULL);

  @Test
  void theMeasuredTenantHoldsAMillionTasksInBatchesOfOneToAThousandAndOneBigBatch() {
    DatasetPlan.TenantPlan main = PLAN.main();
    assertThat(main.tasks).isEqualTo(1_000_000);
    int big = 0;
    for (int group = 0; group < main.groups(); group++) {
      int size = main.sizes[group];
      if (group == main.bigGroup) {
        big = size;
      } else {
        assertThat(size).isBetween(1, 1_001); // a batch row and 1 to 1,000 children, or a task
      }
    }
    assertThat(big).isEqualTo(1 + 10_000);
    long noise = 0;
    for (DatasetPlan.TenantPlan tenant : PLAN.tenants().subList(1, PLAN.tenants().size())) {
      noise += tenant.tasks;
    }
    assertThat(noise).isEqualTo(1_000_000);
  }

  @Test
  void theDeepPageLiesAtLeastHalfAMillionTasksDown() {
    assertThat(PLAN.depthPoint(DepthBenchmark.DEEP).rank()).isBetween(500_000L, 501_100L);
  }

  @Test
  void aboutOnePercentFailedOverThirtyDaysOfDistinctTasks() {
    Map<TaskStatus, Integer> statuses = new EnumMap<>(TaskStatus.class);
    Set<String> ids = new HashSet<>();
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
    PLAN.emitTenant(
        0,
        (root, children) -> {
          for (Task task : concat(root, children)) {
            statuses.merge(task.status(), 1, Integer::sum);
            assertThat(ids.add(task.id())).as("unique id %s", task.id()).isTrue();
            long at = task.createdAt().getEpochSecond();
            span[0] = Math.min(span[0], at);
            span[1] = Math.max(span[1], at);
          }
          for (Task child : children) {
            assertThat(child.parentId()).isEqualTo(root.id());
            assertThat(child.level()).isEqualTo(Level.INSTANCE);
          }
        });
    assertThat(ids).hasSize(1_000_000);
    double failed = statuses.get(TaskStatus.FAILED) / 1_000_000.0;
    assertThat(failed).as("FAILED share %s", statuses).isBetween(0.005, 0.015);
    assertThat(Duration.ofSeconds(span[1] - span[0]))
        .isBetween(Duration.ofDays(29), Duration.ofDays(30));
  }

  private static List<Task> concat(Task root, List<Task> children) {
    List<Task> all = new java.util.ArrayList<>(children.size() + 1);
    all.add(root);
    all.addAll(children);
    return all;
  }
}
