package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The demo's seeded tasks answer the README's curl examples (the test config's first account plays
 * the demo account), and the demo's workers move tasks along.
 */
class DemoHttpTest extends HttpTestBase {

  @Test
  void theReadmeRequestsFindTheSeededTasksAndTheWorkersMoveThem() {
    Demo demo = new Demo(engine, config, 42);
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

    TaskQuery open =
        TaskQuery.builder(Tenants.cloudPhone("alpha", "cn-hangzhou"))
            .level(Level.INSTANCE)
            .statuses(TaskStatus.PENDING)
            .build();
    int pendingBefore = (int) engine.count(open).value();
    for (int i = 0; i < 40; i++) {
      demo.tick();
    }
    int pendingAfter = (int) engine.count(open).value();
    assertThat(pendingAfter).isLessThan(pendingBefore);
    assertThat(
            engine
                .query(
                    TaskQuery.builder(Tenants.kooPhone("alpha"))
                        .statuses(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.RUNNING)
                        .build(),
                    PageRequest.first(10))
                .items())
        .isNotEmpty();
    demo.close();
  }
}
