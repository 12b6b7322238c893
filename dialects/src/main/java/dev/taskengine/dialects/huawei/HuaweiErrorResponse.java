package dev.taskengine.dialects.huawei;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.dialects.ApiError;

/**
 * The body of a Huawei Cloud error: {@code {"error_code","error_msg"}}, and for Cloud Phone APIs
 * also the {@code request_id} (the Cloud Phone "abnormal response"), sent with the error's 4xx or
 * 5xx status.
 *
 * @param requestId the request id, or null to leave it out (KooPhone)
 * @param errorCode the error code
 * @param errorMsg the message
 */
@JsonPropertyOrder({"request_id", "error_code", "error_msg"})
public record HuaweiErrorResponse(
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("request_id") String requestId,
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_msg") String errorMsg) {

  /** The Cloud Phone body, with the request id. */
  public static HuaweiErrorResponse of(ApiError error, String requestId) {
    return new HuaweiErrorResponse(requestId, error.code(), error.message());
  }

  /** The KooPhone body, without a request id. */
  public static HuaweiErrorResponse of(ApiError error) {
    return new HuaweiErrorResponse(null, error.code(), error.message());
  }
}
