package dev.taskengine.dialects.alibaba;

import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.internal.Params;
import java.util.Map;

/**
 * The Alibaba Cloud errors the dialects answer with. {@code MissingParameter} and {@code
 * InvalidRegionId.NotFound} are the documents' own (seed 003); the others are Alibaba Cloud's
 * common gateway errors, with the codes, statuses and wording of the OpenAPI common error tables
 * (docs/server.md cites them). Every client mistake is a 4xx.
 *
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>status</th><th>code</th><th>when</th></tr>
 *   <tr><td>400</td><td>MissingParameter</td><td>a required parameter (RegionId, Action,
 *       Version) is absent</td></tr>
 *   <tr><td>400</td><td>InvalidRegionId.NotFound</td><td>the RegionId is not served here</td></tr>
 *   <tr><td>400</td><td>InvalidParameter</td><td>a value is malformed, out of range or too
 *       long, or a list too long</td></tr>
 *   <tr><td>400, 408, 413, 414, 431</td><td>InvalidParameter</td><td>the request cannot be read:
 *       malformed, too slow or too large</td></tr>
 *   <tr><td>400</td><td>InvalidParameter.NextToken</td><td>the NextToken is malformed,
 *       expired, or belongs to other filters</td></tr>
 *   <tr><td>400</td><td>Missing{Name}</td><td>a common parameter of signature v1 is absent:
 *       MissingAccessKeyId, MissingSignature, MissingTimestamp, MissingSignatureNonce</td></tr>
 *   <tr><td>400</td><td>IncompleteSignature</td><td>the signature is malformed, leaves out what it
 *       must cover, or another element names a second identity</td></tr>
 *   <tr><td>400</td><td>InvalidSignatureMethod</td><td>a signature method other than HMAC-SHA1
 *       (v1) or ACS3-HMAC-SHA256</td></tr>
 *   <tr><td>400</td><td>InvalidTimeStamp.Format</td><td>Timestamp or x-acs-date
 *       malformed</td></tr>
 *   <tr><td>400</td><td>InvalidTimeStamp.Expired</td><td>signed more than 15 minutes from the
 *       server's time</td></tr>
 *   <tr><td>400</td><td>SignatureDoesNotMatch</td><td>the signature is not the one the secret
 *       gives</td></tr>
 *   <tr><td>400</td><td>SignatureNonceUsed</td><td>the nonce was used within the
 *       window</td></tr>
 *   <tr><td>404</td><td>InvalidAccessKeyId.NotFound</td><td>the access key id is
 *       unknown</td></tr>
 *   <tr><td>404</td><td>InvalidAction.NotFound</td><td>no such Action in that Version</td></tr>
 *   <tr><td>429</td><td>Throttling</td><td>the caller's request rate is over its limit</td></tr>
 *   <tr><td>500</td><td>InternalError</td><td>a failure of ours</td></tr>
 *   <tr><td>503</td><td>ServiceUnavailable</td><td>the store cannot be reached</td></tr>
 * </table>
 */
public final class AlibabaErrors {
  private AlibabaErrors() {}

  /** How {@link Params} words its problems in this dialect. */
  static final Params.Errors PARAMS =
      new Params.Errors() {
        @Override
        public ApiError missing(String name) {
          return missingParameter(name);
        }

        @Override
        public ApiError invalid(String name, String problem) {
          return invalidParameter(name, problem);
        }
      };

  /** 400 MissingParameter, worded as seed 003 words it for RegionId. */
  public static ApiError missingParameter(String name) {
    return new ApiError(
        400,
        "MissingParameter",
        "An input parameter \""
            + name
            + "\" that is mandatory for processing the request is not supplied.");
  }

  /** 400 InvalidRegionId.NotFound, as seed 003 words it. */
  public static ApiError regionNotFound() {
    return new ApiError(400, "InvalidRegionId.NotFound", "The specified RegionId does not exist.");
  }

  /** 400 InvalidParameter naming the parameter and the rule. */
  public static ApiError invalidParameter(String name, String problem) {
    return new ApiError(
        400,
        "InvalidParameter",
        "The specified parameter \"" + name + "\" is not valid: " + problem + ".");
  }

  /**
   * InvalidParameter with a 4xx status for a request that cannot be read at all (a malformed URI or
   * body framing, headers or a body too large, a body too slow); {@code reason} says which.
   */
  public static ApiError badRequest(int httpStatus, String reason) {
    if (httpStatus < 400 || httpStatus > 499) {
      throw new IllegalArgumentException("a bad request is a 4xx, was " + httpStatus);
    }
    return new ApiError(
        httpStatus, "InvalidParameter", "The request cannot be processed: " + reason + ".");
  }

  /** 400 InvalidParameter.NextToken: start again from the first page. */
  public static ApiError invalidNextToken(String problem) {
    return new ApiError(
        400,
        "InvalidParameter.NextToken",
        "The specified NextToken is not valid (" + problem + "); start again without NextToken.");
  }

  /** 404 InvalidAction.NotFound: the Action is not served in that Version. */
  public static ApiError apiNotFound() {
    return new ApiError(
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.");
  }

  /**
   * 400 Missing{Name}: a common parameter is absent ({@code MissingAccessKeyId}, {@code
   * MissingSignature}, {@code MissingTimestamp}, {@code MissingSignatureNonce}).
   */
  public static ApiError missingCommonParameter(String name) {
    return new ApiError(400, "Missing" + name, name + " is mandatory for this action.");
  }

  /** 400 MissingAccessKeyId: the request names no access key. */
  public static ApiError missingAccessKeyId() {
    return missingCommonParameter("AccessKeyId");
  }

  /** 404 InvalidAccessKeyId.NotFound: the access key is unknown. */
  public static ApiError accessKeyNotFound() {
    return new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  }

  /**
   * 400 IncompleteSignature: the signature is malformed, does not cover what it must, or the
   * request names a second identity outside it; {@code problem} says which.
   */
  public static ApiError incompleteSignature(String problem) {
    return new ApiError(
        400,
        "IncompleteSignature",
        "The request signature does not conform to Aliyun standards: " + problem + ".");
  }

  /** 400 InvalidSignatureMethod: a signature method or algorithm not served. */
  public static ApiError invalidSignatureMethod(String problem) {
    return new ApiError(
        400, "InvalidSignatureMethod", "Specified signature method is not valid: " + problem + ".");
  }

  /**
   * 400 SignatureDoesNotMatch; {@code detail} shows what the server signed (the string to sign
   * holds no secret), for the caller to compare with its own.
   */
  public static ApiError signatureDoesNotMatch(String detail) {
    return new ApiError(
        400,
        "SignatureDoesNotMatch",
        "Specified signature is not matched with our calculation. " + detail);
  }

  /** 400 SignatureNonceUsed: the nonce was used before within the time window. */
  public static ApiError signatureNonceUsed() {
    return new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }

  /** 400 InvalidTimeStamp.Format: Timestamp or x-acs-date cannot be read. */
  public static ApiError timestampMalformed() {
    return new ApiError(
        400,
        "InvalidTimeStamp.Format",
        "Specified time stamp or date value is not well formatted: give UTC"
            + " yyyy-MM-ddTHH:mm:ssZ.");
  }

  /** 400 InvalidTimeStamp.Expired: signed more than 15 minutes before or after our time. */
  public static ApiError timestampExpired() {
    return new ApiError(
        400,
        "InvalidTimeStamp.Expired",
        "Specified time stamp or date value is expired: it must be within 15 minutes of the"
            + " server's time.");
  }

  /** 429 Throttling: the caller sent more requests than its rate limit allows; retry later. */
  public static ApiError throttling() {
    return new ApiError(429, "Throttling", "Request was denied due to request throttling.");
  }

  /** 500 InternalError. */
  public static ApiError internalError() {
    return new ApiError(
        500,
        "InternalError",
        "The request processing has failed due to some unknown error, exception or failure.");
  }

  /** 503 ServiceUnavailable: retry later. */
  public static ApiError serviceUnavailable() {
    return new ApiError(
        503,
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.");
  }

  /**
   * The Alibaba error for an engine exception: a refused argument is InvalidParameter (naming the
   * vendor parameter that {@code parameterNames} gives for the engine's field, or the engine's
   * field), a refused page token is InvalidParameter.NextToken, an unreachable store
   * ServiceUnavailable, anything else (a lost lease included: the APIs only read) InternalError.
   */
  public static ApiError fromEngine(
      TaskEngineException exception, Map<String, String> parameterNames) {
    return switch (exception.code()) {
      case INVALID_REQUEST -> {
        String field = ((InvalidRequestException) exception).field();
        yield invalidParameter(parameterNames.getOrDefault(field, field), exception.getMessage());
      }
      case INVALID_PAGE_TOKEN -> invalidNextToken(exception.getMessage());
      case STORE_UNAVAILABLE -> serviceUnavailable();
      // DescribeTasks only reads: a transition's or a lease's refusal reaching it is our bug. No
      // default, so that a new code does not compile until it is placed here.
      case TASK_NOT_FOUND,
          ILLEGAL_TRANSITION,
          CONCURRENT_UPDATE,
          IDEMPOTENCY_CONFLICT,
          LEASE_LOST,
          STORE_FAILURE ->
          internalError();
    };
  }
}
