package dev.taskengine.server;

import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.alibaba.AlibabaErrorResponse;
import dev.taskengine.dialects.alibaba.AlibabaErrors;
import dev.taskengine.dialects.huawei.HuaweiErrorResponse;
import dev.taskengine.dialects.huawei.HuaweiErrors;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (a URI or body framing it cannot parse, headers too large, a
 * body too slow, a full request queue) in the error shape, with the request id, of the API the path
 * belongs to, instead of Jetty's HTML page: Alibaba's at {@code /}, Huawei's under {@code /v1/}
 * (KooPhone's without a request id in the body, Cloud Phone's with one), the operators' elsewhere.
 * A 503 carries {@code Retry-After}. Thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final String KOOPHONE_PREFIX = "/v1/instances/tasks/";

  /** The path Jetty gives the request of an error it found while reading the request line. */
  private static final String UNREADABLE_PATH = "/badMessage";

  private final ServerLimits limits;

  JsonErrorHandler(ServerLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = code >= 400 && code <= 599 ? code : 500;
    String reason = message != null ? message : HttpStatus.getMessage(status);
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    byte[] body;
    String contentType;
    if (path != null && path.startsWith("/v1/")) {
      boolean kooPhone = path.startsWith(KOOPHONE_PREFIX);
      ApiError error = huawei(status, reason, kooPhone);
      String callerId = request.getHeaders().get("x-request-id");
      String requestId =
          kooPhone && callerId != null && !callerId.isBlank() && callerId.length() <= 256
              ? callerId
              : RequestIds.huawei();
      response.getHeaders().put("X-Request-Id", requestId);
      body =
          Json.bytes(
              kooPhone ? HuaweiErrorResponse.of(error) : HuaweiErrorResponse.of(error, requestId));
      contentType = HuaweiApi.CONTENT_TYPE;
      status = error.httpStatus();
    } else if ("/".equals(path)) {
      ApiError error = alibaba(status, reason);
      String requestId = RequestIds.alibaba();
      response.getHeaders().put("x-acs-request-id", requestId);
      body = Json.bytes(AlibabaErrorResponse.of(error, requestId));
      contentType = AlibabaRpcApi.CONTENT_TYPE;
      status = error.httpStatus();
    } else if (path == null || path.equals(UNREADABLE_PATH)) {
      // Jetty could not read even the request line (a URI too long, or malformed): the path, and
      // so the vendor, is unknown. The answer carries both vendors' fields and request-id
      // headers, so that either vendor's client reads its own error from it.
      ApiError alibaba = alibaba(status, reason);
      ApiError huawei = huawei(status, reason, false);
      String alibabaId = RequestIds.alibaba();
      String huaweiId = RequestIds.huawei();
      response.getHeaders().put("x-acs-request-id", alibabaId);
      response.getHeaders().put("X-Request-Id", huaweiId);
      Map<String, String> both = new LinkedHashMap<>();
      both.put("RequestId", alibabaId);
      both.put("Code", alibaba.code());
      both.put("Message", alibaba.message());
      both.put("request_id", huaweiId);
      both.put("error_code", huawei.code());
      both.put("error_msg", huawei.message());
      body = Json.bytes(both);
      contentType = AlibabaRpcApi.CONTENT_TYPE;
    } else {
      body = Json.bytes(Map.of("code", opsCode(status), "message", reason));
      contentType = "application/json";
    }
    if (status == 503) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(limits.retryAfterSeconds()));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static ApiError alibaba(int status, String reason) {
    return switch (status) {
      case 404, 405 -> AlibabaErrors.apiNotFound();
      case 429 -> AlibabaErrors.throttling();
      case 503 -> AlibabaErrors.serviceUnavailable();
      default ->
          status < 500 ? AlibabaErrors.badRequest(status, reason) : AlibabaErrors.internalError();
    };
  }

  private ApiError huawei(int status, String reason, boolean kooPhone) {
    if (status >= 500) {
      return kooPhone
          ? HuaweiErrors.kooPhoneInternal(status == 503)
          : HuaweiErrors.cphInternal(status == 503);
    }
    return switch (status) {
      case 404, 405 -> HuaweiErrors.apiNotFound();
      case 429 -> HuaweiErrors.throttled(limits.rateLimit(), limits.ratePeriod());
      default -> HuaweiErrors.badRequest(status, reason);
    };
  }

  private static String opsCode(int status) {
    return switch (status) {
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 429 -> "THROTTLED";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> status < 500 ? "INVALID_REQUEST" : "INTERNAL_ERROR";
    };
  }
}
