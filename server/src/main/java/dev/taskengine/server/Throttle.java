package dev.taskengine.server;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-caller rate limit: at most {@link ServerLimits#rateLimit()} requests per {@link
 * ServerLimits#ratePeriod()} for each caller. A caller is the identity the API resolved for the
 * request (today the account its credential names; once requests are verified, the verified one),
 * keyed by {@link #key}: the one function every API passes its caller through, after the caller is
 * known and before any work for it is done. Unknown credentials never reach it, so it holds one
 * limiter per configured account and vendor at most.
 *
 * <p>Each limiter is a resilience4j {@link RateLimiter} (lock-free, a fixed number of permits per
 * refresh period, asked without waiting): a refused request is answered at once with the vendor's
 * 429, never parked on a thread. Thread-safe.
 */
final class Throttle {
  private final RateLimiterConfig config;
  private final int limit;
  private final Duration period;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  Throttle(ServerLimits limits) {
    this.limit = limits.rateLimit();
    this.period = limits.ratePeriod();
    this.config =
        limit == 0
            ? null
            : RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
  }

  /**
   * The rate-limit key of a caller: its vendor ({@code alibaba}, {@code huawei}) and account. The
   * vendors limit per account (several access keys of one account share its quota), and so does
   * this server.
   */
  static String key(String vendor, ServerConfig.Account account) {
    return vendor + ":" + account.name();
  }

  /** Whether the caller may make this request now; false uses up nothing. */
  boolean admit(String key) {
    if (config == null) {
      return true;
    }
    // The limiter's name never carries the key: nothing of a caller ends up in its metrics or
    // messages.
    return limiters
        .computeIfAbsent(key, unused -> RateLimiter.of("caller", config))
        .acquirePermission();
  }

  /** The limit, for the vendors' messages. */
  int limit() {
    return limit;
  }

  /** The period of {@link #limit()}. */
  Duration period() {
    return period;
  }
}
