package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.huawei.CphListJobs;
import dev.taskengine.dialects.huawei.HuaweiErrorResponse;
import dev.taskengine.dialects.huawei.HuaweiErrors;
import dev.taskengine.dialects.huawei.KooPhoneInstanceTasks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Huawei Cloud at {@code /v1/...}: Cloud Phone {@code GET /v1/{project_id}/cloud-phone/jobs} and
 * KooPhone {@code GET /v1/instances/tasks/{task_id}}. The caller is the one {@link
 * HuaweiAuthenticator} verifies (an {@code X-Auth-Token}, or an SDK-HMAC-SHA256 signature); a Cloud
 * Phone project must be one of the caller's. Every response has {@code Content-Type:
 * application/json} and an {@code X-Request-Id} header (KooPhone echoes the caller's {@code
 * x-request-id}); errors are {@code {"error_code","error_msg"}} (with {@code request_id} for Cloud
 * Phone, as its documents show). Thread-safe.
 */
final class HuaweiApi {
  private static final Logger LOG = LoggerFactory.getLogger(HuaweiApi.class);
  static final String CONTENT_TYPE = "application/json";

  private final TaskEngine engine;
  private final HuaweiAuthenticator authenticator;
  private final Throttle throttle;

  HuaweiApi(TaskEngine engine, HuaweiAuthenticator authenticator, Throttle throttle) {
    this.engine = engine;
    this.authenticator = authenticator;
    this.throttle = throttle;
  }

  void handle(Exchange exchange) {
    String[] segments = exchange.path().split("/");
    boolean get = exchange.method().equals("GET");
    if (get
        && segments.length == 5
        && segments[2].equals("instances")
        && segments[3].equals("tasks")) {
      kooPhone(exchange, segments[4]);
    } else if (get
        && segments.length == 5
        && segments[3].equals("cloud-phone")
        && segments[4].equals("jobs")) {
      cloudPhoneJobs(exchange, segments[2]);
    } else {
      String requestId = RequestIds.huawei();
      send(exchange, requestId, HuaweiErrors.apiNotFound(), false);
    }
  }

  private void kooPhone(Exchange exchange, String taskId) {
    String callerRequestId = exchange.header("x-request-id");
    String requestId =
        callerRequestId != null && !callerRequestId.isBlank() && callerRequestId.length() <= 256
            ? callerRequestId
            : RequestIds.huawei();
    try {
      ServerConfig.Account account = admitted(authenticator.authenticate(exchange).account());
      var request = KooPhoneInstanceTasks.parse(taskId, callerRequestId);
      var response =
          KooPhoneInstanceTasks.execute(engine, Tenants.kooPhone(account.name()), request);
      exchange.send(200, CONTENT_TYPE, Map.of("X-Request-Id", requestId), Json.bytes(response));
    } catch (ApiErrorException e) {
      send(exchange, requestId, e.error(), false);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      send(exchange, requestId, HuaweiErrors.kooPhoneInternal(false), false);
    }
  }

  private void cloudPhoneJobs(Exchange exchange, String projectId) {
    String requestId = RequestIds.huawei();
    try {
      ServerConfig.Account account = admitted(authenticator.authenticate(exchange).account());
      if (!account.huaweiProjectIds().contains(projectId)) {
        throw new ApiErrorException(HuaweiErrors.cphNoPermission());
      }
      Map<String, String> query = new LinkedHashMap<>();
      try {
        FormData.decode(exchange.rawQuery(), query);
      } catch (FormData.MalformedException e) {
        ApiError error =
            e.name().equals("offset") || e.name().equals("limit")
                ? HuaweiErrors.cphInvalidPaging(e.name() + " " + e.getMessage())
                : HuaweiErrors.cphInvalidParameter(e.name(), e.getMessage());
        throw new ApiErrorException(error);
      }
      var response =
          CphListJobs.execute(
              engine, Tenants.cph(account.name(), projectId), requestId, CphListJobs.parse(query));
      exchange.send(200, CONTENT_TYPE, Map.of("X-Request-Id", requestId), Json.bytes(response));
    } catch (ApiErrorException e) {
      send(exchange, requestId, e.error(), true);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      send(exchange, requestId, HuaweiErrors.cphInternal(false), true);
    }
  }

  /** The caller, once the rate limit lets it in; else 429 APIGW.0308. */
  private ServerConfig.Account admitted(ServerConfig.Account account) {
    if (!throttle.admit(Throttle.key("huawei", account))) {
      throw new ApiErrorException(HuaweiErrors.throttled(throttle.limit(), throttle.period()));
    }
    return account;
  }

  /** Writes a Huawei error; Cloud Phone errors carry the request id in the body too. */
  static void send(Exchange exchange, String requestId, ApiError error, boolean withRequestId) {
    HuaweiErrorResponse body =
        withRequestId ? HuaweiErrorResponse.of(error, requestId) : HuaweiErrorResponse.of(error);
    exchange.send(
        error.httpStatus(), CONTENT_TYPE, Map.of("X-Request-Id", requestId), Json.bytes(body));
  }
}
