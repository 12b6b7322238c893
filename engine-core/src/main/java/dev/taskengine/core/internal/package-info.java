/**
 * The implementation of the engine's rules. Internal: any type here may change or disappear in any
 * release, and the module does not export this package. Hosts use {@link
 * dev.taskengine.core.TaskEngines#builder()}.
 */
package dev.taskengine.core.internal;
