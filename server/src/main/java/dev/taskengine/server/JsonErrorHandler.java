package dev.taskengine.server;

import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.alibaba.AlibabaErrorResponse;
import dev.taskengine.dialects.huawei.HuaweiErrorResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty itself answers (a URI it refuses, headers too large, a malformed request) in
 * JSON of the shape the path's API uses, instead of Jetty's HTML page: Alibaba's at {@code /},
 * Huawei's under {@code /v1/}, the operators' elsewhere.
 */
final class JsonErrorHandler extends ErrorHandler {

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
    String path = request.getHttpURI().getPath();
    byte[] body;
    String contentType = "application/json";
    if (path != null && path.startsWith("/v1/")) {
      String requestId = RequestIds.huawei();
      response.getHeaders().put("X-Request-Id", requestId);
      body = Json.bytes(HuaweiErrorResponse.of(new ApiError(status, "HTTP." + status, reason)));
    } else if ("/".equals(path)) {
      String requestId = RequestIds.alibaba();
      contentType = "application/json;charset=utf-8";
      body =
          Json.bytes(
              AlibabaErrorResponse.of(
                  new ApiError(status, HttpStatus.getMessage(status).replace(" ", ""), reason),
                  requestId));
    } else {
      body = Json.bytes(Map.of("code", "HTTP_" + status, "message", reason));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
