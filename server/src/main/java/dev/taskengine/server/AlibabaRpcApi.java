package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.ApiErrorException;
import dev.taskengine.dialects.alibaba.AlibabaErrorResponse;
import dev.taskengine.dialects.alibaba.AlibabaErrors;
import dev.taskengine.dialects.alibaba.CloudPhoneDescribeTasks;
import dev.taskengine.dialects.alibaba.EcsDescribeTasks;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba Cloud RPC at {@code /}, GET or POST: parameters from the query string and, for {@code
 * application/x-www-form-urlencoded} bodies, the body; the caller from the request's signature (RPC
 * signature v1 or ACS3-HMAC-SHA256, verified by {@link AlibabaAuthenticator}); the action and
 * version from the {@code Action} and {@code Version} parameters or the {@code x-acs-action} and
 * {@code x-acs-version} headers when the signature covers them (ACS3), which must agree with the
 * parameters when both are given. Answers JSON with {@code RequestId} (also in the {@code
 * x-acs-request-id} header); errors are {@code {"RequestId","Code","Message"}} with a 4xx or 5xx
 * status. Thread-safe.
 */
final class AlibabaRpcApi {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaRpcApi.class);
  static final String CONTENT_TYPE = "application/json;charset=utf-8";

  private final TaskEngine engine;
  private final ServerConfig config;
  private final AlibabaAuthenticator authenticator;
  private final Set<String> regions;
  private final Throttle throttle;

  AlibabaRpcApi(
      TaskEngine engine,
      ServerConfig config,
      AlibabaAuthenticator authenticator,
      Throttle throttle) {
    this.engine = engine;
    this.config = config;
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.regions = Set.copyOf(new HashSet<>(config.alibaba().regions()));
  }

  void handle(Exchange exchange) {
    String requestId = RequestIds.alibaba();
    try {
      Object body = answer(exchange, requestId);
      exchange.send(200, CONTENT_TYPE, Map.of("x-acs-request-id", requestId), Json.bytes(body));
    } catch (ApiErrorException e) {
      fail(exchange, requestId, e.error());
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      fail(exchange, requestId, AlibabaErrors.internalError());
    }
  }

  private Object answer(Exchange exchange, String requestId) {
    String method = exchange.method();
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new ApiErrorException(AlibabaErrors.apiNotFound());
    }
    Map<String, String> params = parameters(exchange);
    Caller caller = authenticator.authenticate(exchange, params);
    ServerConfig.Account account = caller.account();
    if (!throttle.admit(Throttle.key("alibaba", account))) {
      throw new ApiErrorException(AlibabaErrors.throttling());
    }
    String action = either(exchange, caller, params, "x-acs-action", "Action");
    String version = either(exchange, caller, params, "x-acs-version", "Version");
    if (action.equals(CloudPhoneDescribeTasks.ACTION)
        && version.equals(CloudPhoneDescribeTasks.VERSION)) {
      String region = params.get("RegionId");
      if (region == null || region.isEmpty()) {
        region = config.alibaba().cloudPhoneRegion();
      } else if (!regions.contains(region)) {
        throw new ApiErrorException(AlibabaErrors.regionNotFound());
      }
      return CloudPhoneDescribeTasks.execute(
          engine,
          Tenants.cloudPhone(account.name(), region),
          region,
          requestId,
          CloudPhoneDescribeTasks.parse(params));
    }
    if (action.equals(EcsDescribeTasks.ACTION) && version.equals(EcsDescribeTasks.VERSION)) {
      var request = EcsDescribeTasks.parse(params, regions);
      return EcsDescribeTasks.execute(
          engine, Tenants.ecs(account.name(), request.regionId()), requestId, request);
    }
    throw new ApiErrorException(AlibabaErrors.apiNotFound());
  }

  /** Query string and form body, URL-decoded; a name given twice is InvalidParameter. */
  private static Map<String, String> parameters(Exchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    try {
      FormData.decode(exchange.rawQuery(), params);
      if (exchange.method().equals("POST")
          && "application/x-www-form-urlencoded".equals(exchange.mediaType())) {
        FormData.decode(exchange.body(), params);
      }
    } catch (FormData.MalformedException e) {
      throw new ApiErrorException(AlibabaErrors.invalidParameter(e.name(), e.getMessage()));
    } catch (Exchange.BodyTooLargeException e) {
      throw new ApiErrorException(AlibabaErrors.invalidParameter("body", e.getMessage()));
    } catch (IOException e) {
      throw new ApiErrorException(
          AlibabaErrors.invalidParameter("body", "could not be read: " + e.getMessage()));
    }
    return params;
  }

  /**
   * A value from its parameter, or from its header when the signature covers the header; a header
   * and a parameter that are both given must agree.
   */
  private static String either(
      Exchange exchange,
      Caller caller,
      Map<String, String> params,
      String header,
      String parameter) {
    String fromHeader = exchange.header(header);
    String fromParameter = params.get(parameter);
    if (fromHeader != null && !fromHeader.isEmpty()) {
      if (fromParameter != null && !fromParameter.isEmpty() && !fromParameter.equals(fromHeader)) {
        throw new ApiErrorException(
            AlibabaErrors.invalidParameter(
                parameter, "the " + header + " header says \"" + fromHeader + "\""));
      }
      if (caller.signedHeaders().contains(header)) {
        return fromHeader;
      }
    }
    if (fromParameter == null || fromParameter.isEmpty()) {
      throw new ApiErrorException(AlibabaErrors.missingParameter(parameter));
    }
    return fromParameter;
  }

  private static void fail(Exchange exchange, String requestId, ApiError error) {
    exchange.send(
        error.httpStatus(),
        CONTENT_TYPE,
        Map.of("x-acs-request-id", requestId),
        Json.bytes(AlibabaErrorResponse.of(error, requestId)));
  }
}
