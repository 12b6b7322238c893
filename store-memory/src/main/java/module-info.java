/** The in-memory store: {@code dev.taskengine.store.memory.MemoryTaskStore}. */
module dev.taskengine.store.memory {
  // MemoryTaskStore is a dev.taskengine.spi.TaskStore: its hosts need the SPI's types.
  requires transitive dev.taskengine.api;

  exports dev.taskengine.store.memory;
}
