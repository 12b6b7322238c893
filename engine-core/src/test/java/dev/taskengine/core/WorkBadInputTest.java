package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.HolderReport;
import dev.taskengine.api.Lease;
import dev.taskengine.api.Limits;
import dev.taskengine.api.ReportOutcome;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.core.BadInputTest.Rejections;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the work-governance calls: each is refused with an {@link
 * dev.taskengine.api.InvalidRequestException} naming the field (and the limit, where there is one),
 * and nothing is written.
 */
class WorkBadInputTest extends EngineOnMemoryStore {

  private ClaimRequest.Builder claim() {
    return ClaimRequest.forTenant(tenant).owner("worker-1").lease(Duration.ofSeconds(30));
  }

  @Test
  void claimsRefuseBadRequests() {
    Task pending = newSingle();
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    rejections.expect("claim(null)", () -> engine.claim(null), "claim");
    for (String owner : Arrays.asList(null, "", "  ")) {
      rejections.expect(
          "owner " + owner, () -> engine.claim(claim().owner(owner).build()), "owner");
    }
    rejections.expect(
        "owner too long",
        BadInputTest.SHORT_LIMIT,
        () -> engine.claim(claim().owner(BadInputTest.LONG).build()),
        "owner");
    for (Duration lease : Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(-1))) {
      rejections.expect(
          "lease " + lease, () -> engine.claim(claim().lease(lease).build()), "lease");
    }
    rejections.expect(
        "lease past the limit",
        List.of("PT24H"),
        () -> engine.claim(claim().lease(Duration.ofHours(25)).build()),
        "lease");
    for (int limit : new int[] {0, -1, 1_001, Integer.MAX_VALUE}) {
      rejections.expect(
          "limit " + limit,
          List.of("1000"),
          () -> engine.claim(claim().limit(limit).build()),
          "limit");
    }
    Set<String> tooMany =
        IntStream.range(0, 101).mapToObj(i -> "type-" + i).collect(Collectors.toSet());
    rejections.expect(
        "101 types",
        BadInputTest.FILTER_LIMIT,
        () -> engine.claim(claim().types(tooMany).build()),
        "types");
    rejections.expect(
        "101 resource ids",
        BadInputTest.FILTER_LIMIT,
        () -> engine.claim(claim().resourceIds(tooMany).build()),
        "resourceIds");
    rejections.expect("a blank type", () -> engine.claim(claim().types(" ").build()), "types");
    rejections.expect(
        "a type too long",
        BadInputTest.SHORT_LIMIT,
        () -> engine.claim(claim().types(BadInputTest.LONG).build()),
        "types");
    rejections.expect("a blank tenant", () -> ClaimRequest.forTenant(" "), "tenant");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);
    assertThat(engine.get(tenant, pending.id()).status()).isEqualTo(pending.status());
  }

  @Test
  void heartbeatsAndLeaseReportsRefuseBadArguments() {
    newSingle();
    Task claimed = engine.claim(claim().build()).get(0);
    Lease lease = claimed.lease();
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    rejections.expect(
        "heartbeat(null lease)", () -> engine.heartbeat(null, Duration.ofSeconds(1)), "lease");
    for (Duration extension : Arrays.asList(null, Duration.ZERO, Duration.ofMillis(-5))) {
      rejections.expect(
          "extension " + extension, () -> engine.heartbeat(lease, extension), "extension");
    }
    rejections.expect(
        "extension past the limit",
        List.of("PT24H"),
        () -> engine.heartbeat(lease, Duration.ofDays(2)),
        "extension");
    rejections.expect(
        "progress too large",
        BadInputTest.PAYLOAD_LIMIT,
        () -> engine.heartbeat(lease, Duration.ofSeconds(5), "a".repeat(65_537)),
        "progress");
    rejections.expect(
        "a lease with a blank owner", () -> new Lease(tenant, claimed.id(), " ", 1), "owner");
    rejections.expect(
        "a lease of attempt 0", () -> new Lease(tenant, claimed.id(), "w", 0), "attempt");
    rejections.expect(
        "a lease with an owner too long",
        BadInputTest.SHORT_LIMIT,
        () -> engine.succeed(new Lease(tenant, claimed.id(), BadInputTest.LONG, 1), "r"),
        "owner");
    rejections.expect("succeed(null lease)", () -> engine.succeed((Lease) null, "r"), "lease");
    rejections.expect("fail without a code", () -> engine.fail(lease, null, "m"), "errorCode");
    rejections.expect(
        "result too large",
        BadInputTest.PAYLOAD_LIMIT,
        () -> engine.succeed(lease, "a".repeat(65_537)),
        "result");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);
  }

  @Test
  void bulkReportsRefuseBadCallsWholeAndBadReportsAlone() {
    newSingle();
    newSingle();
    List<Task> claimed = engine.claim(claim().limit(2).build());
    Lease lease = claimed.get(0).lease();
    HolderReport good = HolderReport.succeeded(claimed.get(1).lease(), "done");
    List<Task> before = stored(tenant);
    Rejections rejections = new Rejections();
    // the call as a whole: nothing written
    rejections.expect("report(null)", () -> engine.report(null), "reports");
    rejections.expect("no reports", () -> engine.report(List.of()), "reports");
    rejections.expect(
        "1,001 reports",
        List.of("1000"),
        () -> engine.report(Collections.nCopies(1_001, good)),
        "reports");
    rejections.expect(
        "more than a smaller limit",
        List.of("2"),
        () ->
            engineBuilder()
                .limits(Limits.defaults().toBuilder().maxReportSize(2).build())
                .build()
                .report(List.of(good, good, good)),
        "reports");
    rejections.expect(
        "a zero report limit",
        () -> Limits.defaults().toBuilder().maxReportSize(0).build(),
        "maxReportSize");
    // a report as it is made
    rejections.expect("no lease", () -> HolderReport.succeeded(null, "r"), "lease");
    for (String code : Arrays.asList(null, "", " ")) {
      rejections.expect(
          "error code " + code, () -> HolderReport.failed(lease, code, "m"), "errorCode");
    }
    rejections.expect(
        "a running report",
        () -> new HolderReport(lease, TaskStatus.RUNNING, null, null, null),
        "status");
    rejections.expect(
        "a success with an error code",
        () -> new HolderReport(lease, TaskStatus.SUCCEEDED, "r", "E", null),
        "errorCode");
    rejections.expect(
        "a confirmed cancel with a result",
        () -> new HolderReport(lease, TaskStatus.CANCELLED, "r", null, null),
        "result");
    // a report past a limit, refused alone in its outcome, as the single call refuses it
    rejections.expect(
        "a result too large",
        BadInputTest.PAYLOAD_LIMIT,
        () -> reportAlongside(good, HolderReport.succeeded(lease, "a".repeat(65_537))),
        "result");
    rejections.expect(
        "an error message too large",
        BadInputTest.PAYLOAD_LIMIT,
        () -> reportAlongside(good, HolderReport.failed(lease, "E", "a".repeat(65_537))),
        "errorMessage");
    rejections.expect(
        "an error code too long",
        BadInputTest.SHORT_LIMIT,
        () -> reportAlongside(good, HolderReport.failed(lease, BadInputTest.LONG, null)),
        "errorCode");
    rejections.expect(
        "a lease owner too long",
        BadInputTest.SHORT_LIMIT,
        () ->
            reportAlongside(
                good,
                HolderReport.cancelled(new Lease(tenant, lease.taskId(), BadInputTest.LONG, 1))),
        "owner");
    rejections.expect("a null report", () -> reportAlongside(good, null), "reports");
    rejections.assertAll();
    Task done = engine.get(tenant, good.lease().taskId());
    assertThat(done.status())
        .as("the good report beside each bad one")
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(engine.get(tenant, lease.taskId()))
        .as("every bad report wrote nothing")
        .isEqualTo(claimed.get(0));
    assertThat(stored(tenant)).hasSameSizeAs(before);
  }

  /**
   * Reports {@code good} and then {@code bad} in one call; returns the good one's task and throws
   * what the bad one was refused with.
   */
  private Task reportAlongside(HolderReport good, HolderReport bad) {
    List<ReportOutcome> outcomes = engine.report(Arrays.asList(good, bad));
    Task task = outcomes.get(0).getOrThrow();
    outcomes.get(1).getOrThrow();
    return task;
  }

  @Test
  void sweepsRefuseSizesOutsideTheLimit() {
    Rejections rejections = new Rejections();
    for (int limit : new int[] {0, -3, 10_001}) {
      rejections.expect(
          "sweep of " + limit, List.of("10000"), () -> engine.sweepExpired(limit), "limit");
    }
    rejections.assertAll();
  }

  @Test
  void specsRefuseDeadlinesAndRunTimesThatMakeNoSense() {
    List<Task> before = stored(tenant);
    Instant now = clock.instant();
    Rejections rejections = new Rejections();
    for (Instant deadline : List.of(now, now.minusSeconds(1), now.plus(Duration.ofDays(3651)))) {
      rejections.expect(
          "deadline " + deadline,
          () -> engine.submit(TaskSpec.builder(tenant, TYPE).deadline(deadline).build()),
          "deadline");
      rejections.expect(
          "batch deadline " + deadline,
          () ->
              engine.submitBatch(
                  BatchSpec.builder(tenant, TYPE).child("r").deadline(deadline).build()),
          "deadline");
    }
    for (Duration runTime : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(3651))) {
      rejections.expect(
          "maxRunTime " + runTime,
          () -> engine.submit(TaskSpec.builder(tenant, TYPE).maxRunTime(runTime).build()),
          "maxRunTime");
    }
    rejections.expect("negative attempts", () -> RetryPolicy.attempts(-1), "maxAttempts");
    rejections.expect(
        "a cap below the base",
        () -> new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(5)),
        "maxBackoff");
    rejections.assertAll();
    assertThat(stored(tenant)).as("nothing written").isEqualTo(before);
  }

  @Test
  void theBuilderRefusesASweeperThatMakesNoSense() {
    Rejections rejections = new Rejections();
    rejections.expect("no interval", () -> engineBuilder().sweeper(null), "interval");
    rejections.expect("zero interval", () -> engineBuilder().sweeper(Duration.ZERO), "interval");
    rejections.expect(
        "zero per sweep", () -> engineBuilder().sweeper(Duration.ofSeconds(1), 0), "limitPerSweep");
    rejections.expect(
        "more per sweep than the limit",
        () -> engineBuilder().sweeper(Duration.ofSeconds(1), 10_001).build(),
        "limitPerSweep");
    rejections.expect("no retry policy", () -> engineBuilder().retryPolicy(null), "retryPolicy");
    rejections.expect(
        "a zero claim limit",
        () -> Limits.defaults().toBuilder().maxClaimSize(0).build(),
        "maxClaimSize");
    rejections.expect(
        "a zero lease limit",
        () -> Limits.defaults().toBuilder().maxLease(Duration.ZERO).build(),
        "maxLease");
    rejections.assertAll();
  }

  @Test
  void aRepeatedClientTokenWithOtherWorkSettingsIsAConflict() {
    TaskSpec.Builder spec = TaskSpec.builder(tenant, TYPE).clientToken("token-1");
    Task first = engine.submit(spec.deadline(clock.instant().plusSeconds(60)).build());
    assertThat(engine.submit(spec.build())).isEqualTo(first);
    Failures.expect(
        dev.taskengine.api.IdempotencyConflictException.class,
        "another deadline",
        () -> engine.submit(spec.deadline(clock.instant().plusSeconds(61)).build()));
    Failures.expect(
        dev.taskengine.api.IdempotencyConflictException.class,
        "another retry policy",
        () ->
            engine.submit(
                spec.deadline(clock.instant().plusSeconds(60))
                    .retryPolicy(RetryPolicy.attempts(7))
                    .build()));
  }
}
