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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo's seeded tasks answer the README's curl examples (the test config's first account plays
 * the demo account), and the demo's workers claim, heartbeat, report and crash while the test
 * sweeps, on a clock the test moves a tick at a time.
 */
class DemoHttpTest extends HttpTestBase {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-05T09:00:00Z"));

  @Override
  Clock clock() {
    return clock;
  }

  @Test
  void theReadmeRequestsFindTheSeededTasksAndTheWorkersRunThemUnderLeases() {
    List<String> story = new ArrayList<>();
    Demo demo = new Demo(engine, config, clock, 42, story::add);
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
    for (int tick = 1; tick <= 120; tick++) {
      demo.tick();
      clock.advance(Demo.TICK);
      if (tick % 2 == 0) {
        engine.sweepExpired(1_000);
      }
    }
    demo.close();

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
