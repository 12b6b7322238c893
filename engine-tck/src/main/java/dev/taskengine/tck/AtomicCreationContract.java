package dev.taskengine.tck;

import static dev.taskengine.tck.Tck.expectStoreFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A batch and its children are written all or nothing: when the store cannot write one row (here a
 * duplicate id, made on purpose by the id generator), nothing of the unit is visible.
 */
interface AtomicCreationContract extends ContractFixture {

  /**
   * Makes fresh ids, except that it hands out {@code collidingId} for the instance id number {@code
   * collideAt} (1-based; the engine asks for the batch id first, then the children in order) or,
   * when {@code collideAt} is 0, for the batch id. Remembers every id it handed out.
   */
  final class CollidingIdGenerator implements IdGenerator {
    private final String collidingId;
    private final int collideAt;
    private final AtomicInteger instances = new AtomicInteger();
    final List<String> handedOut = new CopyOnWriteArrayList<>();

    CollidingIdGenerator(String collidingId, int collideAt) {
      this.collidingId = collidingId;
      this.collideAt = collideAt;
    }

    @Override
    public String newId(String type, Level level) {
      boolean collide =
          level == Level.BATCH ? collideAt == 0 : instances.incrementAndGet() == collideAt;
      String id = collide ? collidingId : "tck-" + UUID.randomUUID();
      handedOut.add(id);
      return id;
    }
  }

  @Test
  default void batchWhoseChildCannotBeWrittenIsNotPersistedAtAll() {
    int children = 5;
    Task existingSingle = engine().submit(TaskSpec.builder(tenant(), TYPE).param("keep").build());
    Task otherBatch = newBatch(3);
    Task existingChild = childrenByResource(otherBatch).get(1);
    // collide with the batch id, the first child, a middle child and the last child
    List<Task> victims = List.of(otherBatch, existingSingle, existingChild, otherBatch);
    List<Integer> positions = List.of(0, 1, 3, children);
    List<Task> before = allTasks(tenant());

    for (int i = 0; i < positions.size(); i++) {
      int position = positions.get(i);
      Task victim = victims.get(i);
      CollidingIdGenerator ids = new CollidingIdGenerator(victim.id(), position);
      TaskEngine colliding = engineBuilder().idGenerator(ids).build();
      String invokeId = "atomic-" + position;
      BatchSpec spec = batchSpec(tenant(), children).invokeId(invokeId).build();
      String what = "batch whose id number " + position + " already exists";

      expectStoreFailure(what, () -> colliding.submitBatch(spec));

      String batchId = ids.handedOut.get(0);
      if (position != 0) {
        assertThat(engine().find(tenant(), batchId)).as("%s: the batch", what).isEmpty();
      } else {
        assertThat(batchId).isEqualTo(victim.id());
      }
      for (String id : ids.handedOut) {
        if (!id.equals(victim.id())) {
          assertThat(engine().find(tenant(), id)).as("%s: task %s", what, id).isEmpty();
        }
      }
      TaskQuery byInvoke = TaskQuery.builder(tenant()).invokeIds(invokeId).build();
      assertThat(engine().query(byInvoke, PageRequest.first(100)).items())
          .as("%s: tasks of its invoke id", what)
          .isEmpty();
      assertThat(engine().count(byInvoke)).as(what).isEqualTo(new TaskCount(0, false));
      if (position != 0) {
        assertThat(engine().count(TaskQuery.builder(tenant()).parentId(batchId).build()))
            .as("%s: children of the batch id", what)
            .isEqualTo(new TaskCount(0, false));
      }
      assertThat(allTasks(tenant())).as("%s: every task unchanged", what).isEqualTo(before);
    }

    // the engine is not harmed: the same spec with fresh ids goes in whole
    Task batch = engine().submitBatch(batchSpec(tenant(), children).invokeId("atomic-ok").build());
    assertThat(childrenOf(batch)).hasSize(children);
    assertThat(reload(batch).counters().total()).isEqualTo(children);
  }

  @Test
  default void singleTaskWithAnExistingIdFailsAndLeavesTheExistingTaskUnchanged() {
    Task existing = engine().start(tenant(), newSingle().id());
    TaskEngine colliding = engineBuilder().idGenerator((type, level) -> existing.id()).build();

    expectStoreFailure(
        "submit with an existing id",
        () -> colliding.submit(TaskSpec.builder(tenant(), "Other").param("new").build()));

    assertThat(allTasks(tenant())).containsExactly(existing);
  }

  @Test
  default void failedCreationLeavesNoClientTokenBehind() {
    Task existing = newSingle();
    String token = "token-" + UUID.randomUUID();

    CollidingIdGenerator ids = new CollidingIdGenerator(existing.id(), 2);
    TaskEngine colliding = engineBuilder().idGenerator(ids).build();
    BatchSpec spec = batchSpec(tenant(), 3).clientToken(token).build();
    expectStoreFailure("batch with a client token", () -> colliding.submitBatch(spec));

    // had the token record survived, this would return a task that does not exist
    Task batch = engine().submitBatch(spec);
    assertThat(batch.id()).isNotIn(ids.handedOut);
    assertThat(reload(batch)).isEqualTo(batch);
    assertThat(childrenOf(batch)).hasSize(3);

    TaskSpec single = TaskSpec.builder(tenant(), TYPE).clientToken(token + "-single").build();
    TaskEngine collidingSingle =
        engineBuilder().idGenerator((type, level) -> existing.id()).build();
    expectStoreFailure("single task with a client token", () -> collidingSingle.submit(single));
    Task created = engine().submit(single);
    assertThat(created.id()).isNotEqualTo(existing.id());
    assertThat(reload(created)).isEqualTo(created);
  }

  @Test
  default void addedChildrenThatCannotAllBeWrittenAddNothing() {
    Task existing = newSingle();
    Task batch = newBatch(2);
    engine().start(tenant(), childrenByResource(batch).get(0).id());
    Task before = reload(batch);
    List<Task> childrenBefore = childrenOf(batch);

    for (int position = 1; position <= 3; position++) {
      CollidingIdGenerator ids = new CollidingIdGenerator(existing.id(), position);
      TaskEngine colliding = engineBuilder().idGenerator(ids).build();
      List<ChildSpec> more = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        more.add(ChildSpec.of("added-" + position + "-" + i));
      }
      String what = "addChildren whose child number " + position + " already exists";

      expectStoreFailure(what, () -> colliding.addChildren(tenant(), batch.id(), more));

      assertThat(reload(batch)).as("%s: the batch", what).isEqualTo(before);
      assertThat(childrenOf(batch)).as("%s: the children", what).isEqualTo(childrenBefore);
      assertThat(reload(existing)).as("%s: the existing task", what).isEqualTo(existing);
    }
    assertThat(before.status()).isEqualTo(TaskStatus.RUNNING);
  }
}
