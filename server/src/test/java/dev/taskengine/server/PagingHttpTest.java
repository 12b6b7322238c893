package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client pages through 1,000 tasks with each API's own paging and sees each task once. */
class PagingHttpTest extends HttpTestBase {
  private static final int TASKS = 1_000;
  private static final String REQUEST_ID = "99990000aaaabbbbccccddddeeeeffff";
  private final Set<String> cloudPhoneIds = new HashSet<>();
  private final Set<String> ecsIds = new HashSet<>();
  private final Set<String> cphIds = new HashSet<>();
  private Task command;

  @BeforeAll
  void createThousandsOfTasks() {
    BatchSpec.Builder phones =
        BatchSpec.builder(Tenants.cloudPhone("pager", "cn-hangzhou"), "StartInstance");
    BatchSpec.Builder jobs =
        BatchSpec.builder(Tenants.cph("pager", PAGER_PROJECT), "RestartCloudPhone")
            .invokeId(REQUEST_ID);
    BatchSpec.Builder instances = BatchSpec.builder(Tenants.kooPhone("pager"), "AsyncCommand");
    for (int i = 0; i < TASKS; i++) {
      phones.child("acp-" + i);
      jobs.child("phone-" + i);
      instances.child("i-" + i);
    }
    Task batch = engine.submitBatch(phones.build());
    cloudPhoneIds.add(batch.id());
    engine.submitBatch(jobs.build());
    command = engine.submitBatch(instances.build());
    for (int i = 0; i < TASKS; i++) {
      ecsIds.add(
          engine
              .submit(
                  TaskSpec.builder(Tenants.ecs("pager", "cn-hangzhou"), "ImportImage")
                      .resourceId("m-" + i)
                      .build())
              .id());
    }
  }

  @Test
  void cloudPhoneNextTokenPaging() {
    Set<String> seen = new LinkedHashSet<>();
    String token = null;
    do {
      Map<String, String> params = cloudPhone(PAGER_AK, "MaxResults", "100", "Level", "2");
      if (token != null) {
        params.put("NextToken", token);
      }
      HttpResponse<String> response = rpc(params);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = json(response);
      body.get("Data").forEach(item -> assertThat(seen.add(item.get("TaskId").asText())).isTrue());
      assertThat(body.get("TotalCount").asInt()).isEqualTo(body.get("Data").size());
      token = body.has("NextToken") ? body.get("NextToken").asText() : null;
    } while (token != null);
    assertThat(seen).hasSize(TASKS);
    cloudPhoneIds.forEach(batchId -> assertThat(seen).doesNotContain(batchId));
  }

  @Test
  void ecsPageNumberPaging() {
    Set<String> seen = new LinkedHashSet<>();
    for (int page = 1; page <= 11; page++) {
      HttpResponse<String> response =
          rpc(ecs(PAGER_AK, "PageNumber", "" + page, "PageSize", "100"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = json(response);
      assertThat(body.get("TotalCount").asInt()).isEqualTo(TASKS);
      assertThat(body.get("PageNumber").asInt()).isEqualTo(page);
      JsonNode tasks = body.get("TaskSet").get("Task");
      assertThat(tasks.size()).isEqualTo(page <= 10 ? 100 : 0);
      tasks.forEach(task -> assertThat(seen.add(task.get("TaskId").asText())).isTrue());
    }
    assertThat(seen).isEqualTo(ecsIds);
  }

  @Test
  void cloudPhoneJobsOffsetLimitPaging() {
    Set<String> seen = new LinkedHashSet<>();
    for (int offset = 0; ; offset += 100) {
      HttpResponse<String> response =
          get(
              "/v1/"
                  + PAGER_PROJECT
                  + "/cloud-phone/jobs?request_id="
                  + REQUEST_ID
                  + "&offset="
                  + offset,
              "X-Auth-Token",
              PAGER_TOKEN);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = json(response).get("jobs");
      page.forEach(job -> assertThat(seen.add(job.get("job_id").asText())).isTrue());
      if (page.size() < 100) {
        break;
      }
    }
    assertThat(seen).hasSize(TASKS);
    cphIds.addAll(seen);
  }

  @Test
  void kooPhoneReturnsEveryJobAtOnce() {
    HttpResponse<String> response =
        get(
            "/v1/instances/tasks/" + command.id(),
            "X-Auth-Token",
            PAGER_TOKEN,
            "x-request-id",
            "paging");
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> seen = new HashSet<>();
    json(response)
        .get("data")
        .get("jobs")
        .forEach(job -> assertThat(seen.add(job.get("job_id").asText())).isTrue());
    assertThat(seen).hasSize(TASKS);
  }
}
