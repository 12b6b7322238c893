package dev.taskengine.dialects.huawei;

import dev.taskengine.api.TaskEngineException;
import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.internal.Params;

/**
 * The Huawei Cloud errors the dialects answer with. Seed 002 names KOOPHONE.API.1323 and
 * KOOPHONE.API.9999; CPS.0001, CPS.0002 and CPS.0003 are the Cloud Phone error table's; APIGW.* are
 * API Gateway's. Where no document names a code for a bad parameter, the code says what it is
 * ({@code CPS.InvalidParameter}, {@code KOOPHONE.API.InvalidParameter}). Every client mistake is a
 * 4xx.
 *
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>status</th><th>code</th><th>when</th></tr>
 *   <tr><td>400</td><td>CPS.0002</td><td>offset or limit malformed or out of range</td></tr>
 *   <tr><td>400</td><td>CPS.InvalidParameter</td><td>neither request_id nor request_ids, more
 *       than 20 request ids, or one too long</td></tr>
 *   <tr><td>403</td><td>CPS.0001</td><td>the project is not the caller's</td></tr>
 *   <tr><td>500/503</td><td>CPS.0003</td><td>a failure of ours / the store is
 *       unreachable</td></tr>
 *   <tr><td>400</td><td>KOOPHONE.API.1323</td><td>no such task (for this tenant)</td></tr>
 *   <tr><td>400</td><td>KOOPHONE.API.InvalidParameter</td><td>the x-request-id header is
 *       missing or too long</td></tr>
 *   <tr><td>500/503</td><td>KOOPHONE.API.9999</td><td>a failure of ours / the store is
 *       unreachable</td></tr>
 *   <tr><td>401</td><td>APIGW.0301</td><td>missing, unknown or expired X-Auth-Token; unknown
 *       access key, bad or stale signature</td></tr>
 *   <tr><td>404</td><td>APIGW.0101</td><td>no such API</td></tr>
 *   <tr><td>400, 408, 413, 414, 431</td><td>APIGW.0201</td><td>a request the gateway cannot
 *       read: malformed, too slow, or too large</td></tr>
 *   <tr><td>429</td><td>APIGW.0308</td><td>the caller's request rate is over its limit</td></tr>
 * </table>
 */
public final class HuaweiErrors {
  private HuaweiErrors() {}

  /** How {@link Params} words Cloud Phone problems: paging is CPS.0002, the rest the generic. */
  static final Params.Errors CPH_PARAMS =
      new Params.Errors() {
        @Override
        public ApiError missing(String name) {
          return cphInvalidParameter(name, "is required");
        }

        @Override
        public ApiError invalid(String name, String problem) {
          if (name.equals("offset") || name.equals("limit")) {
            return cphInvalidPaging(name + " " + problem);
          }
          return cphInvalidParameter(name, problem);
        }
      };

  /** 400 CPS.0002: offset or limit is invalid. */
  public static ApiError cphInvalidPaging(String problem) {
    return new ApiError(400, "CPS.0002", "Parameter: offset or limit is invalid: " + problem + ".");
  }

  /** 400 CPS.InvalidParameter naming the parameter and the rule. */
  public static ApiError cphInvalidParameter(String name, String problem) {
    return new ApiError(
        400, "CPS.InvalidParameter", "Parameter: " + name + " is invalid: " + problem + ".");
  }

  /** 403 CPS.0001: the project in the path is not the caller's. */
  public static ApiError cphNoPermission() {
    return new ApiError(403, "CPS.0001", "No permission to request resources.");
  }

  /** 500 (or 503 when the store is unreachable) CPS.0003. */
  public static ApiError cphInternal(boolean unavailable) {
    return new ApiError(unavailable ? 503 : 500, "CPS.0003", "Service internal error.");
  }

  /** 400 KOOPHONE.API.1323, worded as seed 002 words it. */
  public static ApiError kooPhoneTaskNotFound() {
    return new ApiError(
        400, "KOOPHONE.API.1323", "The application installation task does not exist.");
  }

  /** 400 KOOPHONE.API.InvalidParameter naming the parameter and the rule. */
  public static ApiError kooPhoneInvalidParameter(String name, String problem) {
    return new ApiError(
        400,
        "KOOPHONE.API.InvalidParameter",
        "Parameter: " + name + " is invalid: " + problem + ".");
  }

  /** 500 (or 503 when the store is unreachable) KOOPHONE.API.9999, as seed 002 words it. */
  public static ApiError kooPhoneInternal(boolean unavailable) {
    return new ApiError(unavailable ? 503 : 500, "KOOPHONE.API.9999", "Internal service error.");
  }

  /** 401 APIGW.0301: the caller's token or access key is missing or unknown. */
  public static ApiError unauthorized() {
    return unauthorized("the X-Auth-Token or access key is missing or unknown");
  }

  /**
   * 401 APIGW.0301, API Gateway's answer to every failed IAM authentication ({@code problem} says
   * which: "verify aksk signature fail", "token expires", ...).
   */
  public static ApiError unauthorized(String problem) {
    return new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: " + problem);
  }

  /** 404 APIGW.0101: no such API. */
  public static ApiError apiNotFound() {
    return new ApiError(
        404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
  }

  /**
   * APIGW.0201 with a 4xx status: the API gateway's answer to a request it cannot read (malformed,
   * too large, too slow); {@code reason} says which.
   */
  public static ApiError badRequest(int httpStatus, String reason) {
    if (httpStatus < 400 || httpStatus > 499) {
      throw new IllegalArgumentException("a bad request is a 4xx, was " + httpStatus);
    }
    return new ApiError(httpStatus, "APIGW.0201", "API request error: " + reason + ".");
  }

  /**
   * 429 APIGW.0308: the caller sent more requests than its limit of {@code limit} per {@code
   * period} allows.
   */
  public static ApiError throttled(int limit, java.time.Duration period) {
    return new ApiError(
        429,
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit, limit:"
            + limit
            + ", time:"
            + describe(period)
            + ".");
  }

  private static String describe(java.time.Duration period) {
    long seconds = period.toSeconds();
    if (period.toMillis() % 1000 != 0) {
      return period.toMillis() + " milliseconds";
    }
    return seconds == 1 ? "1 second" : seconds + " seconds";
  }

  /**
   * Whether an engine failure means the store cannot be reached (503 rather than 500). The Huawei
   * APIs only read, so every other code, a lost lease included, is a failure of ours (500). No
   * default, so that a new code does not compile until it is placed here.
   */
  static boolean unavailable(TaskEngineException exception) {
    return switch (exception.code()) {
      case STORE_UNAVAILABLE -> true;
      case INVALID_REQUEST,
          INVALID_PAGE_TOKEN,
          TASK_NOT_FOUND,
          ILLEGAL_TRANSITION,
          CONCURRENT_UPDATE,
          IDEMPOTENCY_CONFLICT,
          LEASE_LOST,
          STORE_FAILURE ->
          false;
    };
  }
}
