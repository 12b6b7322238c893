package dev.taskengine.benchmarks;

import dev.taskengine.api.Task;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Fills a {@link MemoryTaskStore} with the measured tenant of a data set. A memory store lives and
 * dies with its JVM, so every JMH fork fills its own and this has to take seconds. The tasks go in
 * through the store's SPI ({@code insert}, one group at a time, as the engine would have inserted
 * them, oldest first); a second thread generates the groups while this one inserts them.
 */
final class MemoryDataset {
  private static final int QUEUED_GROUPS = 256;

  private record Group(Task root, List<Task> children) {}

  private static final Group END = new Group(null, List.of());

  private MemoryDataset() {}

  static MemoryTaskStore fill(DatasetPlan plan) {
    MemoryTaskStore store = new MemoryTaskStore();
    BlockingQueue<Group> queue = new ArrayBlockingQueue<>(QUEUED_GROUPS);
    RuntimeException[] failure = new RuntimeException[1];
    Thread generator =
        new Thread(
            () -> {
              try {
                plan.emitTenant(0, (root, children) -> put(queue, new Group(root, children)));
              } catch (RuntimeException e) {
                failure[0] = e;
              } finally {
                put(queue, END);
              }
            },
            "dataset-generator");
    generator.start();
    try {
      // On a failed insert the generator is interrupted below, in finally.
      for (Group group = queue.take(); group != END; group = queue.take()) {
        store.insert(new NewTasks(group.root(), group.children(), null));
      }
      generator.join();
    } catch (InterruptedException e) {
      generator.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while filling the memory store", e);
    } finally {
      if (generator.isAlive()) {
        generator.interrupt();
      }
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return store;
  }

  private static void put(BlockingQueue<Group> queue, Group group) {
    try {
      queue.put(group);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
