package dev.taskengine.spi;

import dev.taskengine.api.TaskEngine;

/**
 * How {@link TaskEngine.Builder#build()} finds the implementation: engine-core registers one
 * factory with {@link java.util.ServiceLoader}. Hosts put engine-core on the class path and never
 * call this directly.
 */
public interface TaskEngineFactory {

  /** A new engine with these settings. */
  TaskEngine create(EngineSettings settings);
}
