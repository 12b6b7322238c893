package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskSpec;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No request ever sees another account's tasks, whatever the filters name. */
class TenantIsolationHttpTest extends HttpTestBase {
  private static final String SHARED_INVOKE_ID = "SHARED-INVOKE-ID";

  private Set<String> ids(JsonNode items, String field) {
    Set<String> ids = new HashSet<>();
    items.forEach(item -> ids.add(item.get(field).asText()));
    return ids;
  }

  @Test
  void everyApiShowsEachAccountOnlyItsOwnTasks() {
    Task alphaPhone =
        engine.submit(
            TaskSpec.builder(Tenants.cloudPhone("alpha", "cn-hangzhou"), "StartInstance")
                .invokeId(SHARED_INVOKE_ID)
                .resourceId("acp-shared")
                .build());
    Task betaPhone =
        engine.submit(
            TaskSpec.builder(Tenants.cloudPhone("beta", "cn-hangzhou"), "StartInstance")
                .invokeId(SHARED_INVOKE_ID)
                .resourceId("acp-shared")
                .build());
    Task alphaImage =
        engine.submit(TaskSpec.builder(Tenants.ecs("alpha", "cn-hangzhou"), "ImportImage").build());
    Task betaImage =
        engine.submit(TaskSpec.builder(Tenants.ecs("beta", "cn-hangzhou"), "ImportImage").build());
    Task alphaCommand =
        engine.submitBatch(
            BatchSpec.builder(Tenants.kooPhone("alpha"), "AsyncCommand").child("i-1").build());
    engine.submitBatch(
        BatchSpec.builder(Tenants.cph("alpha", ALPHA_PROJECT), "Restart")
            .invokeId(SHARED_INVOKE_ID)
            .child("p-alpha")
            .build());
    engine.submitBatch(
        BatchSpec.builder(Tenants.cph("beta", BETA_PROJECT), "Restart")
            .invokeId(SHARED_INVOKE_ID)
            .child("p-beta")
            .build());

    JsonNode alphaData = json(rpc(cloudPhone(ALPHA_AK, "InvokeId", SHARED_INVOKE_ID))).get("Data");
    JsonNode betaData = json(rpc(cloudPhone(BETA_AK, "InvokeId", SHARED_INVOKE_ID))).get("Data");
    assertThat(ids(alphaData, "TaskId")).containsExactly(alphaPhone.id());
    assertThat(ids(betaData, "TaskId")).containsExactly(betaPhone.id());
    // Naming the other account's task id finds nothing.
    assertThat(json(rpc(cloudPhone(BETA_AK, "TaskIds.1", alphaPhone.id()))).get("Data")).isEmpty();
    // Another region of the same account is another tenant.
    assertThat(
            json(rpc(cloudPhone(ALPHA_AK, "RegionId", "cn-shanghai", "InvokeId", SHARED_INVOKE_ID)))
                .get("Data"))
        .isEmpty();

    assertThat(
            ids(
                json(rpc(ecs(BETA_AK, "TaskIds", alphaImage.id() + "," + betaImage.id())))
                    .get("TaskSet")
                    .get("Task"),
                "TaskId"))
        .containsExactly(betaImage.id());

    HttpResponse<String> betaJobs =
        get(
            "/v1/" + BETA_PROJECT + "/cloud-phone/jobs?request_id=" + SHARED_INVOKE_ID,
            "X-Auth-Token",
            BETA_TOKEN);
    assertThat(ids(json(betaJobs).get("jobs"), "phone_id")).containsExactly("p-beta");

    assertHuaweiError(
        get(
            "/v1/instances/tasks/" + alphaCommand.id(),
            "X-Auth-Token",
            BETA_TOKEN,
            "x-request-id",
            "r"),
        400,
        "KOOPHONE.API.1323");
  }

  @Test
  void aNextTokenOfOneAccountIsUselessToAnother() {
    for (int i = 0; i < 3; i++) {
      engine.submit(
          TaskSpec.builder(Tenants.cloudPhone("alpha", "cn-hangzhou"), "TokenTest").build());
    }
    String token =
        json(rpc(cloudPhone(ALPHA_AK, "TaskType", "TokenTest", "MaxResults", "1")))
            .get("NextToken")
            .asText();
    assertAlibabaError(
        rpc(cloudPhone(BETA_AK, "TaskType", "TokenTest", "NextToken", token)),
        400,
        "InvalidParameter.NextToken");
  }
}
