package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its API by path: {@code /} Alibaba RPC, {@code /v1/...} Huawei, {@code
 * /ops/...} the workers' and operators' API. Every request is answered, with JSON, by the API it
 * belongs to. Runs behind {@link Admission}, which answers the probes and bounds the work.
 * Thread-safe.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final AlibabaRpcApi alibaba;
  private final HuaweiApi huawei;
  private final OpsApi ops;
  private final ServerLimits limits;

  /** {@code clock} is the time that signatures and tokens are checked against. */
  Router(TaskEngine engine, ServerConfig config, ServerLimits limits, Clock clock) {
    Credentials credentials = new Credentials(config);
    Throttle throttle = new Throttle(limits);
    ReplayGuard replays = new ReplayGuard(clock, ReplayGuard.DEFAULT_CAPACITY);
    this.alibaba =
        new AlibabaRpcApi(engine, config, new AlibabaAuthenticator(credentials, replays), throttle);
    this.huawei = new HuaweiApi(engine, new HuaweiAuthenticator(credentials, replays), throttle);
    this.ops = new OpsApi(engine, config, credentials);
    this.limits = limits;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback, limits);
    try {
      String path = exchange.path();
      if (path.equals("/")) {
        alibaba.handle(exchange);
      } else if (path.startsWith("/v1/")) {
        huawei.handle(exchange);
      } else if (path.startsWith("/ops/")) {
        ops.handle(exchange);
      } else {
        exchange.send(
            404,
            "application/json",
            Map.of(),
            Json.bytes(
                Map.of(
                    "code",
                    "NOT_FOUND",
                    "message",
                    "no API at this path: Alibaba RPC is at /, Huawei at /v1/..., operators at"
                        + " /ops/v1/...")));
      }
    } catch (RuntimeException e) {
      // The APIs answer their own failures; this is the last line, never a silent drop. The path
      // only: the query may carry a signature and everything a caller sent.
      LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      exchange.send(
          500,
          "application/json",
          Map.of(),
          "{\"code\":\"INTERNAL_ERROR\",\"message\":\"the request failed on our side\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    return true;
  }
}
