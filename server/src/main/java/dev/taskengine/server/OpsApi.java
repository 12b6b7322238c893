package dev.taskengine.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.HolderReport;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Lease;
import dev.taskengine.api.Level;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.ReportOutcome;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API of a provider's workers and operators at {@code /ops/v1}, behind an {@code
 * Authorization: Bearer <operator token>} header. Tenants are named in the path ({@code
 * demo:eds-aic:cn-hangzhou}); each must be one the config allows and one the operator's {@code
 * tenants} scope covers. Requests are dispatched by one route table:
 *
 * <pre>
 * GET  /ops/v1/tenants                              the tenants this operator may touch
 * POST /ops/v1/tenants/{tenant}/batches             create a batch: one child per resource (201)
 * POST /ops/v1/tenants/{tenant}/tasks               create a single task (201)
 * POST /ops/v1/tenants/{tenant}/claims              claim the tenant's PENDING tasks: {"owner",
 *                                                   "leaseSeconds", "limit", "types",
 *                                                   "resourceIds"} -&gt; {"tasks"}
 * POST /ops/v1/claims                               the same across all tenants, for an operator
 *                                                   whose scope is "*" only
 * GET  /ops/v1/tenants/{tenant}/tasks               list: parentId, invokeId, resourceId, type,
 *                                                   status (comma-separated), level, order,
 *                                                   pageSize, pageToken
 * GET  /ops/v1/tenants/{tenant}/tasks/{id}          one task
 * POST /ops/v1/tenants/{tenant}/tasks/{id}/heartbeat  the lease holder extends its lease:
 *                                                   {"owner", "attempt", "leaseSeconds",
 *                                                   "progress"}
 * POST /ops/v1/tenants/{tenant}/tasks/{id}/report   a worker's report: {"status": "RUNNING" |
 *                                                   "SUCCEEDED" | "FAILED" | "CANCELLED", "result",
 *                                                   "errorCode", "errorMessage"}; without status,
 *                                                   progress (the result only); with "owner" and
 *                                                   "attempt", a lease holder's SUCCEEDED, FAILED
 *                                                   or CANCELLED, refused once the lease is lost
 * POST /ops/v1/tenants/{tenant}/tasks/{id}/cancel   request cancellation (a batch: all children)
 * POST /ops/v1/tenants/{tenant}/reports             many lease holders' reports in one call and one
 *                                                   transaction: {"reports": [{"taskId", "owner",
 *                                                   "attempt", "status", "result", "errorCode",
 *                                                   "errorMessage"}]} -&gt; {"outcomes": [{"task"} or
 *                                                   {"error": {"code", "message", "field"}}]}
 * </pre>
 *
 * <p>Every failure takes one path to one error body, {@code {"code", "message", "field"}}, with the
 * engine's codes: 400 INVALID_REQUEST / INVALID_PAGE_TOKEN, 401 UNAUTHORIZED, 403 FORBIDDEN (a
 * tenant outside the operator's scope), 404 NOT_FOUND / TENANT_NOT_FOUND / TASK_NOT_FOUND, 405
 * METHOD_NOT_ALLOWED, 409 ILLEGAL_TRANSITION / CONCURRENT_UPDATE / IDEMPOTENCY_CONFLICT /
 * LEASE_LOST, 413 PAYLOAD_TOO_LARGE, 503 STORE_UNAVAILABLE, 500 INTERNAL_ERROR; a 5xx never carries
 * a store's or driver's message (the log has it). Every write (each POST) is logged to the {@code
 * dev.taskengine.server.audit} logger with the operator's name and the outcome. Thread-safe.
 *
 * <p>An all-tenants claim hands the caller any tenant's work, so it takes the operator scope that
 * already reads and writes every tenant ({@code "*"}); an operator scoped to some tenants claims
 * from each of them by its path. Either way a claim reads nothing for a tenant's own callers.
 */
final class OpsApi {
  private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);

  /** One line per write: who, what, the outcome. A deployment routes it to its audit trail. */
  private static final Logger AUDIT = LoggerFactory.getLogger("dev.taskengine.server.audit");

  private static final String CONTENT_TYPE = "application/json";

  /** The engine's names of a claim's fields, and the body's. */
  private static final Map<String, String> CLAIM_FIELDS =
      Map.of(
          "claim.owner", "owner",
          "claim.lease", "leaseSeconds",
          "claim.limit", "limit",
          "claim.types", "types",
          "claim.resourceIds", "resourceIds");

  /** The engine's names of a lease's fields, and the body's. */
  private static final Map<String, String> LEASE_FIELDS =
      Map.of("lease.owner", "owner", "lease.attempt", "attempt");

  /** The engine's names of a heartbeat's fields, and the body's. */
  private static final Map<String, String> HEARTBEAT_FIELDS = Map.of("extension", "leaseSeconds");

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
  private final List<Route> routes;

  OpsApi(TaskEngine engine, ServerConfig config, Credentials credentials) {
    this.engine = engine;
    this.config = config;
    this.credentials = credentials;
    this.routes =
        List.of(
            new Route("GET", "/ops/v1/tenants", call -> Reply.ok(tenants(call))),
            new Route(
                "POST",
                "/ops/v1/tenants/{tenant}/batches",
                call -> Reply.created(createBatch(call))),
            new Route(
                "POST", "/ops/v1/tenants/{tenant}/tasks", call -> Reply.created(createTask(call))),
            new Route("GET", "/ops/v1/tenants/{tenant}/tasks", call -> Reply.ok(list(call))),
            new Route("POST", "/ops/v1/claims", call -> Reply.ok(claim(call))),
            new Route("POST", "/ops/v1/tenants/{tenant}/claims", call -> Reply.ok(claim(call))),
            new Route(
                "GET",
                "/ops/v1/tenants/{tenant}/tasks/{id}",
                call -> Reply.ok(OpsTask.of(engine.get(call.tenant(), call.taskId())))),
            new Route(
                "POST",
                "/ops/v1/tenants/{tenant}/tasks/{id}/heartbeat",
                call -> Reply.ok(OpsTask.of(heartbeat(call)))),
            new Route(
                "POST",
                "/ops/v1/tenants/{tenant}/tasks/{id}/report",
                call -> Reply.ok(OpsTask.of(report(call)))),
            new Route("POST", "/ops/v1/tenants/{tenant}/reports", call -> Reply.ok(reports(call))),
            new Route(
                "POST",
                "/ops/v1/tenants/{tenant}/tasks/{id}/cancel",
                call -> Reply.ok(OpsTask.of(engine.cancel(call.tenant(), call.taskId())))));
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
      List<ChildBody> children,
      String deadline,
      String maxRunTime,
      OpsTask.Retry retryPolicy) {}

  record TaskBody(
      String type,
      String invokeId,
      String resourceId,
      String resourceName,
      String operator,
      String param,
      Boolean cancellable,
      String clientToken,
      String deadline,
      String maxRunTime,
      OpsTask.Retry retryPolicy) {}

  record ReportBody(
      String status,
      String result,
      String errorCode,
      String errorMessage,
      String owner,
      Integer attempt) {}

  /** One lease holder's report of a bulk report: a task of the path's tenant. */
  record HolderReportBody(
      String taskId,
      String owner,
      Integer attempt,
      String status,
      String result,
      String errorCode,
      String errorMessage) {}

  record HolderReportsBody(List<HolderReportBody> reports) {}

  /** What became of one report of a bulk report: the task, or the error it alone would answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ReportOutcomeBody(OpsTask task, ErrorBody error) {}

  record ReportOutcomes(List<ReportOutcomeBody> outcomes) {}

  record ClaimBody(
      String owner,
      Long leaseSeconds,
      Integer limit,
      List<String> types,
      List<String> resourceIds) {}

  record HeartbeatBody(String owner, Integer attempt, Long leaseSeconds, String progress) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TaskList(List<OpsTask> tasks, String nextToken) {}

  /** The tasks a claim leased to its owner, oldest first. */
  record ClaimedTasks(List<OpsTask> tasks) {}

  record TenantList(List<String> tenants) {}

  /** A matched request: who calls, and the path's tenant (in the caller's scope) and task id. */
  private record Call(
      Exchange exchange, ServerConfig.Operator operator, String tenant, String taskId) {}

  /**
   * One line of the route table: a method and a path template whose {@code {tenant}} and {@code
   * {id}} segments match any one segment.
   */
  private record Route(String method, List<String> template, Function<Call, Reply> handler) {
    Route(String method, String template, Function<Call, Reply> handler) {
      this(method, segments(template), handler);
    }

    /** The template's variables bound to {@code path}'s segments, if it matches. */
    Optional<Map<String, String>> match(List<String> path) {
      if (path.size() != template.size()) {
        return Optional.empty();
      }
      Map<String, String> variables = new HashMap<>();
      for (int i = 0; i < path.size(); i++) {
        String part = template.get(i);
        if (part.startsWith("{")) {
          variables.put(part.substring(1, part.length() - 1), path.get(i));
        } else if (!part.equals(path.get(i))) {
          return Optional.empty();
        }
      }
      return Optional.of(variables);
    }
  }

  /** A status and a body to answer with, and any extra headers. */
  private record Reply(int status, Object body, Map<String, String> headers) {
    static Reply ok(Object body) {
      return new Reply(200, body, Map.of());
    }

    static Reply created(Task task) {
      return new Reply(201, OpsTask.of(task), Map.of());
    }

    static Reply error(OpsError error, Map<String, String> headers) {
      return new Reply(
          error.status(), new ErrorBody(error.code(), error.message(), error.field()), headers);
    }
  }

  void handle(Exchange exchange) {
    ServerConfig.Operator operator = null;
    Reply reply;
    try {
      operator = authorize(exchange);
      reply = dispatch(exchange, operator);
    } catch (MethodNotAllowed e) {
      reply = Reply.error(e.error, Map.of("Allow", e.allowed));
    } catch (RuntimeException e) {
      reply = Reply.error(toError(exchange, e), Map.of());
    }
    if (!exchange.method().equals("GET")) {
      audit(exchange, operator, reply);
    }
    exchange.send(reply.status(), CONTENT_TYPE, reply.headers(), Json.bytes(reply.body()));
  }

  private ServerConfig.Operator authorize(Exchange exchange) {
    String authorization = exchange.header("Authorization");
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).strip()
            : null;
    // A token shorter than the minimum is refused unhashed: no configured hash may stand for one.
    if (token == null || token.length() < ServerConfig.MIN_SECRET_LENGTH) {
      throw unauthorized();
    }
    return credentials.operator(token).orElseThrow(OpsApi::unauthorized);
  }

  private static OpsException unauthorized() {
    return new OpsException(
        401, "UNAUTHORIZED", "give an operator's token: Authorization: Bearer <token>");
  }

  /** 405 with the methods the path takes. */
  private static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient OpsError error;
    private final String allowed;

    MethodNotAllowed(String allowed) {
      super("use " + allowed);
      this.error = new OpsError(405, "METHOD_NOT_ALLOWED", "use " + allowed, null);
      this.allowed = allowed;
    }
  }

  private Reply dispatch(Exchange exchange, ServerConfig.Operator operator) {
    List<String> path = segments(exchange.path());
    List<String> allowed = new ArrayList<>();
    for (Route route : routes) {
      Optional<Map<String, String>> variables = route.match(path);
      if (variables.isEmpty()) {
        continue;
      }
      if (!route.method().equals(exchange.method())) {
        allowed.add(route.method());
        continue;
      }
      String tenant = variables.get().get("tenant");
      if (tenant != null) {
        authorizeTenant(operator, tenant);
      }
      return route.handler().apply(new Call(exchange, operator, tenant, variables.get().get("id")));
    }
    if (!allowed.isEmpty()) {
      throw new MethodNotAllowed(String.join(", ", allowed));
    }
    throw new OpsException(404, "NOT_FOUND", "no API at " + exchange.path());
  }

  private void authorizeTenant(ServerConfig.Operator operator, String tenant) {
    if (Tenants.known(config, tenant).isEmpty()) {
      throw new OpsException(
          404,
          "TENANT_NOT_FOUND",
          "no tenant " + tenant + "; GET /ops/v1/tenants lists the tenants you may touch");
    }
    if (!operator.mayTouch(tenant)) {
      throw new OpsException(
          403,
          "FORBIDDEN",
          "operator " + operator.name() + " may not touch tenant " + tenant + " (see its tenants)");
    }
  }

  private TenantList tenants(Call call) {
    return new TenantList(
        Tenants.all(config).stream().filter(tenant -> call.operator().mayTouch(tenant)).toList());
  }

  private Task createBatch(Call call) {
    String tenant = call.tenant();
    BatchBody body = read(call.exchange(), BatchBody.class);
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
            .deadline(instant(body.deadline(), "deadline"))
            .maxRunTime(duration(body.maxRunTime(), "maxRunTime"))
            .retryPolicy(retryPolicy(body.retryPolicy()))
            .build());
  }

  private Task createTask(Call call) {
    String tenant = call.tenant();
    TaskBody body = read(call.exchange(), TaskBody.class);
    return engine.submit(
        TaskSpec.builder(tenant, body.type())
            .invokeId(body.invokeId())
            .resource(body.resourceId(), body.resourceName())
            .operator(body.operator())
            .param(body.param())
            .cancellable(body.cancellable() == null || body.cancellable())
            .clientToken(body.clientToken())
            .deadline(instant(body.deadline(), "deadline"))
            .maxRunTime(duration(body.maxRunTime(), "maxRunTime"))
            .retryPolicy(retryPolicy(body.retryPolicy()))
            .build());
  }

  private static Instant instant(String text, String field) {
    return parse(text, field, Instant::parse, "an ISO-8601 UTC time such as 2027-01-01T00:00:00Z");
  }

  private static Duration duration(String text, String field) {
    return parse(text, field, Duration::parse, "an ISO-8601 duration such as PT30S or PT10M");
  }

  /** {@code text} parsed, null when absent; unparsable text is refused naming the field. */
  private static <T> T parse(
      String text, String field, Function<String, T> parser, String expected) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(field, expected + ", was " + text);
    }
  }

  /**
   * The body's policy; RetryPolicy names its own fields as the body does ({@code retryPolicy.*}).
   */
  private static RetryPolicy retryPolicy(OpsTask.Retry retry) {
    if (retry == null) {
      return null;
    }
    return new RetryPolicy(
        InvalidRequestException.requireNonNull(retry.maxAttempts(), "retryPolicy.maxAttempts"),
        InvalidRequestException.requireNonNull(
            duration(retry.initialBackoff(), "retryPolicy.initialBackoff"),
            "retryPolicy.initialBackoff"),
        InvalidRequestException.requireNonNull(
            duration(retry.maxBackoff(), "retryPolicy.maxBackoff"), "retryPolicy.maxBackoff"));
  }

  private TaskList list(Call call) {
    String tenant = call.tenant();
    Map<String, String> params = new LinkedHashMap<>();
    try {
      FormData.decode(call.exchange().rawQuery(), params);
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

  /**
   * A claim of the path's tenant, or of all tenants at {@code /ops/v1/claims}: only an operator
   * whose scope is {@code "*"} may make that one, since it hands out any tenant's tasks.
   */
  private ClaimedTasks claim(Call call) {
    ServerConfig.Operator operator = call.operator();
    if (call.tenant() == null && !operator.mayTouchEveryTenant()) {
      throw new OpsException(
          403,
          "FORBIDDEN",
          "operator "
              + operator.name()
              + " may not claim across all tenants (that takes the scope \"*\"); claim from each"
              + " of its tenants at /ops/v1/tenants/{tenant}/claims");
    }
    ClaimBody body = read(call.exchange(), ClaimBody.class);
    List<Task> claimed =
        withBodyFields(
            CLAIM_FIELDS,
            () -> {
              ClaimRequest.Builder request =
                  call.tenant() == null
                      ? ClaimRequest.allTenants()
                      : ClaimRequest.forTenant(call.tenant());
              request.owner(body.owner()).lease(seconds(body.leaseSeconds()));
              if (body.limit() != null) {
                request.limit(body.limit());
              }
              if (body.types() != null) {
                request.types(body.types());
              }
              if (body.resourceIds() != null) {
                request.resourceIds(body.resourceIds());
              }
              return engine.claim(request.build());
            });
    return new ClaimedTasks(claimed.stream().map(OpsTask::of).toList());
  }

  private Task heartbeat(Call call) {
    HeartbeatBody body = read(call.exchange(), HeartbeatBody.class);
    Lease lease = lease(call, body.owner(), body.attempt());
    Duration extension = seconds(body.leaseSeconds());
    return withBodyFields(
        HEARTBEAT_FIELDS,
        () ->
            body.progress() == null
                ? engine.heartbeat(lease, extension)
                : engine.heartbeat(lease, extension, body.progress()));
  }

  /** The lease the body names for the path's task, its fields named as the body names them. */
  private static Lease lease(Call call, String owner, Integer attempt) {
    return withBodyFields(LEASE_FIELDS, () -> lease(call.tenant(), call.taskId(), owner, attempt));
  }

  /** The lease a body names; attempt is required with an owner. */
  private static Lease lease(String tenant, String taskId, String owner, Integer attempt) {
    if (attempt == null) {
      throw new InvalidRequestException(
          "attempt", "is required with owner: the attempt of the claim (1 on the first)");
    }
    return new Lease(tenant, taskId, owner, attempt);
  }

  /** Whole seconds as a duration; null stays null, for the engine to refuse by name. */
  private static Duration seconds(Long seconds) {
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  private Task report(Call call) {
    String tenant = call.tenant();
    String taskId = call.taskId();
    ReportBody body = read(call.exchange(), ReportBody.class);
    if (body.owner() != null || body.attempt() != null) {
      return leasedReport(call, body);
    }
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

  /** A lease holder's report: each form refused with LEASE_LOST once the lease is lost. */
  private Task leasedReport(Call call, ReportBody body) {
    HolderReport report =
        holderReport(
            lease(call, body.owner(), body.attempt()),
            body.status(),
            body.result(),
            body.errorCode(),
            body.errorMessage());
    return switch (report.status()) {
      case SUCCEEDED -> engine.succeed(report.lease(), report.result());
      case FAILED -> engine.fail(report.lease(), report.errorCode(), report.errorMessage());
      default -> engine.confirmCancelled(report.lease());
    };
  }

  /**
   * The report a lease holder's body makes, of {@code status} SUCCEEDED, FAILED or CANCELLED (in
   * any case); the fields the status does not carry are ignored.
   */
  private static HolderReport holderReport(
      Lease lease, String status, String result, String errorCode, String errorMessage) {
    return switch (status == null ? "" : status.toUpperCase(Locale.ROOT)) {
      case "SUCCEEDED" -> HolderReport.succeeded(lease, result);
      case "FAILED" -> HolderReport.failed(lease, errorCode, errorMessage);
      case "CANCELLED" -> HolderReport.cancelled(lease);
      default ->
          throw new InvalidRequestException(
              "status",
              "a lease holder's report (with owner and attempt) is SUCCEEDED, FAILED or CANCELLED"
                  + " (progress goes with a heartbeat), was "
                  + status);
    };
  }

  /**
   * Many lease holders' reports of the path's tenant in one {@link TaskEngine#report} call: each
   * answered as its own {@code /report} with owner and attempt would be, the refused ones with the
   * error body of that answer (fields named {@code reports[i].owner} and so on). A report the
   * server cannot make (no attempt, an unknown status) goes to the engine as a null, so that the
   * call's limits still count it, and is answered with its own refusal.
   */
  private ReportOutcomes reports(Call call) {
    HolderReportsBody body = read(call.exchange(), HolderReportsBody.class);
    List<HolderReportBody> items =
        InvalidRequestException.requireNonNull(body.reports(), "reports");
    List<HolderReport> reports = new ArrayList<>(items.size());
    Map<Integer, InvalidRequestException> unmade = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        HolderReportBody item = items.get(i);
        reports.add(
            item == null
                ? null
                : holderReport(
                    lease(call.tenant(), item.taskId(), item.owner(), item.attempt()),
                    item.status(),
                    item.result(),
                    item.errorCode(),
                    item.errorMessage()));
      } catch (InvalidRequestException refused) {
        reports.add(null);
        unmade.put(i, refused);
      }
    }
    List<ReportOutcome> outcomes = engine.report(reports);
    List<ReportOutcomeBody> answers = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      ReportOutcome outcome = outcomes.get(i);
      TaskEngineException failure =
          unmade.containsKey(i) ? unmade.get(i) : outcome.failure().orElse(null);
      if (failure == null) {
        answers.add(new ReportOutcomeBody(OpsTask.of(outcome.task().orElseThrow()), null));
        continue;
      }
      OpsError error = toError(call.exchange(), inBody(i, failure));
      answers.add(
          new ReportOutcomeBody(null, new ErrorBody(error.code(), error.message(), error.field())));
    }
    return new ReportOutcomes(answers);
  }

  /**
   * {@code failure} of report {@code index} with its field as the body names it ({@code
   * reports[2].owner}); other failures as they are.
   */
  private static TaskEngineException inBody(int index, TaskEngineException failure) {
    if (!(failure instanceof InvalidRequestException invalid)
        || invalid.field().startsWith("reports[")) {
      return failure;
    }
    String field = invalid.field();
    String name = field.startsWith("lease.") ? field.substring("lease.".length()) : field;
    String problem = invalid.getMessage().substring(field.length() + 2);
    return new InvalidRequestException("reports[" + index + "]." + name, problem);
  }

  /**
   * Runs {@code call}, naming a field the engine refuses as the body names it: the engine's {@code
   * claim.lease} is the body's {@code leaseSeconds}. Fields not in {@code bodyFields} keep their
   * names.
   */
  private static <T> T withBodyFields(Map<String, String> bodyFields, Supplier<T> call) {
    try {
      return call.get();
    } catch (InvalidRequestException e) {
      for (Map.Entry<String, String> names : bodyFields.entrySet()) {
        String field = e.field();
        if (field.equals(names.getKey()) || field.startsWith(names.getKey() + "[")) {
          String bodyField = names.getValue() + field.substring(names.getKey().length());
          String problem = e.getMessage().substring(field.length() + 2);
          throw new OpsException(
              new OpsError(400, "INVALID_REQUEST", bodyField + ": " + problem, bodyField));
        }
      }
      throw e;
    }
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
      String field = e instanceof JsonMappingException mapping ? Json.path(mapping) : "";
      throw new OpsException(
          new OpsError(
              400,
              "INVALID_REQUEST",
              "the body is not the expected JSON: " + e.getOriginalMessage(),
              field.isEmpty() ? null : field));
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

  private static boolean has(Map<String, String> params, String name) {
    String value = params.get(name);
    return value != null && !value.isEmpty();
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** {@code /ops/v1/tenants/x} as {@code [ops, v1, tenants, x]}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  /**
   * The one way a failure becomes an answer: this API's own refusals, the engine's exceptions by
   * their code, and anything else as 500. A 5xx says nothing of its cause (a store's or driver's
   * message may name hosts, tables or values); the log has the cause.
   */
  private static OpsError toError(Exchange exchange, RuntimeException e) {
    if (e instanceof OpsException ops) {
      return ops.error;
    }
    if (e instanceof TaskEngineException engineException) {
      String field =
          engineException instanceof InvalidRequestException invalid ? invalid.field() : null;
      return switch (engineException.code()) {
        case INVALID_REQUEST, INVALID_PAGE_TOKEN ->
            new OpsError(400, engineException.code().name(), e.getMessage(), field);
        case TASK_NOT_FOUND ->
            new OpsError(404, engineException.code().name(), e.getMessage(), field);
        case ILLEGAL_TRANSITION, CONCURRENT_UPDATE, IDEMPOTENCY_CONFLICT, LEASE_LOST ->
            new OpsError(409, engineException.code().name(), e.getMessage(), field);
        case STORE_UNAVAILABLE -> {
          LOG.error("{} {}: the store cannot be reached", exchange.method(), exchange.path(), e);
          yield new OpsError(
              503, "STORE_UNAVAILABLE", "the task store cannot be reached; retry later", null);
        }
        case STORE_FAILURE -> {
          LOG.error("{} {}: the store failed", exchange.method(), exchange.path(), e);
          yield new OpsError(500, "INTERNAL_ERROR", "the request failed on our side", null);
        }
      };
    }
    LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
    return new OpsError(500, "INTERNAL_ERROR", "the request failed on our side", null);
  }

  private static void audit(Exchange exchange, ServerConfig.Operator operator, Reply reply) {
    String outcome = "";
    if (reply.body() instanceof OpsTask task) {
      outcome = "task " + task.id();
    } else if (reply.body() instanceof ClaimedTasks claimed) {
      outcome =
          "claimed "
              + claimed.tasks().size()
              + claimed.tasks().stream()
                  .map(task -> " " + task.tenant() + "/" + task.id())
                  .collect(java.util.stream.Collectors.joining());
    } else if (reply.body() instanceof ReportOutcomes reported) {
      long refused = reported.outcomes().stream().filter(answer -> answer.error() != null).count();
      outcome = "reported " + reported.outcomes().size() + ", " + refused + " refused";
    } else if (reply.body() instanceof ErrorBody error) {
      outcome = error.code();
    }
    AUDIT.info(
        "operator {} {} {} -> {} {}",
        operator == null ? "(unauthenticated)" : operator.name(),
        exchange.method(),
        exchange.path(),
        reply.status(),
        outcome);
  }
}
