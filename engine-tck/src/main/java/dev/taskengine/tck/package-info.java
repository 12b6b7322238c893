/**
 * The store contract suite: what every {@link dev.taskengine.spi.TaskStore} must do, asserted
 * through the real engine. A store runs it with one subclass of {@link
 * dev.taskengine.tck.TaskStoreContract} that only says how to create (and clean) a store:
 *
 * <pre>{@code
 * class MyTaskStoreContractTest extends TaskStoreContract {
 *   @Override
 *   protected TaskStore createStore() {
 *     return new MyTaskStore(...);
 *   }
 * }
 * }</pre>
 *
 * <p>Randomized tests print their seed; rerun one with {@code -Dtaskengine.seed=<seed>} ({@link
 * dev.taskengine.tck.Seeds}).
 */
package dev.taskengine.tck;
