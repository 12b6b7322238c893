package dev.taskengine.tck;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.store.memory.MemoryTaskStore;

/**
 * Runs the whole store contract suite against a fresh {@link MemoryTaskStore} per test. It lives
 * here rather than in store-memory because engine-core's own tests run on store-memory, and the
 * suite depends on engine-core: store-memory cannot depend on the suite without a cycle.
 */
class MemoryTaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return new MemoryTaskStore();
  }
}
