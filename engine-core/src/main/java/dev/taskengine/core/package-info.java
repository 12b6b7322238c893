/**
 * The entry point of the engine: {@link dev.taskengine.core.TaskEngines#builder()} builds the
 * {@link dev.taskengine.api.TaskEngine} over a {@link dev.taskengine.spi.TaskStore}.
 */
package dev.taskengine.core;
