package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.tck.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The operators' API for a provider's workers: claims of one tenant or of all tenants, heartbeats,
 * the lease holder's reports, and their refusals, over HTTP on a clock the test moves (leases
 * expire without sleeping; the test sweeps where the server's sweeper would).
 */
class WorkApiHttpTest extends HttpTestBase {
  private static final String ALPHA = "alpha:eds-aic:cn-hangzhou";
  private static final String BASE = "/ops/v1/tenants/" + ALPHA;

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-05T10:00:00Z"));
  private final AtomicInteger types = new AtomicInteger();

  @Override
  Clock clock() {
    return clock;
  }

  /** A task type no other test of the class uses, so that its claims see only its own tasks. */
  private String uniqueType() {
    return "Work" + types.incrementAndGet();
  }

  private HttpResponse<String> ops(String operator, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", operator)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> ops(String path, String body) {
    return ops(OPERATOR, path, body);
  }

  private JsonNode get(String tenant, String id) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/ops/v1/tenants/" + tenant + "/tasks/" + id))
                .header("Authorization", OPERATOR)
                .GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static void assertOpsError(
      HttpResponse<String> response, int status, String code, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("code").asText()).as(response.body()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotEmpty();
    if (field == null) {
      assertThat(body.has("field")).as(response.body()).isFalse();
    } else {
      assertThat(body.path("field").asText()).as(response.body()).isEqualTo(field);
    }
  }

  /** A batch of {@code type} in {@code tenant} with one child per resource; returns its id. */
  private String batch(String tenant, String type, String... resources) {
    StringBuilder children = new StringBuilder();
    for (String resource : resources) {
      children.append(children.length() == 0 ? "" : ",");
      children.append("{\"resourceId\":\"").append(resource).append("\"}");
    }
    HttpResponse<String> created =
        ops(
            "/ops/v1/tenants/" + tenant + "/batches",
            "{\"type\":\"" + type + "\",\"children\":[" + children + "]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  private static List<JsonNode> tasks(JsonNode claimed) {
    assertThat(fieldNames(claimed)).containsExactly("tasks");
    List<JsonNode> tasks = new ArrayList<>();
    claimed.get("tasks").forEach(tasks::add);
    return tasks;
  }

  /** Claims up to 5 of {@link #ALPHA}'s tasks of {@code type} as {@code owner}, leased 30 s. */
  private List<JsonNode> claimAs(String owner, String type) {
    return tasks(
        ok(
            ops(
                BASE + "/claims",
                "{\"owner\":\""
                    + owner
                    + "\",\"leaseSeconds\":30,\"limit\":5,\"types\":[\""
                    + type
                    + "\"]}")));
  }

  private static String lease(JsonNode task, String owner) {
    return "\"owner\":\"" + owner + "\",\"attempt\":" + task.get("attempt").asInt();
  }

  @Test
  void aWorkerClaimsHeartbeatsAndReportsAsTheLeaseHolder() {
    String type = uniqueType();
    String batch = batch(ALPHA, type, "acp-1", "acp-2");
    Instant claimedAt = clock.instant();

    List<JsonNode> claimed = claimAs("agent-7", type);
    assertThat(claimed).hasSize(2);
    for (JsonNode task : claimed) {
      assertThat(task.get("status").asText()).isEqualTo("RUNNING");
      assertThat(task.get("parentId").asText()).isEqualTo(batch);
      assertThat(task.get("attempt").asInt()).isEqualTo(1);
      assertThat(task.get("leaseOwner").asText()).isEqualTo("agent-7");
      assertThat(Instant.parse(task.get("leaseExpiresAt").asText()))
          .isEqualTo(claimedAt.plusSeconds(30));
    }
    assertThat(claimed.get(0).get("resourceId").asText()).isEqualTo("acp-1");
    JsonNode running = get(ALPHA, batch);
    assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    assertThat(running.get("counters").get("running").asInt()).isEqualTo(2);
    // Nothing more of this type is claimable.
    assertThat(
            tasks(
                ok(
                    ops(
                        BASE + "/claims",
                        "{\"owner\":\"agent-8\",\"leaseSeconds\":30,\"types\":[\""
                            + type
                            + "\"]}"))))
        .isEmpty();

    JsonNode first = claimed.get(0);
    String firstPath = BASE + "/tasks/" + first.get("id").asText();
    clock.advance(Duration.ofSeconds(20));
    JsonNode renewed =
        ok(
            ops(
                firstPath + "/heartbeat",
                "{" + lease(first, "agent-7") + ",\"leaseSeconds\":60,\"progress\":\"50%\"}"));
    assertThat(renewed.get("result").asText()).isEqualTo("50%");
    assertThat(Instant.parse(renewed.get("leaseExpiresAt").asText()))
        .isEqualTo(clock.instant().plusSeconds(60));
    JsonNode silent =
        ok(ops(firstPath + "/heartbeat", "{" + lease(first, "agent-7") + ",\"leaseSeconds\":60}"));
    assertThat(silent.get("result").asText()).isEqualTo("50%");

    String succeed =
        "{" + lease(first, "agent-7") + ",\"status\":\"SUCCEEDED\",\"result\":\"rebooted\"}";
    JsonNode succeeded = ok(ops(firstPath + "/report", succeed));
    assertThat(succeeded.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(succeeded.get("leaseOwner").asText()).isEqualTo("agent-7");
    assertThat(succeeded.has("leaseExpiresAt")).isFalse();
    // The same report again, as the same holder: the task as it is.
    assertThat(ok(ops(firstPath + "/report", succeed)).get("version").asLong())
        .isEqualTo(succeeded.get("version").asLong());

    JsonNode second = claimed.get(1);
    JsonNode failed =
        ok(
            ops(
                BASE + "/tasks/" + second.get("id").asText() + "/report",
                "{"
                    + lease(second, "agent-7")
                    + ",\"status\":\"FAILED\",\"errorCode\":\"CPS0005\",\"errorMessage\":\"gone\"}"));
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("errorCode").asText()).isEqualTo("CPS0005");
    JsonNode done = get(ALPHA, batch);
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("counters").get("succeeded").asInt()).isEqualTo(1);
    assertThat(done.get("counters").get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void manyReportsInOneCallAreEachAnsweredAsTheirOwnReportWouldBe() {
    String type = uniqueType();
    String batch = batch(ALPHA, type, "acp-1", "acp-2", "acp-3");
    List<JsonNode> claimed = claimAs("agent-7", type);
    assertThat(claimed).hasSize(3);
    clock.advance(Duration.ofSeconds(5));
    String first = "\"taskId\":\"" + claimed.get(0).get("id").asText() + "\"";
    String second = "\"taskId\":\"" + claimed.get(1).get("id").asText() + "\"";
    String third = "\"taskId\":\"" + claimed.get(2).get("id").asText() + "\"";
    String reports =
        String.join(
            ",",
            "{" + first + "," + lease(claimed.get(0), "agent-7") + ",\"status\":\"SUCCEEDED\"}",
            "{"
                + second
                + ","
                + lease(claimed.get(1), "agent-7")
                + ",\"status\":\"failed\",\"errorCode\":\"CPS0005\"}",
            "{" + third + "," + lease(claimed.get(2), "agent-8") + ",\"status\":\"SUCCEEDED\"}",
            "{\"taskId\":\"no-such-task\",\"owner\":\"agent-7\",\"attempt\":1,\"status\":\"CANCELLED\"}",
            "{" + third + ",\"owner\":\"agent-7\",\"status\":\"SUCCEEDED\"}",
            "{" + third + "," + lease(claimed.get(2), "agent-7") + ",\"status\":\"RUNNING\"}",
            "{" + third + "," + lease(claimed.get(2), "agent-7") + ",\"status\":\"FAILED\"}",
            "null");
    JsonNode answer = ok(ops(BASE + "/reports", "{\"reports\":[" + reports + "]}"));

    assertThat(fieldNames(answer)).containsExactly("outcomes");
    List<JsonNode> outcomes = new ArrayList<>();
    answer.get("outcomes").forEach(outcomes::add);
    assertThat(outcomes).hasSize(8);
    assertThat(outcomes.get(0).get("task").get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcomes.get(1).get("task").get("errorCode").asText()).isEqualTo("CPS0005");
    String[][] refused = {
      {"2", "LEASE_LOST", null},
      {"3", "TASK_NOT_FOUND", null},
      {"4", "INVALID_REQUEST", "reports[4].attempt"},
      {"5", "INVALID_REQUEST", "reports[5].status"},
      {"6", "INVALID_REQUEST", "reports[6].errorCode"},
      {"7", "INVALID_REQUEST", "reports[7]"}
    };
    for (String[] expected : refused) {
      JsonNode outcome = outcomes.get(Integer.parseInt(expected[0]));
      assertThat(outcome.has("task")).as(outcome.toString()).isFalse();
      JsonNode error = outcome.get("error");
      assertThat(error.get("code").asText()).as(outcome.toString()).isEqualTo(expected[1]);
      assertThat(error.get("message").asText()).isNotEmpty();
      assertThat(error.path("field").asText(null)).as(outcome.toString()).isEqualTo(expected[2]);
    }
    JsonNode stored = get(ALPHA, batch);
    assertThat(stored.get("counters").get("succeeded").asInt()).isEqualTo(1);
    assertThat(stored.get("counters").get("failed").asInt()).isEqualTo(1);
    assertThat(stored.get("counters").get("running").asInt()).isEqualTo(1);
    assertThat(get(ALPHA, claimed.get(2).get("id").asText()).get("status").asText())
        .as("every report on the third task was refused")
        .isEqualTo("RUNNING");

    assertOpsError(ops(BASE + "/reports", "{\"reports\":[]}"), 400, "INVALID_REQUEST", "reports");
    assertOpsError(ops(BASE + "/reports", "{}"), 400, "INVALID_REQUEST", "reports");
    String many =
        String.join(
            ",",
            java.util.Collections.nCopies(
                1_001,
                "{"
                    + third
                    + ","
                    + lease(claimed.get(2), "agent-7")
                    + ",\"status\":\"SUCCEEDED\"}"));
    assertOpsError(
        ops(BASE + "/reports", "{\"reports\":[" + many + "]}"), 400, "INVALID_REQUEST", "reports");
    assertThat(get(ALPHA, claimed.get(2).get("id").asText()).get("status").asText())
        .as("a refused call writes nothing")
        .isEqualTo("RUNNING");
  }

  @Test
  void aLostLeaseIsRefusedWithLeaseLostAndTheRetryBelongsToTheNextClaim() {
    String type = uniqueType();
    HttpResponse<String> created =
        ops(
            BASE + "/tasks",
            "{\"type\":\""
                + type
                + "\",\"resourceId\":\"acp-9\",\"retryPolicy\":{\"maxAttempts\":2,"
                + "\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT1S\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String claim = "{\"owner\":\"agent-1\",\"leaseSeconds\":10,\"types\":[\"" + type + "\"]}";
    JsonNode first = tasks(ok(ops(BASE + "/claims", claim))).get(0);
    String path = BASE + "/tasks/" + first.get("id").asText();
    assertThat(first.get("retryPolicy").get("maxAttempts").asInt()).isEqualTo(2);

    // Another owner, or an attempt it does not hold, is refused while the lease is live.
    assertOpsError(
        ops(path + "/heartbeat", "{" + lease(first, "agent-2") + ",\"leaseSeconds\":10}"),
        409,
        "LEASE_LOST",
        null);
    assertOpsError(
        ops(path + "/heartbeat", "{\"owner\":\"agent-1\",\"attempt\":2,\"leaseSeconds\":10}"),
        409,
        "LEASE_LOST",
        null);

    // The lease runs out; the sweep returns the task to PENDING for its second attempt.
    clock.advance(Duration.ofSeconds(10));
    SweepResult swept = engine.sweepExpired(1_000);
    assertThat(swept.retried()).isGreaterThanOrEqualTo(1);
    JsonNode pending = get(ALPHA, first.get("id").asText());
    assertThat(pending.get("status").asText()).isEqualTo("PENDING");
    assertThat(pending.has("leaseOwner")).isFalse();

    String zombie =
        "{" + lease(first, "agent-1") + ",\"status\":\"SUCCEEDED\",\"result\":\"late\"}";
    assertOpsError(ops(path + "/report", zombie), 409, "LEASE_LOST", null);
    assertOpsError(
        ops(path + "/heartbeat", "{" + lease(first, "agent-1") + ",\"leaseSeconds\":10}"),
        409,
        "LEASE_LOST",
        null);

    clock.advance(Duration.ofSeconds(1));
    JsonNode retry = tasks(ok(ops(BASE + "/claims", claim))).get(0);
    assertThat(retry.get("id").asText()).isEqualTo(first.get("id").asText());
    assertThat(retry.get("attempt").asInt()).isEqualTo(2);
    // The worker of attempt 1, under the same name, is still refused: the attempt fences it.
    assertOpsError(ops(path + "/report", zombie), 409, "LEASE_LOST", null);
    JsonNode succeeded =
        ok(ops(path + "/report", "{" + lease(retry, "agent-1") + ",\"status\":\"SUCCEEDED\"}"));
    assertThat(succeeded.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(succeeded.get("attempt").asInt()).isEqualTo(2);
    assertThat(succeeded.has("result")).isFalse();
  }

  @Test
  void theLastAttemptsExpiryAndAPassedDeadlineFailTheTask() {
    String type = uniqueType();
    String noRetry =
        json(ops(
                BASE + "/tasks",
                "{\"type\":\""
                    + type
                    + "\",\"retryPolicy\":{\"maxAttempts\":1,\"initialBackoff\":\"PT1S\","
                    + "\"maxBackoff\":\"PT1S\"}}"))
            .get("id")
            .asText();
    String limited =
        json(ops(
                BASE + "/tasks",
                "{\"type\":\""
                    + type
                    + "\",\"maxRunTime\":\"PT5S\",\"deadline\":"
                    + "\"2030-01-01T00:00:00Z\"}"))
            .get("id")
            .asText();
    JsonNode created = get(ALPHA, limited);
    assertThat(created.get("maxRunTime").asText()).isEqualTo("PT5S");
    assertThat(created.get("deadline").asText()).isEqualTo("2030-01-01T00:00:00Z");

    List<JsonNode> claimed =
        tasks(
            ok(
                ops(
                    BASE + "/claims",
                    "{\"owner\":\"agent-3\",\"leaseSeconds\":60,\"limit\":2,\"types\":[\""
                        + type
                        + "\"]}")));
    assertThat(claimed).hasSize(2);
    JsonNode started = get(ALPHA, limited);
    assertThat(Instant.parse(started.get("deadline").asText()))
        .isEqualTo(Instant.parse(started.get("startedAt").asText()).plusSeconds(5));

    clock.advance(Duration.ofSeconds(5));
    engine.sweepExpired(1_000);
    JsonNode pastDeadline = get(ALPHA, limited);
    assertThat(pastDeadline.get("status").asText()).isEqualTo("FAILED");
    assertThat(pastDeadline.get("errorCode").asText()).isEqualTo(SweepResult.DEADLINE_EXCEEDED);
    assertThat(get(ALPHA, noRetry).get("status").asText()).isEqualTo("RUNNING");

    clock.advance(Duration.ofSeconds(55));
    engine.sweepExpired(1_000);
    JsonNode expired = get(ALPHA, noRetry);
    assertThat(expired.get("status").asText()).isEqualTo("FAILED");
    assertThat(expired.get("errorCode").asText()).isEqualTo(SweepResult.LEASE_EXPIRED);
    assertThat(expired.get("leaseOwner").asText()).isEqualTo("agent-3");
  }

  @Test
  void onlyAnOperatorOfEveryTenantClaimsAcrossTenants() {
    String type = uniqueType();
    String alphaBatch = batch(ALPHA, type, "acp-a");
    String betaBatch = batch("beta:koophone", type, "acp-b");
    String pagerBatch = batch("pager:koophone", type, "acp-p");
    String claim = "{\"owner\":\"fleet-1\",\"leaseSeconds\":30,\"limit\":10,\"types\":[\"" + type;

    // alpha-worker may touch alpha's tenants and beta:koophone, not every tenant.
    HttpResponse<String> refused = ops(ALPHA_OPERATOR, "/ops/v1/claims", claim + "\"]}");
    assertOpsError(refused, 403, "FORBIDDEN", null);
    assertThat(json(refused).get("message").asText()).contains("alpha-worker", "\"*\"");
    assertOpsError(
        ops(ALPHA_OPERATOR, "/ops/v1/tenants/pager:koophone/claims", claim + "\"]}"),
        403,
        "FORBIDDEN",
        null);
    // Its claim of one of its tenants hands out that tenant's task only.
    List<JsonNode> beta =
        tasks(ok(ops(ALPHA_OPERATOR, "/ops/v1/tenants/beta:koophone/claims", claim + "\"]}")));
    assertThat(beta).hasSize(1);
    assertThat(beta.get(0).get("parentId").asText()).isEqualTo(betaBatch);

    // The provider's own worker ("*") claims the rest, whatever their tenant.
    List<JsonNode> everywhere = tasks(ok(ops("/ops/v1/claims", claim + "\"]}")));
    assertThat(everywhere)
        .extracting(task -> task.get("tenant").asText() + " " + task.get("parentId").asText())
        .containsExactlyInAnyOrder(ALPHA + " " + alphaBatch, "pager:koophone " + pagerBatch);
  }

  @Test
  void badClaimsHeartbeatsAndReportsNameTheFieldAndWriteNothing() {
    String type = uniqueType();
    String id =
        json(ops(BASE + "/tasks", "{\"type\":\"" + type + "\",\"resourceId\":\"acp-x\"}"))
            .get("id")
            .asText();
    String types = ",\"types\":[\"" + type + "\"]";
    String[][] claims = {
      {"{\"owner\":\"w\"" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":0" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":-5" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":86401" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":1.5" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":\"soon\"" + types + "}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"leaseSeconds\":99999999999999999999" + types + "}", "leaseSeconds"},
      {"{\"leaseSeconds\":30" + types + "}", "owner"},
      {"{\"owner\":\" \",\"leaseSeconds\":30" + types + "}", "owner"},
      {"{\"owner\":\"" + "w".repeat(257) + "\",\"leaseSeconds\":30" + types + "}", "owner"},
      {"{\"owner\":\"w\",\"leaseSeconds\":30,\"limit\":0" + types + "}", "limit"},
      {"{\"owner\":\"w\",\"leaseSeconds\":30,\"limit\":1001" + types + "}", "limit"},
      {"{\"owner\":\"w\",\"leaseSeconds\":30,\"types\":[null]}", "types[]"},
      {
        "{\"owner\":\"w\",\"leaseSeconds\":30,\"resourceIds\":[\"\"]" + types + "}", "resourceIds[]"
      },
      {"{\"owner\":\"w\",\"leaseSeconds\":30,\"colour\":\"red\"}", "colour"},
    };
    for (String[] claim : claims) {
      assertOpsError(ops(BASE + "/claims", claim[0]), 400, "INVALID_REQUEST", claim[1]);
    }
    assertOpsError(ops(BASE + "/claims", ""), 400, "INVALID_REQUEST", null);
    assertThat(get(ALPHA, id).get("status").asText()).isEqualTo(TaskStatus.PENDING.name());

    JsonNode task =
        tasks(ok(ops(BASE + "/claims", "{\"owner\":\"w\",\"leaseSeconds\":30" + types + "}")))
            .get(0);
    long version = task.get("version").asLong();
    String path = BASE + "/tasks/" + id;
    String[][] heartbeats = {
      {"{\"owner\":\"w\",\"leaseSeconds\":30}", "attempt"},
      {"{\"owner\":\"w\",\"attempt\":0,\"leaseSeconds\":30}", "attempt"},
      {"{\"attempt\":1,\"leaseSeconds\":30}", "owner"},
      {"{\"owner\":\"w\",\"attempt\":1}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"attempt\":1,\"leaseSeconds\":0}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"attempt\":1,\"leaseSeconds\":86401}", "leaseSeconds"},
      {"{\"owner\":\"w\",\"attempt\":\"first\",\"leaseSeconds\":30}", "attempt"},
      {
        "{\"owner\":\"w\",\"attempt\":1,\"leaseSeconds\":30,\"progress\":\""
            + "p".repeat(70_000)
            + "\"}",
        "progress"
      },
    };
    for (String[] heartbeat : heartbeats) {
      assertOpsError(ops(path + "/heartbeat", heartbeat[0]), 400, "INVALID_REQUEST", heartbeat[1]);
    }
    String[][] reports = {
      {"{\"owner\":\"w\",\"status\":\"SUCCEEDED\"}", "attempt"},
      {"{\"attempt\":1,\"status\":\"SUCCEEDED\"}", "owner"},
      {"{\"owner\":\"w\",\"attempt\":1,\"status\":\"RUNNING\"}", "status"},
      {"{\"owner\":\"w\",\"attempt\":1,\"result\":\"50%\"}", "status"},
      {"{\"owner\":\"w\",\"attempt\":1,\"status\":\"FAILED\"}", "errorCode"},
    };
    for (String[] report : reports) {
      assertOpsError(ops(path + "/report", report[0]), 400, "INVALID_REQUEST", report[1]);
    }
    JsonNode after = get(ALPHA, id);
    assertThat(after.get("status").asText()).isEqualTo("RUNNING");
    assertThat(after.get("version").asLong()).isEqualTo(version);

    // A heartbeat of a task that does not exist, or was never claimed.
    assertOpsError(
        ops(
            BASE + "/tasks/t-missing/heartbeat",
            "{\"owner\":\"w\",\"attempt\":1,\"leaseSeconds\":30}"),
        404,
        "TASK_NOT_FOUND",
        null);
    String unclaimed =
        json(ops(BASE + "/tasks", "{\"type\":\"" + uniqueType() + "\"}")).get("id").asText();
    assertOpsError(
        ops(
            BASE + "/tasks/" + unclaimed + "/heartbeat",
            "{\"owner\":\"w\",\"attempt\":1,\"leaseSeconds\":30}"),
        409,
        "LEASE_LOST",
        null);
  }

  @Test
  void badDeadlinesRunTimesAndRetryPoliciesNameTheField() {
    String[][] bodies = {
      {"\"deadline\":\"tomorrow\"", "deadline"},
      {"\"maxRunTime\":\"10 minutes\"", "maxRunTime"},
      {
        "\"retryPolicy\":{\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT1S\"}",
        "retryPolicy.maxAttempts"
      },
      {
        "\"retryPolicy\":{\"maxAttempts\":0,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT1S\"}",
        "retryPolicy.maxAttempts"
      },
      {"\"retryPolicy\":{\"maxAttempts\":3,\"maxBackoff\":\"PT1S\"}", "retryPolicy.initialBackoff"},
      {
        "\"retryPolicy\":{\"maxAttempts\":3,\"initialBackoff\":\"PT2S\",\"maxBackoff\":\"PT1S\"}",
        "retryPolicy.maxBackoff"
      },
      {
        "\"retryPolicy\":{\"maxAttempts\":3,\"initialBackoff\":\"-PT2S\",\"maxBackoff\":\"PT1S\"}",
        "retryPolicy.initialBackoff"
      },
      {
        "\"retryPolicy\":{\"maxAttempts\":3,\"initialBackoff\":\"soon\",\"maxBackoff\":\"PT1S\"}",
        "retryPolicy.initialBackoff"
      },
    };
    for (String[] body : bodies) {
      assertOpsError(
          ops(BASE + "/tasks", "{\"type\":\"StartInstance\"," + body[0] + "}"),
          400,
          "INVALID_REQUEST",
          body[1]);
      assertOpsError(
          ops(
              BASE + "/batches",
              "{\"type\":\"StartInstance\",\"children\":[{\"resourceId\":\"a\"}]," + body[0] + "}"),
          400,
          "INVALID_REQUEST",
          body[1]);
    }
  }
}
