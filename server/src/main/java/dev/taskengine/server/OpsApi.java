package dev.taskengine.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API of a provider's workers and operators at {@code /ops/v1}, behind an {@code
 * Authorization: Bearer <operator token>} header. Tenants are named in the path ({@code
 * demo:eds-aic:cn-hangzhou}) and must be ones the config allows:
 *
 * <pre>
 * GET  /ops/v1/tenants                              the tenants the config allows
 * POST /ops/v1/tenants/{tenant}/batches             create a batch: one child per resource (201)
 * POST /ops/v1/tenants/{tenant}/tasks               create a single task (201)
 * GET  /ops/v1/tenants/{tenant}/tasks               list: parentId, invokeId, resourceId, type,
 *                                                   status (comma-separated), level, order,
 *                                                   pageSize, pageToken
 * GET  /ops/v1/tenants/{tenant}/tasks/{id}          one task
 * POST /ops/v1/tenants/{tenant}/tasks/{id}/report   a worker's report: {"status": "RUNNING" |
 *                                                   "SUCCEEDED" | "FAILED" | "CANCELLED", "result",
 *                                                   "errorCode", "errorMessage"}; without status,
 *                                                   progress (the result only)
 * POST /ops/v1/tenants/{tenant}/tasks/{id}/cancel   request cancellation (a batch: all children)
 * </pre>
 *
 * <p>Errors are {@code {"code", "message", "field"}} with the engine's codes: 400 INVALID_REQUEST /
 * INVALID_PAGE_TOKEN, 401 UNAUTHORIZED, 404 NOT_FOUND / TENANT_NOT_FOUND / TASK_NOT_FOUND, 405
 * METHOD_NOT_ALLOWED, 409 ILLEGAL_TRANSITION / CONCURRENT_UPDATE / IDEMPOTENCY_CONFLICT, 413
 * PAYLOAD_TOO_LARGE, 503 STORE_UNAVAILABLE, 500 otherwise. Thread-safe.
 */
final class OpsApi {
  private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);
  private static final String CONTENT_TYPE = "application/json";
  private static final Set<String> LIST_PARAMETERS =
      Set.of(
          "parentId",
          "invokeId",
          "resourceId",
          "type",
          "status",
          "level",
          "order",
          "pageSize",
          "pageToken");

  private final TaskEngine engine;
  private final ServerConfig config;
  private final Credentials credentials;

  OpsApi(TaskEngine engine, ServerConfig config, Credentials credentials) {
    this.engine = engine;
    this.config = config;
    this.credentials = credentials;
  }

  /** An error of this API. */
  record OpsError(int status, String code, String message, String field) {}

  private static final class OpsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient OpsError error;

    OpsException(int status, String code, String message) {
      this(new OpsError(status, code, message, null));
    }

    OpsException(OpsError error) {
      super(error.message());
      this.error = error;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ErrorBody(String code, String message, String field) {}

  record ChildBody(String resourceId, String resourceName, String param) {}

  record BatchBody(
      String type,
      String invokeId,
      String operator,
      String param,
      Boolean cancellable,
      String clientToken,
      List<ChildBody> children) {}

  record TaskBody(
      String type,
      String invokeId,
      String resourceId,
      String resourceName,
      String operator,
      String param,
      Boolean cancellable,
      String clientToken) {}

  record ReportBody(String status, String result, String errorCode, String errorMessage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TaskList(List<OpsTask> tasks, String nextToken) {}

  record TenantList(List<String> tenants) {}

  /** A status and a body to answer with. */
  private record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }

    static Reply created(Task task) {
      return new Reply(201, OpsTask.of(task));
    }
  }

  void handle(Exchange exchange) {
    try {
      authorize(exchange);
      Reply reply = route(exchange);
      exchange.send(reply.status(), CONTENT_TYPE, Map.of(), Json.bytes(reply.body()));
    } catch (OpsException e) {
      fail(exchange, e.error);
    } catch (TaskEngineException e) {
      fail(exchange, fromEngine(e));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
      fail(exchange, new OpsError(500, "INTERNAL_ERROR", "the request failed on our side", null));
    }
  }

  private void authorize(Exchange exchange) {
    String authorization = exchange.header("Authorization");
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).strip()
            : null;
    if (token == null || token.isEmpty() || credentials.operator(token).isEmpty()) {
      throw new OpsException(
          401, "UNAUTHORIZED", "give an operator's token: Authorization: Bearer <token>");
    }
  }

  private Reply route(Exchange exchange) {
    String[] segments = exchange.path().split("/");
    // "", "ops", "v1", "tenants", tenant, collection, id, action
    if (segments.length < 4 || !segments[2].equals("v1") || !segments[3].equals("tenants")) {
      throw new OpsException(404, "NOT_FOUND", "no API at " + exchange.path());
    }
    String method = exchange.method();
    if (segments.length == 4) {
      requireMethod(method, "GET");
      return Reply.ok(new TenantList(Tenants.all(config)));
    }
    String tenant =
        Tenants.known(config, segments[4])
            .orElseThrow(
                () ->
                    new OpsException(
                        404,
                        "TENANT_NOT_FOUND",
                        "no tenant "
                            + segments[4]
                            + "; GET /ops/v1/tenants lists the tenants the config allows"));
    if (segments.length == 6 && segments[5].equals("batches")) {
      requireMethod(method, "POST");
      return Reply.created(createBatch(exchange, tenant));
    }
    if (segments.length == 6 && segments[5].equals("tasks")) {
      if (method.equals("GET")) {
        return Reply.ok(list(exchange, tenant));
      }
      requireMethod(method, "POST");
      return Reply.created(createTask(exchange, tenant));
    }
    if (segments.length == 7 && segments[5].equals("tasks")) {
      requireMethod(method, "GET");
      return Reply.ok(OpsTask.of(engine.get(tenant, segments[6])));
    }
    if (segments.length == 8 && segments[5].equals("tasks") && segments[7].equals("report")) {
      requireMethod(method, "POST");
      return Reply.ok(OpsTask.of(report(tenant, segments[6], read(exchange, ReportBody.class))));
    }
    if (segments.length == 8 && segments[5].equals("tasks") && segments[7].equals("cancel")) {
      requireMethod(method, "POST");
      return Reply.ok(OpsTask.of(engine.cancel(tenant, segments[6])));
    }
    throw new OpsException(404, "NOT_FOUND", "no API at " + exchange.path());
  }

  private Task createBatch(Exchange exchange, String tenant) {
    BatchBody body = read(exchange, BatchBody.class);
    List<ChildSpec> children = new ArrayList<>();
    if (body.children() != null) {
      for (int i = 0; i < body.children().size(); i++) {
        ChildBody child = body.children().get(i);
        if (child == null) {
          throw new InvalidRequestException("children[" + i + "]", "must be an object");
        }
        children.add(new ChildSpec(child.resourceId(), child.resourceName(), child.param()));
      }
    }
    return engine.submitBatch(
        BatchSpec.builder(tenant, body.type())
            .invokeId(body.invokeId())
            .operator(body.operator())
            .param(body.param())
            .cancellable(body.cancellable() == null || body.cancellable())
            .clientToken(body.clientToken())
            .children(children)
            .build());
  }

  private Task createTask(Exchange exchange, String tenant) {
    TaskBody body = read(exchange, TaskBody.class);
    return engine.submit(
        TaskSpec.builder(tenant, body.type())
            .invokeId(body.invokeId())
            .resource(body.resourceId(), body.resourceName())
            .operator(body.operator())
            .param(body.param())
            .cancellable(body.cancellable() == null || body.cancellable())
            .clientToken(body.clientToken())
            .build());
  }

  private TaskList list(Exchange exchange, String tenant) {
    Map<String, String> params = new LinkedHashMap<>();
    try {
      FormData.decode(exchange.rawQuery(), params);
    } catch (FormData.MalformedException e) {
      throw new OpsException(new OpsError(400, "INVALID_REQUEST", e.getMessage(), e.name()));
    }
    for (String name : params.keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw new OpsException(
            new OpsError(
                400, "INVALID_REQUEST", "unknown parameter; known: " + LIST_PARAMETERS, name));
      }
    }
    TaskQuery.Builder query = TaskQuery.builder(tenant);
    query.parentId(blankToNull(params.get("parentId")));
    if (has(params, "invokeId")) {
      query.invokeIds(params.get("invokeId"));
    }
    if (has(params, "resourceId")) {
      query.resourceIds(params.get("resourceId"));
    }
    if (has(params, "type")) {
      query.types(params.get("type"));
    }
    if (has(params, "status")) {
      for (String status : params.get("status").split(",", -1)) {
        query.statuses(parseEnum(TaskStatus.class, status.strip(), "status"));
      }
    }
    if (has(params, "level")) {
      query.level(parseEnum(Level.class, params.get("level"), "level"));
    }
    if (has(params, "order")) {
      query.order(parseEnum(SortOrder.class, params.get("order"), "order"));
    }
    Integer pageSize = null;
    if (has(params, "pageSize")) {
      try {
        pageSize = Integer.valueOf(params.get("pageSize"));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("pageSize", "must be an integer");
      }
    }
    Page<Task> page =
        engine.query(
            query.build(), new PageRequest(blankToNull(params.get("pageToken")), pageSize));
    return new TaskList(
        page.items().stream().map(OpsTask::of).toList(), page.nextToken().orElse(null));
  }

  private Task report(String tenant, String taskId, ReportBody body) {
    if (body.status() == null) {
      if (body.result() == null) {
        throw new InvalidRequestException(
            "status", "give a status, or a result to record progress");
      }
      return engine.recordProgress(tenant, taskId, body.result());
    }
    return switch (body.status().toUpperCase(Locale.ROOT)) {
      case "RUNNING" -> engine.start(tenant, taskId);
      case "SUCCEEDED" -> engine.succeed(tenant, taskId, body.result());
      case "FAILED" -> engine.fail(tenant, taskId, body.errorCode(), body.errorMessage());
      case "CANCELLED" -> engine.confirmCancelled(tenant, taskId);
      default ->
          throw new InvalidRequestException(
              "status",
              "must be RUNNING, SUCCEEDED, FAILED or CANCELLED (use /cancel to request"
                  + " cancellation), was "
                  + body.status());
    };
  }

  private static <T> T read(Exchange exchange, Class<T> type) {
    byte[] body;
    try {
      body = exchange.body();
    } catch (Exchange.BodyTooLargeException e) {
      throw new OpsException(413, "PAYLOAD_TOO_LARGE", e.getMessage());
    } catch (IOException e) {
      throw new OpsException(400, "INVALID_REQUEST", "the body could not be read");
    }
    if (body.length == 0) {
      throw new OpsException(400, "INVALID_REQUEST", "a JSON body is required");
    }
    try {
      T value = Json.MAPPER.readValue(body, type);
      if (value == null) {
        throw new OpsException(400, "INVALID_REQUEST", "a JSON object is required");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new OpsException(
          400, "INVALID_REQUEST", "the body is not the expected JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new OpsException(400, "INVALID_REQUEST", "the body could not be read");
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new OpsException(405, "METHOD_NOT_ALLOWED", "use " + allowed);
    }
  }

  private static boolean has(Map<String, String> params, String name) {
    String value = params.get(name);
    return value != null && !value.isEmpty();
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static OpsError fromEngine(TaskEngineException e) {
    String field = e instanceof InvalidRequestException invalid ? invalid.field() : null;
    int status =
        switch (e.code()) {
          case INVALID_REQUEST, INVALID_PAGE_TOKEN -> 400;
          case TASK_NOT_FOUND -> 404;
          case ILLEGAL_TRANSITION, CONCURRENT_UPDATE, IDEMPOTENCY_CONFLICT -> 409;
          case STORE_UNAVAILABLE -> 503;
          case STORE_FAILURE -> 500;
        };
    if (status >= 500) {
      LOG.error("store failure", e);
    }
    return new OpsError(status, e.code().name(), e.getMessage(), field);
  }

  private static void fail(Exchange exchange, OpsError error) {
    exchange.send(
        error.status(),
        CONTENT_TYPE,
        Map.of(),
        Json.bytes(new ErrorBody(error.code(), error.message(), error.field())));
  }
}
