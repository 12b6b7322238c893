package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.MutableClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo's seeded tasks answer the README's curl examples (the test config's first account plays
 * the demo account), and the demo's workers claim, heartbeat, report and crash through the
 * operators' API over HTTP, as the operator {@code alpha-worker} (scoped to alpha's tenants, as the
 * demo operator is to the demo account's), while the test sweeps, on a clock the test moves a tick
 * at a time. The server runs with the limits {@code --demo} runs with.
 */
class DemoHttpTest extends HttpTestBase {
  private static final String WORKERS_OPERATOR = "alpha-worker";

  /** One audit line of the operators' API: who, which path, the status and the outcome. */
  private static final Pattern AUDIT =
      Pattern.compile("operator (\\S+) POST (\\S+) -> (\\d{3}) ?(.*)");

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-05T09:00:00Z"));

  @Override
  Clock clock() {
    return clock;
  }

  /** What {@code --demo} runs with: the defaults, with their per-caller rate limit. */
  @Override
  ServerLimits limits() {
    return Main.Options.parse(List.of("--demo"), null).limits();
  }

  private Demo demo(List<String> story) {
    String token = ALPHA_OPERATOR.substring("Bearer ".length());
    assertThat(Demo.workerOperator(config, token).name()).isEqualTo(WORKERS_OPERATOR);
    return new Demo(
        engine, config, clock, 42, story::add, new OpsClient(server.uri(), token, null));
  }

  @Test
  void theReadmeRequestsFindTheSeededTasksAndTheWorkersRunThemUnderLeases() {
    List<String> story = new ArrayList<>();
    Demo demo = demo(story);
    demo.seed();
    demo.seed(); // a second start on the same database changes nothing

    JsonNode cloudPhone = json(rpc(cloudPhone(ALPHA_AK, "InvokeId", Demo.CLOUD_PHONE_INVOKE_ID)));
    assertThat(cloudPhone.get("Data")).hasSize(3);
    JsonNode ecsTasks = json(rpc(ecs(ALPHA_AK)));
    assertThat(ecsTasks.get("TotalCount").asInt()).isEqualTo(6);
    HttpResponse<String> jobs =
        get(
            "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?request_id=" + Demo.CPH_REQUEST_ID,
            "X-Auth-Token",
            ALPHA_TOKEN);
    assertThat(json(jobs).get("jobs")).hasSize(2);
    HttpResponse<String> command =
        get(
            "/v1/instances/tasks/" + Demo.KOOPHONE_TASK_ID,
            "X-Auth-Token",
            ALPHA_TOKEN,
            "x-request-id",
            "demo-1");
    assertThat(command.statusCode()).as(command.body()).isEqualTo(200);
    assertThat(json(command).get("data").get("jobs")).hasSize(10);
    int seeded = instances(demo).size();

    // A minute of the demo: the workers tick, the sweeper (here, the test) runs every second.
    List<Audit> audit;
    try (ConsoleCapture console = ConsoleCapture.start()) {
      for (int tick = 1; tick <= 120; tick++) {
        demo.tick();
        clock.advance(Demo.TICK);
        if (tick % 2 == 0) {
          engine.sweepExpired(1_000);
        }
      }
      demo.close();
      audit = audit(console.text());
    }

    List<Task> instances = instances(demo);
    assertThat(instances.size()).isGreaterThan(seeded); // new batches arrived
    Map<TaskStatus, Long> byStatus =
        instances.stream().collect(Collectors.groupingBy(Task::status, Collectors.counting()));
    assertThat(byStatus.getOrDefault(TaskStatus.SUCCEEDED, 0L))
        .as(byStatus.toString())
        .isGreaterThan(30);
    // Crashed attempts were retried, and a retry succeeded.
    assertThat(instances)
        .anyMatch(task -> task.attempt() >= 2 && task.status() == TaskStatus.SUCCEEDED);
    // The broken phone crashed its worker on each of its three attempts.
    List<Task> broken =
        instances.stream().filter(task -> Demo.BROKEN_PHONE.equals(task.resourceId())).toList();
    assertThat(broken)
        .anySatisfy(
            task -> {
              assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
              assertThat(task.errorCode()).isEqualTo(SweepResult.LEASE_EXPIRED);
              assertThat(task.attempt()).isEqualTo(Demo.RETRY_POLICY.maxAttempts());
            });
    assertThat(broken).noneMatch(task -> task.status() == TaskStatus.SUCCEEDED);
    // The stuck phone of the batch with a run-time limit failed at its deadline.
    assertThat(instances)
        .filteredOn(task -> Demo.STUCK_PHONE.equals(task.resourceId()) && task.maxRunTime() != null)
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
              assertThat(task.errorCode()).isEqualTo(SweepResult.DEADLINE_EXCEEDED);
            });
    // The story tells it: claims, crashes, retries, and the sweeper's verdicts.
    assertThat(story)
        .anyMatch(line -> line.matches("\\S+ worker-\\d claimed in .*attempt 1\\).*"))
        .anyMatch(line -> line.contains("crashed working on"))
        .anyMatch(line -> line.contains("expired: PENDING again, claimable in"))
        .anyMatch(line -> line.contains(", a retry)"))
        .anyMatch(
            line -> line.contains("expired on its last attempt (3 of 3): FAILED LeaseExpired"))
        .anyMatch(
            line -> line.matches(".* lost the lease of .*: it is FAILED DeadlineExceeded now.*"))
        .anyMatch(line -> line.matches(".* succeeded .*; batch t-\\S+ \\w+: \\d+ total, .*"));
    assertWorkersCalledTheOperatorsApi(story, audit);
    // Every batch's counters equal a recount of its children.
    Map<String, List<Task>> children =
        instances.stream()
            .filter(task -> task.parentId() != null)
            .collect(Collectors.groupingBy(Task::parentId));
    for (Map.Entry<String, List<Task>> batch : children.entrySet()) {
      Task parent = engine.get(batch.getValue().get(0).tenant(), batch.getKey());
      assertThat(parent.counters()).as(parent.id()).isEqualTo(recount(batch.getValue()));
    }
  }

  /** An audit line of the operators' API. */
  private record Audit(String operator, String path, int status, String outcome) {}

  private static List<Audit> audit(String console) {
    List<Audit> lines = new ArrayList<>();
    Matcher matcher = AUDIT.matcher(console);
    while (matcher.find()) {
      lines.add(
          new Audit(
              matcher.group(1),
              matcher.group(2),
              Integer.parseInt(matcher.group(3)),
              matcher.group(4).strip()));
    }
    return lines;
  }

  /**
   * Every claim and report of the story is a call of the operators' API by the workers' operator
   * (its audit line), every one of its calls was answered 200 or, for the worker whose task the
   * sweeper decided, 409 LEASE_LOST: none was throttled, queued out or refused.
   */
  private static void assertWorkersCalledTheOperatorsApi(List<String> story, List<Audit> audit) {
    List<Audit> workers =
        audit.stream().filter(line -> line.operator().equals(WORKERS_OPERATOR)).toList();
    assertThat(workers).isNotEmpty();
    assertThat(workers)
        .allSatisfy(
            line ->
                assertThat(line.status() == 200 || line.outcome().equals("LEASE_LOST"))
                    .as(line.toString())
                    .isTrue());

    // The tasks the story says were claimed are the ones the claim calls handed out, retries too.
    List<String> claimedInStory = new ArrayList<>();
    Matcher claimed = Pattern.compile("(\\S+) \\(\\w+ \\S+, attempt \\d").matcher("");
    for (String line : story) {
      if (line.contains(" claimed in ")) {
        claimed.reset(line);
        while (claimed.find()) {
          claimedInStory.add(claimed.group(1));
        }
      }
    }
    List<String> claimedOverHttp = new ArrayList<>();
    for (Audit line : workers) {
      if (line.path().endsWith("/claims")) {
        assertThat(line.path()).matches("/ops/v1/tenants/alpha:[^/]+/claims");
        for (String task : line.outcome().split(" ")) {
          if (task.contains("/")) {
            claimedOverHttp.add(task.substring(task.lastIndexOf('/') + 1));
          }
        }
      }
    }
    assertThat(claimedInStory).hasSizeGreaterThan(30);
    assertThat(claimedOverHttp).containsExactlyInAnyOrderElementsOf(claimedInStory);

    // Each report of the story is a report call of its lease holder.
    Pattern reported =
        Pattern.compile(".* worker-\\d (?:succeeded|failed \\(CPS0005\\)) (\\S+) .*");
    List<String> reportedInStory =
        story.stream()
            .map(reported::matcher)
            .filter(Matcher::matches)
            .map(matcher -> matcher.group(1))
            .toList();
    List<String> reportedOverHttp =
        workers.stream()
            .filter(line -> line.path().endsWith("/report") && line.status() == 200)
            .map(line -> line.outcome().substring("task ".length()))
            .toList();
    assertThat(reportedInStory).hasSizeGreaterThan(30);
    assertThat(reportedOverHttp).containsExactlyInAnyOrderElementsOf(reportedInStory);

    // Heartbeats renewed leases, and the stuck phone's worker learnt from one that it lost its.
    assertThat(workers)
        .anyMatch(line -> line.path().endsWith("/heartbeat") && line.status() == 200)
        .anyMatch(
            line -> line.path().endsWith("/heartbeat") && line.outcome().equals("LEASE_LOST"));
  }

  /** Every instance task of the demo's tenants. */
  private List<Task> instances(Demo demo) {
    List<Task> all = new ArrayList<>();
    for (String tenant : demo.tenants()) {
      TaskQuery query = TaskQuery.builder(tenant).level(Level.INSTANCE).build();
      String token = null;
      do {
        Page<Task> page = engine.query(query, new PageRequest(token, 100));
        all.addAll(page.items());
        token = page.nextToken().orElse(null);
      } while (token != null);
    }
    return all;
  }

  private static ChildCounters recount(List<Task> children) {
    Function<TaskStatus, Integer> count =
        status -> (int) children.stream().filter(task -> task.status() == status).count();
    return new ChildCounters(
        children.size(),
        count.apply(TaskStatus.PENDING),
        count.apply(TaskStatus.RUNNING) + count.apply(TaskStatus.CANCELLING),
        count.apply(TaskStatus.SUCCEEDED),
        count.apply(TaskStatus.FAILED),
        count.apply(TaskStatus.CANCELLED));
  }
}
