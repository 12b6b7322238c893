package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.HolderReport;
import dev.taskengine.api.IllegalTransitionException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Lease;
import dev.taskengine.api.LeaseLostException;
import dev.taskengine.api.ReportOutcome;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskNotFoundException;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.Tck.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Bulk reports ({@link TaskEngine#report}) as the store keeps them: many lease holders' finishing
 * reports in one call leave exactly the outcomes, tasks, counters and conflicts that the same calls
 * one by one leave, while each batch's counters move once per call; a report whose lease is lost
 * fails alone; a bulk report racing the sweep, or a cancel of its batch, leaves one outcome per
 * task and true counters. (The store's {@code updateAll} called directly is {@link
 * WorkSpiContract}'s.) Randomized tests print their seed ({@link Seeds}); every wait is bounded.
 */
interface BulkReportContract extends WorkFixture {

  // ---- the same reports one by one and in bulk ------------------------------------------------

  @Test
  default void bulkReportsLeaveWhatTheSameCallsOneByOneLeave() {
    long seed = Seeds.seed("BulkReportContract.bulkReportsLeaveWhatTheSameCallsOneByOneLeave");
    Random random = new Random(seed);
    TaskEngine otherNode = engineBuilder().build();
    for (int round = 0; round < 6; round++) {
      String where = "round " + round + ", seed " + seed;
      Scenario scenario = Scenario.random(random);
      // Two copies of one scenario, step by step at the same instants: the same reports are made
      // one by one on the first and in one call on the second.
      Copy alone = new Copy(tenant() + "-alone-" + round);
      Copy bulk = new Copy(tenant() + "-bulk-" + round);
      List<Copy> both = List.of(alone, bulk);
      for (Copy copy : both) {
        copy.create(this, scenario);
        copy.claim(this, OWNER);
      }
      clock().advance(Duration.ofSeconds(10));
      for (Copy copy : both) {
        copy.renew(this, scenario, otherNode);
      }
      clock().set(alone.firstLeaseEnd());
      sweep(); // the leases not renewed are lost: retried, or failed in the one-attempt batch
      Instant retryAt = clock().instant();
      for (Copy copy : both) {
        for (Task task : copy.stored(this)) {
          if (task.status() == TaskStatus.PENDING && task.availableAt().isAfter(retryAt)) {
            retryAt = task.availableAt();
          }
        }
      }
      clock().set(retryAt);
      for (Copy copy : both) {
        copy.claim(this, "worker-2");
      }
      Instant reclaimed = clock().instant();
      clock().advance(Duration.ofSeconds(1));
      for (Copy copy : both) {
        copy.prepare(this, scenario, otherNode);
      }
      // Late: the second claims' leases have just ended and no sweep ran since.
      clock().set(scenario.late() ? reclaimed.plus(LEASE) : clock().instant().plusSeconds(1));

      List<HolderReport> aloneReports = alone.reports(scenario);
      List<ReportOutcome> oneByOne = new ArrayList<>();
      for (HolderReport report : aloneReports) {
        oneByOne.add(alone(engine(), report));
      }
      Map<String, Task> batchesBefore = bulk.batchesById(this);
      // Through the engine that claimed (with copies of the tasks, some out of date), through the
      // one that renewed and cancelled some of them, or through one that holds no copies.
      TaskEngine bulkEngine =
          switch (scenario.bulkThrough()) {
            case 0 -> engine();
            case 1 -> otherNode;
            default -> engineBuilder().build();
          };
      List<HolderReport> bulkReports = bulk.reports(scenario);
      List<ReportOutcome> inBulk = bulkEngine.report(bulkReports);

      assertThat(inBulk).as("%s: one outcome per report", where).hasSize(bulkReports.size());
      for (int i = 0; i < inBulk.size(); i++) {
        assertSameOutcome(
            where + ", report " + i + " " + scenario.reports().get(i),
            alone.name(oneByOne.get(i)),
            bulk.name(inBulk.get(i)));
      }
      assertThat(bulk.named(this))
          .as("%s: every task after the bulk, as after the calls one by one", where)
          .isEqualTo(alone.named(this));
      for (Copy copy : both) {
        for (Task batch : copy.batches) {
          Tck.assertBatchFollowsChildren(reload(batch), childrenOf(batch), RollupPolicy.DEFAULT);
        }
      }
      batchesBefore.forEach(
          (id, before) -> {
            Task after = engine().get(before.tenant(), id);
            if (after.counters().equals(before.counters())) {
              assertThat(after).as("%s: batch %s, no child written", where, id).isEqualTo(before);
            } else if (scenario.bulkThrough() == 2) {
              assertThat(after.version())
                  .as("%s: batch %s moves once in the bulk", where, id)
                  .isEqualTo(before.version() + 1);
            } else {
              // An engine's out-of-date copy costs a lost compare-and-set, and the task is written
              // in a further transaction that moves the batch again.
              assertThat(after.version()).as(where).isGreaterThan(before.version());
            }
          });
    }
  }

  /** What one call of {@code report} alone gives: the task, or what it threw. */
  private static ReportOutcome alone(TaskEngine engine, HolderReport report) {
    try {
      return ReportOutcome.of(
          switch (report.status()) {
            case SUCCEEDED -> engine.succeed(report.lease(), report.result());
            case FAILED -> engine.fail(report.lease(), report.errorCode(), report.errorMessage());
            case CANCELLED -> engine.confirmCancelled(report.lease());
            case PENDING, RUNNING, CANCELLING -> throw new AssertionError(report);
          });
    } catch (TaskEngineException failure) {
      return ReportOutcome.ofFailure(failure);
    }
  }

  /**
   * Asserts two outcomes (their tasks named by {@link Copy#name}) are the same: equal tasks, or
   * failures of one type and code, naming the same field or task.
   */
  private static void assertSameOutcome(String where, Named alone, Named bulk) {
    if (alone.task() != null || bulk.task() != null) {
      assertThat(bulk.task())
          .as(
              "%s: the task (failures one by one: %s; in bulk: %s)",
              where, alone.failure(), bulk.failure())
          .isEqualTo(alone.task());
      return;
    }
    assertThat(bulk.failure().getClass()).as(where).isEqualTo(alone.failure().getClass());
    assertThat(bulk.failure().code()).as(where).isEqualTo(alone.failure().code());
    assertThat(bulk.subject()).as("%s: the field or task named", where).isEqualTo(alone.subject());
  }

  /** An outcome with its task's ids replaced by their names in the scenario. */
  record Named(Task task, TaskEngineException failure, String subject) {}

  /**
   * One random scenario, the same for both copies.
   *
   * @param batches the children of each batch; the first batch allows one attempt, so a lost lease
   *     fails its children, and the others retry them
   * @param singles how many single tasks
   * @param renewed per task (children of each batch, then singles): renewed before the first leases
   *     end, else lost to the sweep
   * @param renewedElsewhere per task: renewed through another engine, so this engine's copy of it
   *     is out of date
   * @param before per task, what happens to it before the reports: 0 succeeds, 1 fails, 2 is
   *     cancelled, 3 is cancelled through another engine, anything else nothing
   * @param cancelLastBatch whether the last batch is cancelled as a whole before the reports
   * @param late whether the reports come once the second claims' leases have ended
   * @param bulkThrough the engine of the bulk: 0 the one that claimed, 1 the one that renewed and
   *     cancelled some tasks, 2 a new one
   * @param reports the reports
   */
  record Scenario(
      List<Integer> batches,
      int singles,
      List<Boolean> renewed,
      List<Boolean> renewedElsewhere,
      List<Integer> before,
      boolean cancelLastBatch,
      boolean late,
      int bulkThrough,
      List<ReportPlan> reports) {

    static Scenario random(Random random) {
      List<Integer> batches = new ArrayList<>();
      int tasks = 0;
      for (int b = 2 + random.nextInt(2); b > 0; b--) {
        batches.add(1 + random.nextInt(5));
        tasks += batches.get(batches.size() - 1);
      }
      int singles = 2 + random.nextInt(3);
      tasks += singles;
      List<Boolean> renewed = new ArrayList<>();
      List<Boolean> renewedElsewhere = new ArrayList<>();
      List<Integer> before = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        renewed.add(random.nextInt(4) != 0);
        renewedElsewhere.add(random.nextBoolean());
        before.add(random.nextInt(8));
      }
      List<ReportPlan> reports = new ArrayList<>();
      int count = 8 + random.nextInt(25);
      for (int r = 0; r < count; r++) {
        if (!reports.isEmpty() && random.nextInt(5) == 0) {
          ReportPlan again = reports.get(random.nextInt(reports.size()));
          // the same report again, or another report on the same task
          reports.add(random.nextBoolean() ? again : again.withText(random.nextInt(2)));
          continue;
        }
        int pick = random.nextInt(20);
        int task =
            pick == 0 ? ReportPlan.UNKNOWN : pick == 1 ? ReportPlan.BATCH : random.nextInt(tasks);
        // a cancelled task is mostly reported as such: its confirmation is what a copy refuses
        boolean cancelled = task >= 0 && (before.get(task) == 2 || before.get(task) == 3);
        reports.add(
            new ReportPlan(
                task,
                cancelled && random.nextBoolean()
                    ? TaskStatus.CANCELLED
                    : FINISHING.get(random.nextInt(FINISHING.size())),
                random.nextInt(6) == 0 ? 2 : random.nextInt(4) == 0 ? 1 : 0,
                random.nextInt(2),
                random.nextInt(15) == 0));
      }
      return new Scenario(
          batches,
          singles,
          renewed,
          renewedElsewhere,
          before,
          random.nextInt(3) == 0,
          random.nextInt(3) == 0,
          random.nextInt(3),
          reports);
    }
  }

  /**
   * One report of a scenario.
   *
   * @param task the task's index, or {@link #UNKNOWN} (no such task) or {@link #BATCH} (a batch)
   * @param status SUCCEEDED, FAILED or CANCELLED
   * @param lease 0 the task's current lease, 1 its first (lost when it was claimed again), 2
   *     another owner's
   * @param text which result or error code (0 or 1): equal texts make a repeat a no-op
   * @param tooLarge whether the report's result or error code is past its limit
   */
  record ReportPlan(int task, TaskStatus status, int lease, int text, boolean tooLarge) {
    static final int UNKNOWN = -1;
    static final int BATCH = -2;

    ReportPlan withText(int other) {
      return new ReportPlan(task, status, lease, other, tooLarge);
    }

    HolderReport report(Lease held) {
      return switch (status) {
        case SUCCEEDED ->
            HolderReport.succeeded(held, tooLarge ? "r".repeat(64 * 1024 + 1) : "result-" + text);
        case FAILED ->
            HolderReport.failed(held, tooLarge ? "E".repeat(257) : "Code" + text, "failed");
        case CANCELLED -> HolderReport.cancelled(held);
        case PENDING, RUNNING, CANCELLING -> throw new AssertionError(status);
      };
    }
  }

  /** The statuses a holder's report finishes a task in. */
  List<TaskStatus> FINISHING =
      List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED);

  /** One copy of a scenario, in a tenant of its own. */
  final class Copy {
    final String tenant;
    final List<Task> batches = new ArrayList<>();

    /** The instance tasks: the children of each batch, then the singles. */
    final List<Task> slots = new ArrayList<>();

    /** The lease of each task's first claim. */
    final List<Lease> firstLeases = new ArrayList<>();

    /** Each task's latest claim, by id. */
    final Map<String, Task> claimed = new HashMap<>();

    /** Each task's name in the scenario, by id: the same in both copies. */
    final Map<String, String> names = new HashMap<>();

    Copy(String tenant) {
      this.tenant = tenant;
    }

    void create(BulkReportContract test, Scenario scenario) {
      for (int b = 0; b < scenario.batches().size(); b++) {
        BatchSpec.Builder spec = test.batchSpec(tenant, scenario.batches().get(b));
        if (b == 0) {
          spec.retryPolicy(RetryPolicy.attempts(1));
        }
        Task batch = test.engine().submitBatch(spec.build());
        batches.add(batch);
        names.put(batch.id(), "batch-" + b);
        List<Task> children = test.childrenByResource(batch);
        for (int c = 0; c < children.size(); c++) {
          slots.add(children.get(c));
          names.put(children.get(c).id(), "batch-" + b + "/child-" + c);
        }
      }
      for (int s = 0; s < scenario.singles(); s++) {
        Task single = test.engine().submit(TaskSpec.builder(tenant, TYPE).build());
        slots.add(single);
        names.put(single.id(), "single-" + s);
      }
    }

    /** Claims every PENDING task of the copy as {@code owner}. */
    void claim(BulkReportContract test, String owner) {
      List<Task> got =
          test.engine()
              .claim(ClaimRequest.forTenant(tenant).owner(owner).lease(LEASE).limit(100).build());
      for (Task task : got) {
        claimed.put(task.id(), task);
      }
      if (firstLeases.isEmpty()) {
        for (Task slot : slots) {
          firstLeases.add(claimed.get(slot.id()).lease());
        }
      }
    }

    /** When the first claim's leases end. */
    Instant firstLeaseEnd() {
      return claimed.get(slots.get(0).id()).leaseExpiresAt();
    }

    void renew(BulkReportContract test, Scenario scenario, TaskEngine otherNode) {
      for (int i = 0; i < slots.size(); i++) {
        if (scenario.renewed().get(i)) {
          TaskEngine node = scenario.renewedElsewhere().get(i) ? otherNode : test.engine();
          node.heartbeat(firstLeases.get(i), LEASE.multipliedBy(3));
        }
      }
    }

    /**
     * What happens before the reports; a call the task's state refuses is refused alike in both.
     */
    void prepare(BulkReportContract test, Scenario scenario, TaskEngine otherNode) {
      for (int i = 0; i < slots.size(); i++) {
        Task slot = slots.get(i);
        try {
          switch (scenario.before().get(i)) {
            case 0 -> test.engine().succeed(currentLease(i), "early");
            case 1 -> test.engine().fail(currentLease(i), "Early", null);
            case 2 -> test.engine().cancel(tenant, slot.id());
            case 3 -> otherNode.cancel(tenant, slot.id());
            default -> {
              // left as it is
            }
          }
        } catch (LeaseLostException | IllegalTransitionException refused) {
          // the sweep already finished it: the same in both copies
        }
      }
      if (scenario.cancelLastBatch()) {
        try {
          otherNode.cancel(tenant, batches.get(batches.size() - 1).id());
        } catch (IllegalTransitionException finished) {
          // every child had already finished: the same in both copies
        }
      }
    }

    Lease currentLease(int slot) {
      return claimed.get(slots.get(slot).id()).lease();
    }

    List<HolderReport> reports(Scenario scenario) {
      List<HolderReport> reports = new ArrayList<>();
      for (ReportPlan plan : scenario.reports()) {
        Lease lease;
        if (plan.task() == ReportPlan.UNKNOWN) {
          lease = new Lease(tenant, "no-such-task", OWNER, 1);
        } else if (plan.task() == ReportPlan.BATCH) {
          lease = new Lease(tenant, batches.get(0).id(), OWNER, 1);
        } else {
          Lease current = currentLease(plan.task());
          lease =
              switch (plan.lease()) {
                case 1 -> firstLeases.get(plan.task());
                case 2 -> new Lease(tenant, current.taskId(), "intruder", current.attempt());
                default -> current;
              };
        }
        reports.add(plan.report(lease));
      }
      return reports;
    }

    List<Task> stored(BulkReportContract test) {
      return test.allTasks(tenant);
    }

    Map<String, Task> batchesById(BulkReportContract test) {
      Map<String, Task> byId = new LinkedHashMap<>();
      for (Task batch : batches) {
        byId.put(batch.id(), test.reload(batch));
      }
      return byId;
    }

    /** Every task of the copy by its name, {@link #name(Task) named}. */
    Map<String, Task> named(BulkReportContract test) {
      Map<String, Task> byName = new HashMap<>();
      for (Task task : stored(test)) {
        byName.put(names.get(task.id()), name(task));
      }
      return byName;
    }

    /**
     * The task with its ids replaced by their names, so that the copies compare. Also without what
     * differs between copies by design: a retry's jittered availableAt, and a batch's version (the
     * bulk moves it once per call, the calls one by one once per child).
     */
    Task name(Task task) {
      return task.toBuilder()
          .id(names.getOrDefault(task.id(), task.id()))
          .tenant("copy")
          .parentId(task.parentId() == null ? null : names.get(task.parentId()))
          .availableAt(null)
          .version(task.isBatch() ? 0 : task.version())
          .build();
    }

    Named name(ReportOutcome outcome) {
      if (!outcome.isRefused()) {
        return new Named(name(outcome.task().orElseThrow()), null, null);
      }
      TaskEngineException failure = outcome.failure().orElseThrow();
      String subject = failure.getClass().getName();
      if (failure instanceof InvalidRequestException invalid) {
        subject = invalid.field();
      } else if (failure instanceof LeaseLostException lost) {
        subject = names.getOrDefault(lost.taskId(), lost.taskId());
      } else if (failure instanceof TaskNotFoundException missing) {
        subject = names.getOrDefault(missing.taskId(), missing.taskId());
      } else if (failure instanceof IllegalTransitionException illegal) {
        subject = names.getOrDefault(illegal.taskId(), illegal.taskId());
      }
      return new Named(null, failure, subject);
    }
  }

  // ---- one counter update per batch; several reports on one task ------------------------------

  @Test
  default void aBulkMovesEachBatchOnceBySumOfItsChildrensMoves() {
    Task big = newBatch(6);
    Task small = newBatch(3);
    Task foreign = engine().submit(TaskSpec.builder(otherTenant(), TYPE).build());
    List<Task> claimed = claim(9);
    Task foreignClaimed =
        engine()
            .claim(ClaimRequest.forTenant(otherTenant()).owner(OWNER).lease(LEASE).build())
            .get(0);
    Map<String, Task> byId = new HashMap<>();
    claimed.forEach(task -> byId.put(task.id(), task));
    List<Task> bigChildren = childrenByResource(big);
    List<Task> smallChildren = childrenByResource(small);
    Task cancelling = engine().cancel(tenant(), bigChildren.get(3).id());
    Task bigBefore = reload(big);
    Task smallBefore = reload(small);
    Instant now = clock().advance(Duration.ofSeconds(5));

    List<HolderReport> reports = new ArrayList<>();
    reports.add(HolderReport.succeeded(byId.get(bigChildren.get(0).id()).lease(), "ok"));
    reports.add(HolderReport.succeeded(byId.get(bigChildren.get(1).id()).lease(), null));
    reports.add(HolderReport.failed(byId.get(bigChildren.get(2).id()).lease(), "E", "gone"));
    reports.add(HolderReport.cancelled(cancelling.lease()));
    reports.add(HolderReport.failed(byId.get(bigChildren.get(5).id()).lease(), "E", null));
    for (Task child : smallChildren) {
      reports.add(HolderReport.succeeded(byId.get(child.id()).lease(), "done"));
    }
    reports.add(HolderReport.succeeded(foreignClaimed.lease(), "another tenant's"));
    List<ReportOutcome> outcomes = engine().report(reports);

    List<TaskStatus> expected =
        List.of(
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED,
            TaskStatus.FAILED,
            TaskStatus.CANCELLED,
            TaskStatus.FAILED,
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED,
            TaskStatus.SUCCEEDED);
    for (int i = 0; i < outcomes.size(); i++) {
      Task task = outcomes.get(i).getOrThrow();
      assertThat(task.status()).as("report %d", i).isEqualTo(expected.get(i));
      assertThat(task.finishedAt()).as("report %d", i).isEqualTo(now);
      assertThat(task.leaseExpiresAt()).as("report %d ends the lease", i).isNull();
      assertThat(engine().get(task.tenant(), task.id())).as("report %d stored", i).isEqualTo(task);
    }
    assertThat(outcomes.get(0).getOrThrow().result()).isEqualTo("ok");
    assertThat(outcomes.get(2).getOrThrow().errorMessage()).isEqualTo("gone");
    assertThat(reload(foreign).status()).isEqualTo(TaskStatus.SUCCEEDED);

    Task bigAfter = assertBatch(big, new ChildCounters(6, 0, 1, 2, 2, 1));
    assertThat(bigAfter.version())
        .as("one counter update for five children")
        .isEqualTo(bigBefore.version() + 1);
    assertThat(bigAfter.updatedAt()).isEqualTo(now);
    assertThat(bigAfter.status()).isEqualTo(TaskStatus.RUNNING);
    Task smallAfter = assertBatch(small, new ChildCounters(3, 0, 0, 3, 0, 0));
    assertThat(smallAfter.version()).isEqualTo(smallBefore.version() + 1);
    assertThat(smallAfter.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(smallAfter.finishedAt()).isEqualTo(now);
  }

  @Test
  default void aBulkOfMoreTasksThanOneReadTakesIsReadAndWrittenWhole() {
    Task batch = newBatch(250);
    List<Task> claimed = claim(250);
    Task batchBefore = reload(batch);
    // An engine that claimed nothing holds no copies: it reads all 250 tasks, 100 ids at a time.
    TaskEngine otherNode = engineBuilder().build();
    List<HolderReport> reports = new ArrayList<>();
    for (Task task : claimed) {
      reports.add(HolderReport.succeeded(task.lease(), "r-" + task.resourceId()));
    }
    Instant now = clock().advance(Duration.ofSeconds(1));
    List<ReportOutcome> outcomes = otherNode.report(reports);

    for (int i = 0; i < claimed.size(); i++) {
      Task task = outcomes.get(i).getOrThrow();
      assertThat(task.id()).isEqualTo(claimed.get(i).id());
      assertThat(task.result()).isEqualTo("r-" + claimed.get(i).resourceId());
    }
    assertThat(childrenOf(batch)).extracting(Task::status).containsOnly(TaskStatus.SUCCEEDED);
    Task batchAfter = assertBatch(batch, new ChildCounters(250, 0, 0, 250, 0, 0));
    assertThat(batchAfter.version()).isEqualTo(batchBefore.version() + 1);
    assertThat(batchAfter.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(batchAfter.finishedAt()).isEqualTo(now);
  }

  @Test
  default void reportsOnOneTaskInOneCallAreMadeOneAfterAnother() {
    Task batch = newBatch(3);
    List<Task> claimed = claim(3);
    Task batchBefore = reload(batch);
    Instant now = clock().advance(Duration.ofSeconds(1));
    Lease first = claimed.get(0).lease();
    Lease second = claimed.get(1).lease();
    Lease third = claimed.get(2).lease();

    List<ReportOutcome> outcomes =
        engine()
            .report(
                List.of(
                    HolderReport.succeeded(first, "ok"),
                    HolderReport.succeeded(first, "ok"),
                    HolderReport.failed(first, "E", null),
                    HolderReport.succeeded(
                        new Lease(tenant(), second.taskId(), "intruder", 1), "x"),
                    HolderReport.failed(second, "E", "m"),
                    HolderReport.cancelled(third),
                    HolderReport.succeeded(third, "late"),
                    HolderReport.succeeded(third, "late")));

    Task succeeded = outcomes.get(0).getOrThrow();
    assertThat(succeeded.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(succeeded.version()).isEqualTo(claimed.get(0).version() + 1);
    assertThat(outcomes.get(1).getOrThrow())
        .as("the same report again: a no-op")
        .isEqualTo(succeeded);
    WorkFixture.expectLeaseLost(
        claimed.get(0), "another report after the task finished", outcomes.get(2)::getOrThrow);
    WorkFixture.expectLeaseLost(
        claimed.get(1), "another owner's lease", outcomes.get(3)::getOrThrow);
    assertThat(outcomes.get(4).getOrThrow().status())
        .as("the holder, after an intruder was refused")
        .isEqualTo(TaskStatus.FAILED);
    Tck.expectIllegal("confirming a cancel nobody asked for", outcomes.get(5)::getOrThrow);
    Task late = outcomes.get(6).getOrThrow();
    assertThat(late.status())
        .as("after a refused report, the holder's next")
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(outcomes.get(7).getOrThrow()).isEqualTo(late);
    for (int i : new int[] {0, 4, 6}) {
      Task task = outcomes.get(i).getOrThrow();
      assertThat(reload(task)).as("report %d stored", i).isEqualTo(task);
      assertThat(task.finishedAt()).isEqualTo(now);
    }
    Task batchAfter = assertBatch(batch, new ChildCounters(3, 0, 0, 2, 1, 0));
    assertThat(batchAfter.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(batchAfter.version()).isEqualTo(batchBefore.version() + 1);
  }

  @Test
  default void aRefusedReportWritesNothingAndTheOthersAreWritten() {
    Task batch = newBatch(2);
    List<Task> claimed = claim(2);
    List<HolderReport> reports = new ArrayList<>();
    reports.add(HolderReport.succeeded(claimed.get(0).lease(), "r".repeat(64 * 1024 + 1)));
    reports.add(null);
    reports.add(HolderReport.succeeded(new Lease(tenant(), "no-such-task", OWNER, 1), "x"));
    reports.add(HolderReport.failed(claimed.get(1).lease(), "E", null));
    List<ReportOutcome> outcomes = engine().report(reports);

    Tck.expectInvalid("a result past the limit", outcomes.get(0)::getOrThrow, "result");
    Tck.expectInvalid("no report", outcomes.get(1)::getOrThrow, "reports[1]");
    Tck.expectNotFound("an unknown task", outcomes.get(2)::getOrThrow);
    assertThat(outcomes.get(3).getOrThrow().status()).isEqualTo(TaskStatus.FAILED);
    assertThat(reload(claimed.get(0)))
        .as("the refused report wrote nothing")
        .isEqualTo(claimed.get(0));
    assertBatch(batch, new ChildCounters(2, 0, 1, 0, 1, 0));

    Task written = reload(batch);
    List<HolderReport> tooMany =
        Collections.nCopies(1_001, HolderReport.succeeded(claimed.get(0).lease(), "ok"));
    InvalidRequestException refused =
        Tck.expectInvalid("1,001 reports", () -> engine().report(tooMany), "reports");
    assertThat(refused.getMessage()).contains("1000");
    Tck.expectInvalid("no reports", () -> engine().report(List.of()), "reports");
    Tck.expectInvalid("a null list", () -> engine().report(null), "reports");
    assertThat(reload(claimed.get(0)))
        .as("a refused call writes nothing")
        .isEqualTo(claimed.get(0));
    assertThat(reload(batch)).isEqualTo(written);
  }

  // ---- races ---------------------------------------------------------------------------------

  @Test
  default void aBulkReportThatReadItsTasksBeforeTheSweepWroteDecidesThemAgain() throws Exception {
    Task batch =
        engine().submitBatch(batchSpec(tenant(), 3).retryPolicy(RetryPolicy.attempts(1)).build());
    List<Task> claimed = claim(3);
    Instant expiry = claimed.get(0).leaseExpiresAt();
    clock().advance(Duration.ofSeconds(10));
    Task renewed = engine().heartbeat(claimed.get(1).lease(), LEASE);
    // The worker's clock says every lease still holds; the sweeper's says the unrenewed ended.
    MutableClock workerTime = MutableClock.at(expiry.minusNanos(1_000));
    clock().set(expiry);

    Outcome<List<ReportOutcome>> late =
        Tck.interleaved(
            engineBuilder(),
            workerTime,
            worker ->
                worker.report(
                    List.of(
                        HolderReport.succeeded(claimed.get(0).lease(), "too late"),
                        HolderReport.succeeded(renewed.lease(), "in time"),
                        HolderReport.failed(claimed.get(2).lease(), "E", "too late"))),
            () -> sweep());

    assertThat(late.succeeded()).as("the bulk: %s", late.failure()).isTrue();
    List<ReportOutcome> outcomes = late.value();
    WorkFixture.expectLeaseLost(
        claimed.get(0), "read before the sweep", outcomes.get(0)::getOrThrow);
    WorkFixture.expectLeaseLost(
        claimed.get(2), "read before the sweep", outcomes.get(2)::getOrThrow);
    Task inTime = outcomes.get(1).getOrThrow();
    assertThat(inTime.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(reload(inTime)).isEqualTo(inTime);
    for (int i : new int[] {0, 2}) {
      WorkFixture.assertSweptTo(
          TaskStatus.FAILED, LEASE_EXPIRED, reload(claimed.get(i)), claimed.get(i), expiry);
    }
    assertThat(assertBatch(batch, new ChildCounters(3, 0, 0, 1, 2, 0)).status())
        .isEqualTo(TaskStatus.FAILED);
  }

  @Test
  default void bulkReportsRacingTheSweepLeaveExactlyOneOutcomePerTask() throws Exception {
    long seed =
        Seeds.seed("BulkReportContract.bulkReportsRacingTheSweepLeaveExactlyOneOutcomePerTask");
    Random random = new Random(seed);
    MutableClock workerTime = MutableClock.at(clock().instant());
    TaskEngine workerEngine = engineBuilder().clock(workerTime).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    int won = 0;
    int rounds = 3;
    try {
      for (int round = 0; round < rounds; round++) {
        int chunk = 1 + random.nextInt(4);
        won +=
            lateReportsRaceTheSweep(
                "round " + round + ", chunks of " + chunk + ", seed " + seed,
                new LateReportRace(pool, random, 24, 4, 4, workerTime),
                share -> {
                  Map<String, Outcome<Task>> reports = new HashMap<>();
                  for (int from = 0; from < share.size(); from += chunk) {
                    List<Task> part = share.subList(from, Math.min(share.size(), from + chunk));
                    List<HolderReport> bulk = new ArrayList<>();
                    part.forEach(task -> bulk.add(HolderReport.succeeded(task.lease(), "done")));
                    List<ReportOutcome> got = workerEngine.report(bulk);
                    for (int i = 0; i < part.size(); i++) {
                      reports.put(
                          part.get(i).id(),
                          new Outcome<>(
                              got.get(i).task().orElse(null), got.get(i).failure().orElse(null)));
                    }
                  }
                  return reports;
                });
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(
        "BulkReportContract.bulkReportsRacing...: the report won "
            + won
            + ", the sweep won "
            + (rounds * 32 - won));
  }

  @Test
  default void bulkReportsRacingACancelOfTheirBatchKeepItsCountersTrue() throws Exception {
    long seed =
        Seeds.seed("BulkReportContract.bulkReportsRacingACancelOfTheirBatchKeepItsCountersTrue");
    Random random = new Random(seed);
    int reporters = 6;
    ExecutorService pool = Executors.newFixedThreadPool(reporters + 2);
    try {
      for (int round = 0; round < 4; round++) {
        String where = "round " + round + ", seed " + seed;
        Task batch = newBatch(30);
        List<Task> claimed = claim(30);
        clock().advance(Duration.ofSeconds(1));
        Map<String, ReportOutcome> outcomes = new ConcurrentHashMap<>();
        List<Callable<Object>> racers = new ArrayList<>();
        for (int r = 0; r < reporters; r++) {
          // each reporter's share overlaps the next one's, so that bulk calls share tasks too
          List<Task> mine = new ArrayList<>();
          for (int i = 0; i < claimed.size(); i++) {
            if (i % reporters == r || i % reporters == (r + 1) % reporters) {
              mine.add(claimed.get(i));
            }
          }
          Collections.shuffle(mine, random);
          racers.add(
              () -> {
                for (int from = 0; from < mine.size(); from += 5) {
                  List<Task> part = mine.subList(from, Math.min(mine.size(), from + 5));
                  List<HolderReport> reports = new ArrayList<>();
                  part.forEach(task -> reports.add(HolderReport.succeeded(task.lease(), "done")));
                  List<ReportOutcome> got = engine().report(reports);
                  for (int i = 0; i < part.size(); i++) {
                    outcomes.merge(
                        part.get(i).id(),
                        got.get(i),
                        (first, second) -> first.isRefused() ? second : first);
                  }
                }
                return null;
              });
        }
        for (int c = 0; c < 2; c++) {
          racers.add(() -> engine().cancel(tenant(), batch.id()));
        }
        List<Outcome<Object>> raced = Tck.race(pool, racers);
        for (int r = 0; r < raced.size(); r++) {
          Throwable failure = raced.get(r).failure();
          // a cancel that comes once every child succeeded is refused: the batch finished
          if (failure != null && !(r >= reporters && Tck.isLostRace(failure))) {
            throw new AssertionError(where + ": racer " + r + " failed", failure);
          }
        }
        for (Task task : claimed) {
          // succeed is allowed on a RUNNING and on a CANCELLING task: every report stands
          Task reported = outcomes.get(task.id()).getOrThrow();
          assertThat(reported.status()).as(where).isEqualTo(TaskStatus.SUCCEEDED);
          assertThat(reload(task)).as(where).isEqualTo(reported);
        }
        Task stored = assertBatch(batch, new ChildCounters(30, 0, 0, 30, 0, 0));
        assertThat(stored.status())
            .as("%s: every child succeeded", where)
            .isEqualTo(TaskStatus.SUCCEEDED);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
