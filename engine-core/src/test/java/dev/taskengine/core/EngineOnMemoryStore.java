package dev.taskengine.core;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of the engine's own rules share: an engine on a fresh {@link MemoryTaskStore} (the
 * rules are the engine's, so one real store is enough; the contract suite in engine-tck checks
 * every store), a clock that moves only when a test moves it, two tenants and one token key.
 */
abstract class EngineOnMemoryStore {

  /** The task type of tasks whose type does not matter to a test. */
  static final String TYPE = "StartInstance";

  /** Where every test's clock starts: microsecond precision, as stores keep timestamps. */
  static final Instant START = Instant.parse("2031-03-04T05:06:07.123456Z");

  MemoryTaskStore store;
  SteppingClock clock;
  String tenant;
  String otherTenant;
  TokenKeyRing tokenKeys;
  TaskEngine engine;

  @BeforeEach
  final void newEngineOnAnEmptyStore() {
    store = new MemoryTaskStore();
    clock = new SteppingClock(START);
    tenant = "tenant-a";
    otherTenant = "tenant-b";
    tokenKeys = TokenKeyRing.of(TokenKey.random("test-key"));
    engine = engineBuilder().build();
  }

  /** A builder preset like {@link #engine}, for a test that changes one setting. */
  TaskEngines.Builder engineBuilder() {
    return TaskEngines.builder().store(store).clock(clock).tokenKeys(tokenKeys);
  }

  /** A new PENDING single task of {@link #tenant}. */
  Task newSingle() {
    return engine.submit(TaskSpec.builder(tenant, TYPE).build());
  }

  /** A new PENDING batch of {@link #tenant} with children for resources r-1 .. r-n. */
  Task newBatch(int children) {
    return engine.submitBatch(batchSpec(tenant, children).build());
  }

  /** A batch spec with children for resources r-1 .. r-n. */
  static BatchSpec.Builder batchSpec(String tenant, int children) {
    BatchSpec.Builder spec = BatchSpec.builder(tenant, TYPE);
    IntStream.rangeClosed(1, children).forEach(i -> spec.child("r-" + i));
    return spec;
  }

  /** The task as the store has it now. */
  Task reload(Task task) {
    return engine.get(task.tenant(), task.id());
  }

  /**
   * The batch's children as the store has them now, in the order the spec listed them: they share
   * one creation time, and the default ids increase in the order they were made.
   */
  List<Task> children(Task batch) {
    return stored(TaskQuery.builder(batch.tenant()).parentId(batch.id()).build());
  }

  /** Every task of the tenant as the store has it now, read from the store itself. */
  List<Task> stored(String tenant) {
    return stored(TaskQuery.all(tenant));
  }

  private List<Task> stored(TaskQuery query) {
    TaskQuery oldestFirst = query.toBuilder().order(SortOrder.OLDEST_FIRST).build();
    return store.findPage(new PageQuery(oldestFirst, clock.instant(), null, 100_000));
  }
}
