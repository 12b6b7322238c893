package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * What stands between a connection and the APIs, so that slow or numerous clients cannot starve the
 * others:
 *
 * <ol>
 *   <li>{@code /healthz} (liveness, static) and {@code /readyz} (the store answers) are answered
 *       first, outside every queue, so a probe is answered while the APIs are full;
 *   <li>a request body is read without holding a thread (Jetty calls back as bytes arrive), up to
 *       {@link Exchange#MAX_BODY_BYTES} and no slower than {@link
 *       ServerLimits#minRequestDataRate()}: a hundred clients trickling bodies hold connections,
 *       not threads or request slots, and a body too slow or silent past the idle timeout is
 *       answered 408 in the path's vendor shape;
 *   <li>Jetty's {@link QoSHandler} then lets {@link ServerLimits#maxConcurrentRequests()} requests
 *       run at once, parks up to {@link ServerLimits#maxQueuedRequests()} more (without a thread)
 *       for at most {@link ServerLimits#maxQueueWait()}, and answers the rest 503 in the path's
 *       vendor shape (through {@link JsonErrorHandler}) with {@code Retry-After}.
 * </ol>
 *
 * Thread-safe.
 */
final class Admission extends Handler.Wrapper {
  /** Request attribute: the body's bytes, once read. */
  static final String BODY = Admission.class.getName() + ".body";

  /** Request attribute: set when the body was larger than {@link Exchange#MAX_BODY_BYTES}. */
  static final String BODY_TOO_LARGE = Admission.class.getName() + ".bodyTooLarge";

  /** Escapes in a path that Jetty lets through so that this handler refuses them (400). */
  static final Set<UriCompliance.Violation> BAD_ENCODINGS =
      EnumSet.of(
          UriCompliance.Violation.BAD_PERCENT_ENCODING,
          UriCompliance.Violation.BAD_UTF8_ENCODING,
          UriCompliance.Violation.TRUNCATED_UTF8_ENCODING,
          UriCompliance.Violation.UTF16_ENCODINGS);

  private final Readiness readiness;
  private final ServerLimits limits;

  /** {@code clock} is the time that signatures and tokens are checked against. */
  Admission(TaskEngine engine, ServerConfig config, ServerLimits limits, Clock clock) {
    super(queue(new Router(engine, config, limits, clock), limits));
    this.readiness = new Readiness(engine);
    this.limits = limits;
  }

  private static QoSHandler queue(Handler apis, ServerLimits limits) {
    QoSHandler queue = new QoSHandler(apis);
    queue.setMaxRequestCount(limits.maxConcurrentRequests());
    queue.setMaxSuspendedRequestCount(limits.maxQueuedRequests());
    queue.setMaxSuspend(limits.maxQueueWait());
    return queue;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    for (UriCompliance.Violation violation : request.getHttpURI().getViolations()) {
      if (BAD_ENCODINGS.contains(violation)) {
        Response.writeError(
            request, response, callback, 400, "the path has a malformed percent-escape");
        return true;
      }
    }
    String path = Request.getPathInContext(request);
    if (path.equals("/healthz")) {
      answer(response, callback, 200, "{\"status\":\"ok\"}");
      return true;
    }
    if (path.equals("/readyz")) {
      if (readiness.ready()) {
        answer(response, callback, 200, "{\"status\":\"ready\"}");
      } else {
        response
            .getHeaders()
            .put(HttpHeader.RETRY_AFTER, Long.toString(limits.retryAfterSeconds()));
        answer(
            response,
            callback,
            503,
            "{\"status\":\"unavailable\",\"message\":\"the store does not answer\"}");
      }
      return true;
    }
    if (request.getLength() == 0) {
      return super.handle(request, response, callback);
    }
    read(request, response, callback, new ByteArrayOutputStream());
    return true;
  }

  /** Reads what has arrived of the body, asks to be called back for more, dispatches at the end. */
  private void read(
      Request request, Response response, Callback callback, ByteArrayOutputStream body) {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(() -> read(request, response, callback, body));
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        // Silent past the idle timeout, or gone: answered here, without taking a request slot.
        Throwable failure = chunk.getFailure();
        int status = failure instanceof HttpException http ? http.getCode() : 408;
        Response.writeError(
            request, response, callback, status, "the request body did not arrive", failure);
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      if (body.size() + bytes.remaining() > Exchange.MAX_BODY_BYTES) {
        chunk.release();
        request.setAttribute(BODY_TOO_LARGE, Boolean.TRUE); // the rest is never read
        dispatch(request, response, callback);
        return;
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      body.write(copy, 0, copy.length);
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        request.setAttribute(BODY, body.toByteArray());
        dispatch(request, response, callback);
        return;
      }
      if (tooSlow(request, body.size())) {
        Response.writeError(
            request,
            response,
            callback,
            408,
            "the request body arrives slower than "
                + limits.minRequestDataRate()
                + " bytes a second");
        return;
      }
    }
  }

  /**
   * Whether the body arrives slower than the minimum data rate, measured from the start of the
   * request once a second has passed. (Jetty 12's core server keeps the setting but leaves the
   * check to the handler that reads.) A client that sends nothing at all is the idle timeout's.
   */
  private boolean tooSlow(Request request, long bytesRead) {
    long rate = limits.minRequestDataRate();
    long elapsed = NanoTime.since(request.getBeginNanoTime());
    if (rate == 0 || elapsed < TimeUnit.SECONDS.toNanos(1)) {
      return false;
    }
    return bytesRead < rate * elapsed / TimeUnit.SECONDS.toNanos(1);
  }

  private void dispatch(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable failure) {
      Response.writeError(request, response, callback, failure);
    }
  }

  private static void answer(Response response, Callback callback, int status, String json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
