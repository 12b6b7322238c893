package dev.taskengine.dialects;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Real engines on the in-memory store, for the dialect tests. */
public final class TestEngines {
  private TestEngines() {}

  /** An engine on a fresh in-memory store with a fixed token key and the given clock. */
  public static TaskEngine memory(Clock clock) {
    return on(new MemoryTaskStore(), clock);
  }

  /** An engine on {@code store} with a fixed token key and the given clock. */
  public static TaskEngine on(TaskStore store, Clock clock) {
    return TaskEngines.builder()
        .store(store)
        .clock(clock)
        .tokenKeys(
            TokenKeyRing.of(
                TokenKey.of(
                    "k1",
                    "dialect-tests-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
