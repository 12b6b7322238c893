/**
 * The public contract of taskengine: the {@link dev.taskengine.api.TaskEngine} interface (built by
 * engine-core's {@code TaskEngines.builder()}), the task model and its status machine, queries and
 * pages, and the exceptions, all rooted at {@link dev.taskengine.api.TaskEngineException}.
 */
package dev.taskengine.api;
