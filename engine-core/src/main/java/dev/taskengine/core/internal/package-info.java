/**
 * The implementation of the engine's rules. Internal: any type here may change or disappear in any
 * release. Hosts use {@link dev.taskengine.api.TaskEngine#builder()}, which finds this package's
 * factory through {@link java.util.ServiceLoader}.
 */
package dev.taskengine.core.internal;
