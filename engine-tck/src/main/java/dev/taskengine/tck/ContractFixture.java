package dev.taskengine.tck;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of the contract suite needs from the test that runs it: the store under test, a
 * clock the test moves, a fresh tenant and engines built on that store. {@link TaskStoreContract}
 * provides all of it; the helpers here are shared by the contract interfaces.
 */
interface ContractFixture {

  /** The task type of tasks whose type does not matter to a test. */
  String TYPE = "StartInstance";

  /** The store under test. */
  TaskStore store();

  /** The clock of every engine the test builds; it only moves when the test moves it. */
  MutableClock clock();

  /** A tenant no other test uses, so a shared store needs no cleaning between tests. */
  String tenant();

  /** A second tenant of this test, for isolation checks. */
  String otherTenant();

  /** The page-token keys of {@link #engine()}. */
  TokenKeyRing tokenKeys();

  /** An engine on the store with the test clock, the test keys and default limits. */
  TaskEngine engine();

  /** A builder preset with the store, the test clock and the test keys, to change one setting. */
  TaskEngines.Builder engineBuilder();

  /** A new PENDING single task of {@link #tenant()}. */
  default Task newSingle() {
    return engine().submit(TaskSpec.builder(tenant(), TYPE).build());
  }

  /** A new PENDING batch of {@link #tenant()} with children for resources r-1 .. r-n. */
  default Task newBatch(int children) {
    return engine().submitBatch(batchSpec(tenant(), children).build());
  }

  /** A batch spec with children for resources r-1 .. r-n. */
  default BatchSpec.Builder batchSpec(String tenant, int children) {
    BatchSpec.Builder spec = BatchSpec.builder(tenant, TYPE);
    for (int i = 1; i <= children; i++) {
      spec.child(new ChildSpec("r-" + i, "phone-" + i, null));
    }
    return spec;
  }

  /** The task as the store has it now. */
  default Task reload(Task task) {
    return engine().get(task.tenant(), task.id());
  }

  /** The batch's children as the store has them now, oldest first, read through every page. */
  default List<Task> childrenOf(Task batch) {
    return Tck.readAll(
        engine(),
        TaskQuery.builder(batch.tenant())
            .parentId(batch.id())
            .order(SortOrder.OLDEST_FIRST)
            .build(),
        100);
  }

  /**
   * The batch's children ordered by resource id (r-1, r-2, ... as {@link #batchSpec} names them).
   */
  default List<Task> childrenByResource(Task batch) {
    List<Task> children = new ArrayList<>(childrenOf(batch));
    children.sort(
        (left, right) -> {
          int byLength = Integer.compare(left.resourceId().length(), right.resourceId().length());
          return byLength != 0 ? byLength : left.resourceId().compareTo(right.resourceId());
        });
    return children;
  }

  /** Every task of the tenant, oldest first. */
  default List<Task> allTasks(String tenant) {
    return Tck.readAll(
        engine(), TaskQuery.builder(tenant).order(SortOrder.OLDEST_FIRST).build(), 100);
  }
}
