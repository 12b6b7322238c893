package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.Seeds;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad parameter gets its documented error; nothing a client sends is a 500. */
class BadInputHttpTest extends HttpTestBase {

  static Stream<Arguments> badCloudPhoneParameters() {
    return Stream.of(
        Arguments.of("MaxResults", "0", "InvalidParameter"),
        Arguments.of("MaxResults", "101", "InvalidParameter"),
        Arguments.of("MaxResults", "ten", "InvalidParameter"),
        Arguments.of("MaxResults", "99999999999999999999999", "InvalidParameter"),
        Arguments.of("Level", "3", "InvalidParameter"),
        Arguments.of("Level", "-1", "InvalidParameter"),
        Arguments.of("TaskStatus", "Running", "InvalidParameter"),
        Arguments.of("TaskStatuses.1", "Done", "InvalidParameter"),
        Arguments.of("TaskIds", "t-1", "InvalidParameter"),
        Arguments.of("TaskIds.0", "t-1", "InvalidParameter"),
        Arguments.of("TaskIds.101", "t-1", "InvalidParameter"),
        Arguments.of("ResourceIds.one", "acp-1", "InvalidParameter"),
        Arguments.of("InvokeId", "x".repeat(257), "InvalidParameter"),
        Arguments.of("NextToken", "not a token!", "InvalidParameter.NextToken"),
        Arguments.of(
            "NextToken",
            "AAAAAV3MpHK1AP0pfERHZN5pu6kU+SQXzm0H9mu/FiSc****",
            "InvalidParameter.NextToken"),
        Arguments.of(
            "NextToken",
            "AAAAAV3MpHK1AP0pfERHZN5pu6kU+SQXzm0H9mu/FiSc",
            "InvalidParameter.NextToken"),
        Arguments.of("NextToken", "A".repeat(2000), "InvalidParameter.NextToken"),
        Arguments.of("RegionId", "mars-1", "InvalidRegionId.NotFound"));
  }

  @ParameterizedTest
  @MethodSource("badCloudPhoneParameters")
  void cloudPhoneRefusesBadParameters(String name, String value, String code) {
    assertAlibabaError(rpc(cloudPhone(ALPHA_AK, name, value)), 400, code);
  }

  static Stream<Arguments> badEcsParameters() {
    return Stream.of(
        Arguments.of("RegionId", "", "MissingParameter"),
        Arguments.of("RegionId", "mars-1", "InvalidRegionId.NotFound"),
        Arguments.of("PageNumber", "0", "InvalidParameter"),
        Arguments.of("PageNumber", "1.5", "InvalidParameter"),
        Arguments.of("PageNumber", "1001", "InvalidParameter"),
        Arguments.of("PageSize", "0", "InvalidParameter"),
        Arguments.of("PageSize", "101", "InvalidParameter"),
        Arguments.of("TaskAction", "StartInstance", "InvalidParameter"),
        Arguments.of("StartTime", "2020-11-23", "InvalidParameter"),
        Arguments.of("EndTime", "2020-13-23T15:10:00Z", "InvalidParameter"),
        Arguments.of("TaskIds", "t-1,".repeat(101), "InvalidParameter"),
        Arguments.of("ResourceIds.101", "m-1", "InvalidParameter"));
  }

  @ParameterizedTest
  @MethodSource("badEcsParameters")
  void ecsRefusesBadParameters(String name, String value, String code) {
    assertAlibabaError(rpc(ecs(ALPHA_AK, name, value)), 400, code);
  }

  @Test
  void ecsRegionIdMissingIsTheDocumentsError() {
    Map<String, String> params = ecs(ALPHA_AK);
    params.remove("RegionId");
    var body = assertAlibabaError(rpc(params), 400, "MissingParameter");
    assertThat(body.get("Message").asText())
        .isEqualTo(
            "An input parameter \"RegionId\" that is mandatory for processing the request is not"
                + " supplied.");
    assertThat(
            assertAlibabaError(
                    rpc(ecs(ALPHA_AK, "RegionId", "mars-1")), 400, "InvalidRegionId.NotFound")
                .get("Message")
                .asText())
        .isEqualTo("The specified RegionId does not exist.");
  }

  @Test
  void oversizedBodiesAndMalformedFormsAreClientErrors() {
    String big = "MaxResults=5&Param=" + "x".repeat(Exchange.MAX_BODY_BYTES);
    assertAlibabaError(
        post("/?" + form(cloudPhone(ALPHA_AK)), "application/x-www-form-urlencoded", big),
        400,
        "InvalidParameter");
    assertAlibabaError(
        post(
            "/?" + form(cloudPhone(ALPHA_AK)),
            "application/x-www-form-urlencoded",
            "MaxResults=%G1"),
        400,
        "InvalidParameter");
  }

  /**
   * Random parameters of both Alibaba APIs, the Huawei APIs and the operators' API, with random
   * names, values and escapes: every answer is JSON and none is a 5xx. Prints its seed; rerun one
   * with -Dtaskengine.seed=SEED ({@link Seeds}).
   */
  @Test
  void randomGarbageIsNeverAServerError() {
    long seed = Seeds.seed("BadInputHttpTest.randomGarbageIsNeverAServerError");
    Random random = new Random(seed);
    String[] names = {
      "MaxResults",
      "NextToken",
      "Level",
      "TaskIds.1",
      "TaskIds.100",
      "TaskIds",
      "TaskStatus",
      "TaskStatuses.1",
      "TaskType",
      "TaskTypes.2",
      "InvokeId",
      "InstanceId",
      "ResourceIds.1",
      "ParentTaskId",
      "PageNumber",
      "PageSize",
      "StartTime",
      "EndTime",
      "RegionId",
      "TaskAction",
      "request_id",
      "request_ids",
      "offset",
      "limit",
      "x"
    };
    String[] values = {
      "",
      " ",
      "0",
      "-1",
      "1",
      "100",
      "101",
      "2147483648",
      "1e3",
      "Finished",
      "Processing",
      "2020-11-23T15:10:00Z",
      "cn-hangzhou",
      "\u0000",
      "\uD83D\uDE00",
      "%",
      "+/=",
      "a,b,,c",
      "x".repeat(300),
      "null",
      "[\"a\"]"
    };
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Map<String, String> params = new LinkedHashMap<>();
      int count = 1 + random.nextInt(4);
      for (int j = 0; j < count; j++) {
        String value = values[random.nextInt(values.length)];
        if (random.nextInt(5) == 0) {
          value = value + (char) (32 + random.nextInt(0x2000));
        }
        params.put(names[random.nextInt(names.length)], value);
      }
      HttpResponse<String> response;
      switch (i % 5) {
        case 0 -> response = rpc(withAll(cloudPhone(ALPHA_AK), params));
        case 1 -> response = rpc(withAll(ecs(ALPHA_AK), params));
        case 2 ->
            response =
                get(
                    "/v1/" + ALPHA_PROJECT + "/cloud-phone/jobs?" + form(params),
                    "X-Auth-Token",
                    ALPHA_TOKEN);
        case 3 ->
            response =
                get(
                    "/ops/v1/tenants/alpha:ecs:cn-hangzhou/tasks?" + form(params),
                    "Authorization",
                    OPERATOR);
        default ->
            response =
                get(
                    "/v1/instances/tasks/"
                        + URLEncoder.encode(
                                params.values().iterator().next(), StandardCharsets.UTF_8)
                            .replace("+", "%20")
                        + "x",
                    "X-Auth-Token",
                    ALPHA_TOKEN,
                    "x-request-id",
                    "fuzz");
      }
      if (response.statusCode() >= 500 || !response.body().startsWith("{")) {
        failures.add(params + " -> " + response.statusCode() + " " + response.body());
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
  }

  private static Map<String, String> withAll(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(base);
    all.putAll(more);
    return all;
  }
}
