package dev.taskengine.dialects.alibaba;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taskengine.dialects.ApiError;

/**
 * The body of an Alibaba Cloud error: {@code {"RequestId","Code","Message"}}, sent with the error's
 * 4xx or 5xx status.
 */
@JsonPropertyOrder({"RequestId", "Code", "Message"})
public record AlibabaErrorResponse(
    @JsonProperty("RequestId") String requestId,
    @JsonProperty("Code") String code,
    @JsonProperty("Message") String message) {

  /** The body for {@code error} in the request {@code requestId}. */
  public static AlibabaErrorResponse of(ApiError error, String requestId) {
    return new AlibabaErrorResponse(requestId, error.code(), error.message());
  }
}
