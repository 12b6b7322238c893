package dev.taskengine.dialects;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real in-memory store that counts the reads a dialect makes of it, so that a test can assert how
 * much work a request cost (for example: no count runs for a page that is refused).
 */
public final class CountingStore implements TaskStore {
  private final MemoryTaskStore store = new MemoryTaskStore();

  /** Calls of {@link #count}. */
  public final AtomicInteger counts = new AtomicInteger();

  /** Calls of {@link #findPage} and {@link #findOffset}. */
  public final AtomicInteger pages = new AtomicInteger();

  @Override
  public void insert(NewTasks tasks) {
    store.insert(tasks);
  }

  @Override
  public Optional<Task> find(String tenant, String id) {
    return store.find(tenant, id);
  }

  @Override
  public Optional<ClientTokenRecord> findClientToken(String tenant, String clientToken) {
    return store.findClientToken(tenant, clientToken);
  }

  @Override
  public Optional<UpdateResult> update(TaskUpdate update, BatchRollup rollup) {
    return store.update(update, rollup);
  }

  @Override
  public List<Optional<UpdateResult>> updateAll(List<TaskUpdate> updates, BatchRollup rollup) {
    return store.updateAll(updates, rollup);
  }

  @Override
  public Optional<Task> addChildren(ChildAddition addition) {
    return store.addChildren(addition);
  }

  @Override
  public Optional<Task> cascade(BatchCascade cascade, BatchRollup rollup) {
    return store.cascade(cascade, rollup);
  }

  @Override
  public List<UpdateResult> pick(Pick pick, BatchRollup rollup) {
    return store.pick(pick, rollup);
  }

  @Override
  public List<Task> findPage(PageQuery page) {
    pages.incrementAndGet();
    return store.findPage(page);
  }

  @Override
  public List<Task> findOffset(TaskQuery query, int offset, int limit) {
    pages.incrementAndGet();
    return store.findOffset(query, offset, limit);
  }

  @Override
  public long count(TaskQuery query, long limit) {
    counts.incrementAndGet();
    return store.count(query, limit);
  }

  @Override
  public long purgeFinished(String tenant, Instant finishedBefore) {
    return store.purgeFinished(tenant, finishedBefore);
  }

  @Override
  public Optional<TokenKeyRing> sharedTokenKeys() {
    return store.sharedTokenKeys();
  }
}
