package dev.taskengine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry policy's checks and its backoff arithmetic. */
class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10));

  @Test
  void backoffDoublesFromTheBaseUpToTheCapWithEqualJitter() {
    assertThat(POLICY.backoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(POLICY.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(1500));
    assertThat(POLICY.backoff(2, 0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.backoff(3, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(POLICY.backoff(4, 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(POLICY.backoff(4, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(POLICY.backoff(1_000_000, 0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theLongestPolicyDoesNotOverflow() {
    RetryPolicy longest =
        new RetryPolicy(Integer.MAX_VALUE, Duration.ofNanos(1), RetryPolicy.MAX_BACKOFF);
    assertThat(longest.backoff(Integer.MAX_VALUE, 0.999)).isLessThan(RetryPolicy.MAX_BACKOFF);
    assertThat(longest.backoff(Integer.MAX_VALUE, 0))
        .isEqualTo(RetryPolicy.MAX_BACKOFF.dividedBy(2));
  }

  @Test
  void retriesWhileAttemptsRemain() {
    assertThat(POLICY.retriesAfter(4)).isTrue();
    assertThat(POLICY.retriesAfter(5)).isFalse();
    assertThat(RetryPolicy.attempts(1).retriesAfter(1)).isFalse();
  }

  @Test
  void nonsenseIsRefusedNamingTheField() {
    assertThatThrownBy(() -> RetryPolicy.attempts(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retryPolicy.maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retryPolicy.initialBackoff");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retryPolicy.maxBackoff");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofDays(31)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retryPolicy.maxBackoff");
  }
}
