package dev.taskengine.api;

import java.time.Duration;
import java.time.Instant;

/**
 * What to create for a single task (an instance task with no parent). Build one with {@link
 * #builder(String, String)}. Size limits are checked by the engine at submission.
 *
 * @param tenant required
 * @param type required, for example {@code StartInstance}
 * @param invokeId the creating request's id, may be null
 * @param resourceId may be null
 * @param resourceName may be null
 * @param operator may be null
 * @param param opaque parameters, may be null
 * @param cancellable whether the task may be cancelled (default true)
 * @param clientToken idempotency key, may be null: the same token with the same spec returns the
 *     original task
 * @param deadline when the task fails with {@code DeadlineExceeded} unless finished, may be null
 * @param maxRunTime the longest the task may run from its first start before it fails with {@code
 *     DeadlineExceeded}, may be null
 * @param retryPolicy how a task whose lease expired is retried; null for the engine's default
 */
public record TaskSpec(
    String tenant,
    String type,
    String invokeId,
    String resourceId,
    String resourceName,
    String operator,
    String param,
    boolean cancellable,
    String clientToken,
    Instant deadline,
    Duration maxRunTime,
    RetryPolicy retryPolicy) {

  public TaskSpec {
    InvalidRequestException.requireNonBlank(tenant, "tenant");
    InvalidRequestException.requireNonBlank(type, "type");
  }

  public static Builder builder(String tenant, String type) {
    return new Builder(tenant, type);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private final String type;
    private String invokeId;
    private String resourceId;
    private String resourceName;
    private String operator;
    private String param;
    private boolean cancellable = true;
    private String clientToken;
    private Instant deadline;
    private Duration maxRunTime;
    private RetryPolicy retryPolicy;

    private Builder(String tenant, String type) {
      this.tenant = tenant;
      this.type = type;
    }

    public Builder invokeId(String invokeId) {
      this.invokeId = invokeId;
      return this;
    }

    public Builder resource(String resourceId, String resourceName) {
      this.resourceId = resourceId;
      this.resourceName = resourceName;
      return this;
    }

    public Builder resourceId(String resourceId) {
      this.resourceId = resourceId;
      return this;
    }

    public Builder operator(String operator) {
      this.operator = operator;
      return this;
    }

    public Builder param(String param) {
      this.param = param;
      return this;
    }

    public Builder cancellable(boolean cancellable) {
      this.cancellable = cancellable;
      return this;
    }

    public Builder clientToken(String clientToken) {
      this.clientToken = clientToken;
      return this;
    }

    /** The instant after which the task fails with {@code DeadlineExceeded} unless finished. */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /** The longest the task may run, from its first start, before it fails as past deadline. */
    public Builder maxRunTime(Duration maxRunTime) {
      this.maxRunTime = maxRunTime;
      return this;
    }

    /** How a task whose lease expired is retried, instead of the engine's default. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public TaskSpec build() {
      return new TaskSpec(
          tenant,
          type,
          invokeId,
          resourceId,
          resourceName,
          operator,
          param,
          cancellable,
          clientToken,
          deadline,
          maxRunTime,
          retryPolicy);
    }
  }
}
