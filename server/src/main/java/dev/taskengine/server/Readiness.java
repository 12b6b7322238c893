package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the store answers: {@code /readyz}. One indexed lookup of a task that does not exist,
 * through the engine, so it takes the path every request takes (pool, connection, statement
 * timeouts). At most one check runs at a time: a caller that arrives while one runs gets the last
 * answer instead of queueing behind a stalled database. Thread-safe.
 */
final class Readiness {
  private final TaskEngine engine;
  private final ReentrantLock checking = new ReentrantLock();
  private volatile boolean ready;

  Readiness(TaskEngine engine) {
    this.engine = engine;
  }

  boolean ready() {
    if (!checking.tryLock()) {
      return ready;
    }
    try {
      engine.find("readyz", "readyz");
      ready = true;
    } catch (TaskEngineException e) {
      ready = false;
    } finally {
      checking.unlock();
    }
    return ready;
  }
}
