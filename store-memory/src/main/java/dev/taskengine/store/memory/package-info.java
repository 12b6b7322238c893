/**
 * An in-memory {@link dev.taskengine.spi.TaskStore}: {@link
 * dev.taskengine.store.memory.MemoryTaskStore}. It is the only public type of this package; the
 * other classes are package-private and may change at any time.
 */
package dev.taskengine.store.memory;
