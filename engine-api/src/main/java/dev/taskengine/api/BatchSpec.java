package dev.taskengine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to create for a batch: the batch task and one child per resource, created in one atomic
 * step. Children inherit type, invoke id, operator, cancellability, deadline, maxRunTime and retry
 * policy. Build one with {@link #builder(String, String)}. The engine checks the limits (at most
 * 10,000 children by default).
 *
 * @param tenant required
 * @param type required
 * @param invokeId the creating request's id, may be null
 * @param operator may be null
 * @param param the batch's parameters, may be null
 * @param cancellable whether the batch and its children may be cancelled (default true)
 * @param clientToken idempotency key, may be null
 * @param children at least one
 * @param deadline when the task fails with {@code DeadlineExceeded} unless finished, may be null
 * @param maxRunTime the longest the task may run from its first start before it fails with {@code
 *     DeadlineExceeded}, may be null
 * @param retryPolicy how a task whose lease expired is retried; null for the engine's default
 */
public record BatchSpec(
    String tenant,
    String type,
    String invokeId,
    String operator,
    String param,
    boolean cancellable,
    String clientToken,
    List<ChildSpec> children,
    Instant deadline,
    Duration maxRunTime,
    RetryPolicy retryPolicy) {

  public BatchSpec {
    InvalidRequestException.requireNonBlank(tenant, "tenant");
    InvalidRequestException.requireNonBlank(type, "type");
    InvalidRequestException.requireNonNull(children, "children");
    for (int i = 0; i < children.size(); i++) {
      InvalidRequestException.requireNonNull(children.get(i), "children[" + i + "]");
    }
    if (children.isEmpty()) {
      throw new InvalidRequestException("children", "a batch needs at least one child");
    }
    children = List.copyOf(children);
  }

  public static Builder builder(String tenant, String type) {
    return new Builder(tenant, type);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private final String type;
    private String invokeId;
    private String operator;
    private String param;
    private boolean cancellable = true;
    private String clientToken;
    private Instant deadline;
    private Duration maxRunTime;
    private RetryPolicy retryPolicy;
    private final List<ChildSpec> children = new ArrayList<>();

    private Builder(String tenant, String type) {
      this.tenant = tenant;
      this.type = type;
    }

    public Builder invokeId(String invokeId) {
      this.invokeId = invokeId;
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

    public Builder child(ChildSpec child) {
      children.add(child);
      return this;
    }

    /** Adds a child for the resource, with no name and no parameters of its own. */
    public Builder child(String resourceId) {
      return child(ChildSpec.of(resourceId));
    }

    public Builder children(List<ChildSpec> more) {
      children.addAll(InvalidRequestException.requireNonNull(more, "children"));
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

    public BatchSpec build() {
      return new BatchSpec(
          tenant,
          type,
          invokeId,
          operator,
          param,
          cancellable,
          clientToken,
          children,
          deadline,
          maxRunTime,
          retryPolicy);
    }
  }
}
