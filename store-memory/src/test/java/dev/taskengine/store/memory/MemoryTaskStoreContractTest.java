package dev.taskengine.store.memory;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.tck.TaskStoreContract;

/** Runs the whole store contract suite against a fresh {@link MemoryTaskStore} per test. */
class MemoryTaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return new MemoryTaskStore();
  }
}
