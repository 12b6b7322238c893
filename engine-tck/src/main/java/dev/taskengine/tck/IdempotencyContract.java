package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectConflict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.IdempotencyConflictException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Tck.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Creation with a client token happens once per tenant, however often and however racy the call.
 */
interface IdempotencyContract extends ContractFixture {

  private String newToken() {
    return "token-" + UUID.randomUUID();
  }

  private TaskSpec.Builder tokenSpec(String tenant, String token) {
    return TaskSpec.builder(tenant, TYPE)
        .invokeId("invoke-" + token)
        .resource("acp-1", "phone")
        .operator("alice")
        .param("{}")
        .clientToken(token);
  }

  @Test
  default void sameClientTokenAndSpecReturnTheOriginalTaskAsItIsNow() {
    String token = newToken();
    Task first = engine().submit(tokenSpec(tenant(), token).build());
    clock().advance(Duration.ofSeconds(1));
    Task again = engine().submit(tokenSpec(tenant(), token).build());
    assertThat(again).isEqualTo(first);

    Task started = engine().start(tenant(), first.id());
    clock().advance(Duration.ofSeconds(1));
    assertThat(engine().submit(tokenSpec(tenant(), token).build()))
        .as("the original task as it is now")
        .isEqualTo(started);
    assertThat(allTasks(tenant())).containsExactly(started);
  }

  @Test
  default void sameClientTokenAndSpecReturnTheOriginalBatch() {
    String token = newToken();
    BatchSpec spec = batchSpec(tenant(), 3).clientToken(token).build();
    Task first = engine().submitBatch(spec);
    List<Task> children = childrenOf(first);
    clock().advance(Duration.ofSeconds(1));

    Task again = engine().submitBatch(batchSpec(tenant(), 3).clientToken(token).build());

    assertThat(again).isEqualTo(first);
    assertThat(childrenOf(first)).isEqualTo(children);
    assertThat(engine().count(TaskQuery.all(tenant()))).isEqualTo(new TaskCount(4, false));
  }

  @Test
  default void sameClientTokenWithADifferentSpecIsAConflict() {
    String token = newToken();
    Task original = engine().submit(tokenSpec(tenant(), token).build());
    List<TaskSpec> different =
        List.of(
            tokenSpec(tenant(), token).param("{\"other\":1}").build(),
            tokenSpec(tenant(), token).param(null).build(),
            tokenSpec(tenant(), token).resource("acp-2", "phone").build(),
            tokenSpec(tenant(), token).resource("acp-1", "other name").build(),
            tokenSpec(tenant(), token).operator("bob").build(),
            tokenSpec(tenant(), token).invokeId("another-invoke").build(),
            tokenSpec(tenant(), token).cancellable(false).build(),
            TaskSpec.builder(tenant(), "OtherType")
                .invokeId("invoke-" + token)
                .resource("acp-1", "phone")
                .operator("alice")
                .param("{}")
                .clientToken(token)
                .build());
    for (TaskSpec spec : different) {
      IdempotencyConflictException conflict =
          expectConflict("submit " + spec, () -> engine().submit(spec));
      assertThat(conflict.existingTaskId()).isEqualTo(original.id());
    }
    expectConflict(
        "a batch under a single task's token",
        () -> engine().submitBatch(batchSpec(tenant(), 1).clientToken(token).build()));

    String batchToken = newToken();
    Task batch = engine().submitBatch(batchSpec(tenant(), 2).clientToken(batchToken).build());
    List<BatchSpec> differentBatches =
        List.of(
            batchSpec(tenant(), 3).clientToken(batchToken).build(),
            batchSpec(tenant(), 1).clientToken(batchToken).build(),
            BatchSpec.builder(tenant(), TYPE)
                .clientToken(batchToken)
                .child(new ChildSpec("r-1", "phone-1", null))
                .child(new ChildSpec("r-9", "phone-2", null))
                .build(),
            batchSpec(tenant(), 2).clientToken(batchToken).param("p").build(),
            batchSpec(tenant(), 2).clientToken(batchToken).cancellable(false).build());
    for (BatchSpec spec : differentBatches) {
      IdempotencyConflictException conflict =
          expectConflict("submitBatch " + spec, () -> engine().submitBatch(spec));
      assertThat(conflict.existingTaskId()).isEqualTo(batch.id());
    }
    expectConflict(
        "a single task under a batch's token",
        () -> engine().submit(tokenSpec(tenant(), batchToken).build()));

    assertThat(engine().count(TaskQuery.all(tenant()))).isEqualTo(new TaskCount(4, false));
  }

  @Test
  default void clientTokensAreScopedByTenant() {
    String token = newToken();
    Task mine = engine().submit(tokenSpec(tenant(), token).build());
    Task theirs = engine().submit(tokenSpec(otherTenant(), token).build());
    Task theirsAgain = engine().submit(tokenSpec(otherTenant(), token).build());

    assertThat(theirs.id()).isNotEqualTo(mine.id());
    assertThat(theirs.tenant()).isEqualTo(otherTenant());
    assertThat(theirsAgain).isEqualTo(theirs);
    assertThat(allTasks(tenant())).containsExactly(mine);
    assertThat(allTasks(otherTenant())).containsExactly(theirs);

    String otherToken = newToken();
    engine().submit(tokenSpec(otherTenant(), otherToken).param("theirs").build());
    Task independent = engine().submit(tokenSpec(tenant(), otherToken).param("mine").build());
    assertThat(independent.param()).as("no conflict across tenants").isEqualTo("mine");
  }

  @Test
  default void racingFirstCallsWithOneClientTokenCreateExactlyOneTask() throws Exception {
    TaskEngine engine = engine();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        String token = newToken();
        TaskSpec spec = tokenSpec(tenant(), token).build();
        List<Callable<Task>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          calls.add(() -> engine.submit(spec));
        }
        Set<String> ids = new HashSet<>();
        for (Outcome<Task> outcome : Tck.race(pool, calls)) {
          if (!outcome.succeeded()) {
            throw new AssertionError(
                "round " + round + ": an equal spec must get the winner's task", outcome.failure());
          }
          ids.add(outcome.value().id());
        }
        assertThat(ids).as("round %d: task ids returned", round).hasSize(1);
        TaskQuery byInvoke = TaskQuery.builder(tenant()).invokeIds("invoke-" + token).build();
        assertThat(engine.count(byInvoke))
            .as("round %d: tasks created", round)
            .isEqualTo(new TaskCount(1, false));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void racingBatchSubmissionsWithOneClientTokenCreateOneBatchAndOnlyItsChildren()
      throws Exception {
    TaskEngine engine = engine();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String token = newToken();
        List<Callable<Task>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          // every other racer sends a different spec: it gets the winner's batch or a conflict
          BatchSpec spec =
              batchSpec(tenant(), 5)
                  .invokeId("invoke-" + token)
                  .clientToken(token)
                  .param(i % 2 == 0 ? "same" : "different-" + i)
                  .build();
          calls.add(() -> engine.submitBatch(spec));
        }
        Set<String> ids = new HashSet<>();
        for (Outcome<Task> outcome : Tck.race(pool, calls)) {
          if (outcome.succeeded()) {
            ids.add(outcome.value().id());
          } else if (!(outcome.failure() instanceof IdempotencyConflictException)) {
            throw new AssertionError(
                "round " + round + ": a racer got neither a batch nor a conflict",
                outcome.failure());
          }
        }
        assertThat(ids).as("round %d: batch ids returned", round).hasSize(1);
        TaskQuery byInvoke = TaskQuery.builder(tenant()).invokeIds("invoke-" + token).build();
        assertThat(engine.count(byInvoke))
            .as("round %d: the batch and its 5 children, nothing of the losers", round)
            .isEqualTo(new TaskCount(6, false));
        Task batch = engine.get(tenant(), ids.iterator().next());
        assertThat(batch.counters().total()).isEqualTo(5);
        assertThat(childrenOf(batch)).hasSize(5).allMatch(c -> c.status() == TaskStatus.PENDING);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
