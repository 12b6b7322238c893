package dev.taskengine.examples;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.memory.MemoryTaskStore;

/**
 * The embedding example printed in the README. The lines between the README markers are copied into
 * README.md verbatim; {@code EmbeddingExampleTest} runs this class and checks that the README still
 * shows exactly these lines.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Runs the example and returns the finished batch. */
  public static Task run(byte[] secret) {
    // README:begin
    TaskEngine engine =
        TaskEngines.builder()
            .store(new MemoryTaskStore())
            .tokenKeys(TokenKeyRing.of(TokenKey.of("key-2026-11", secret)))
            .build();

    // "Reboot these two cloud phones": one batch task, one child task per phone.
    String tenant = "account-1/cn-hangzhou";
    Task batch =
        engine.submitBatch(
            BatchSpec.builder(tenant, "RebootInstance")
                .invokeId("req-42")
                .child("acp-1")
                .child("acp-2")
                .build());

    // Workers move each child along; the batch's counters and status follow in the same step.
    TaskQuery children = TaskQuery.builder(tenant).parentId(batch.id()).build();
    for (Task child : engine.query(children, PageRequest.first(100)).items()) {
      engine.start(tenant, child.id());
      engine.succeed(tenant, child.id(), "{\"rebooted\":true}");
    }

    Task done = engine.get(tenant, batch.id()); // SUCCEEDED, counters: 2 total, 2 succeeded
    // README:end
    return done;
  }
}
