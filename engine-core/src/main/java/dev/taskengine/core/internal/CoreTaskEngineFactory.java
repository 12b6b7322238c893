package dev.taskengine.core.internal;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.spi.EngineSettings;
import dev.taskengine.spi.TaskEngineFactory;

/** Registered with {@link java.util.ServiceLoader}; makes {@link CoreTaskEngine}s. */
public final class CoreTaskEngineFactory implements TaskEngineFactory {

  @Override
  public TaskEngine create(EngineSettings settings) {
    return new CoreTaskEngine(settings);
  }
}
