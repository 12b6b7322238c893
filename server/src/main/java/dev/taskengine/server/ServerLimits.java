package dev.taskengine.server;

import java.time.Duration;

/**
 * How much the server takes on before it refuses work, so that no client, however slow, numerous or
 * persistent, can take the server from the others. Every refusal is the vendor's error shape
 * (docs/server.md, "Limits and failure", lists each flag, default and code). Immutable; start from
 * {@link #defaults()} and change what you need with {@link #toBuilder()}.
 *
 * @param maxConnections open TCP connections at once; past it the server stops accepting until one
 *     closes (256)
 * @param maxConcurrentRequests requests handled at once, each on a thread (32); {@code /healthz}
 *     and {@code /readyz} are outside this limit
 * @param maxQueuedRequests requests waiting for a free slot (128); past it a request is answered
 *     503 at once
 * @param maxQueueWait how long a request waits for a slot before it is answered 503 (5 s)
 * @param idleTimeout how long a connection may stay silent, between requests or in the middle of
 *     one, before it is closed (30 s)
 * @param minRequestDataRate the slowest a request body may arrive, in bytes per second, measured
 *     from the start of the request; a slower one is refused (1,024)
 * @param rateLimit requests one caller (an account, per vendor) may make per {@code ratePeriod}; 0
 *     turns rate limiting off (100)
 * @param ratePeriod the period of {@code rateLimit} (1 s)
 * @param retryAfter the {@code Retry-After} of a 503, when the server is full or the store is down
 *     (5 s)
 */
public record ServerLimits(
    int maxConnections,
    int maxConcurrentRequests,
    int maxQueuedRequests,
    Duration maxQueueWait,
    Duration idleTimeout,
    long minRequestDataRate,
    int rateLimit,
    Duration ratePeriod,
    Duration retryAfter) {

  private static final ServerLimits DEFAULTS =
      new ServerLimits(
          256,
          32,
          128,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          1_024,
          100,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5));

  public ServerLimits {
    atLeast(maxConnections, 1, "maxConnections");
    atLeast(maxConcurrentRequests, 1, "maxConcurrentRequests");
    atLeast(maxQueuedRequests, 0, "maxQueuedRequests");
    positive(maxQueueWait, "maxQueueWait");
    positive(idleTimeout, "idleTimeout");
    atLeast(minRequestDataRate, 0, "minRequestDataRate");
    atLeast(rateLimit, 0, "rateLimit");
    positive(ratePeriod, "ratePeriod");
    positive(retryAfter, "retryAfter");
    if (retryAfter.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "retryAfter: whole seconds (Retry-After counts seconds), was " + retryAfter);
    }
  }

  /** The defaults listed on this record. */
  public static ServerLimits defaults() {
    return DEFAULTS;
  }

  /** A builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@link #retryAfter} in seconds, as the header says it. */
  long retryAfterSeconds() {
    return retryAfter.toSeconds();
  }

  private static void atLeast(long value, long minimum, String field) {
    if (value < minimum) {
      throw new IllegalArgumentException(field + ": at least " + minimum + ", was " + value);
    }
  }

  private static void positive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": a positive duration, was " + value);
    }
  }

  /** Changes some limits; checks all of them at {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxConnections;
    private int maxConcurrentRequests;
    private int maxQueuedRequests;
    private Duration maxQueueWait;
    private Duration idleTimeout;
    private long minRequestDataRate;
    private int rateLimit;
    private Duration ratePeriod;
    private Duration retryAfter;

    private Builder(ServerLimits from) {
      maxConnections = from.maxConnections;
      maxConcurrentRequests = from.maxConcurrentRequests;
      maxQueuedRequests = from.maxQueuedRequests;
      maxQueueWait = from.maxQueueWait;
      idleTimeout = from.idleTimeout;
      minRequestDataRate = from.minRequestDataRate;
      rateLimit = from.rateLimit;
      ratePeriod = from.ratePeriod;
      retryAfter = from.retryAfter;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder maxConcurrentRequests(int value) {
      maxConcurrentRequests = value;
      return this;
    }

    public Builder maxQueuedRequests(int value) {
      maxQueuedRequests = value;
      return this;
    }

    public Builder maxQueueWait(Duration value) {
      maxQueueWait = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder minRequestDataRate(long bytesPerSecond) {
      minRequestDataRate = bytesPerSecond;
      return this;
    }

    /** {@code limit} requests per {@code period} per caller; a limit of 0 turns it off. */
    public Builder rateLimit(int limit, Duration period) {
      rateLimit = limit;
      ratePeriod = period;
      return this;
    }

    public Builder retryAfter(Duration value) {
      retryAfter = value;
      return this;
    }

    public ServerLimits build() {
      return new ServerLimits(
          maxConnections,
          maxConcurrentRequests,
          maxQueuedRequests,
          maxQueueWait,
          idleTimeout,
          minRequestDataRate,
          rateLimit,
          ratePeriod,
          retryAfter);
    }
  }
}
