package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Level;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.spi.BatchRollup;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyRollupTest {
  private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant NOW = CREATED.plusSeconds(30);
  private final PolicyRollup rollup = new PolicyRollup(RollupPolicy.DEFAULT);

  private static Task batch(TaskStatus status, ChildCounters counters) {
    Task created =
        TaskStates.created("b", "t", Level.BATCH, "x", CREATED).counters(counters).build();
    return BatchRollup.withLifecycle(created, status, null, null);
  }

  @Test
  void batchRunsOnceAnyChildLeftPending() {
    Task after = rollup.apply(batch(TaskStatus.PENDING, new ChildCounters(3, 2, 1, 0, 0, 0)), NOW);
    assertThat(after.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(after.startedAt()).isEqualTo(NOW);
    Task untouched = batch(TaskStatus.PENDING, new ChildCounters(3, 3, 0, 0, 0, 0));
    assertThat(rollup.apply(untouched, NOW)).isSameAs(untouched);
  }

  @Test
  void defaultPolicyDecidesWhenEveryChildIsTerminal() {
    assertThat(finish(new ChildCounters(2, 0, 0, 2, 0, 0))).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(finish(new ChildCounters(3, 0, 0, 1, 1, 1))).isEqualTo(TaskStatus.FAILED);
    assertThat(finish(new ChildCounters(3, 0, 0, 2, 0, 1))).isEqualTo(TaskStatus.CANCELLED);
  }

  private TaskStatus finish(ChildCounters counters) {
    Task after = rollup.apply(batch(TaskStatus.RUNNING, counters), NOW);
    assertThat(after.finishedAt()).isEqualTo(NOW);
    return after.status();
  }

  @Test
  void cancellingBatchStaysCancellingUntilTheLastChildStops() {
    Task cancelling = batch(TaskStatus.CANCELLING, new ChildCounters(2, 0, 1, 0, 0, 1));
    assertThat(rollup.apply(cancelling, NOW)).isSameAs(cancelling);
  }

  @Test
  void terminalBatchNeverChanges() {
    Task done = batch(TaskStatus.FAILED, new ChildCounters(2, 1, 0, 0, 1, 0));
    assertThat(rollup.apply(done, NOW)).isSameAs(done);
  }

  @Test
  void policyReturningANonTerminalStatusIsRefusedAtBuildTime() {
    assertThatThrownBy(() -> PolicyRollup.check(counters -> TaskStatus.RUNNING))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rollupPolicy");
  }
}
