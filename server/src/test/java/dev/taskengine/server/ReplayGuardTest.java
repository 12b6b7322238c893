package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-24T12:00:00Z"));

  @Test
  void theWindowIsFifteenMinutesEitherWay() {
    ReplayGuard guard = new ReplayGuard(clock, 10);
    Instant now = clock.instant();
    assertThat(guard.withinWindow(now.minus(Duration.ofMinutes(15)))).isTrue();
    assertThat(guard.withinWindow(now.plus(Duration.ofMinutes(15)))).isTrue();
    assertThat(guard.withinWindow(now.minus(Duration.ofMinutes(15)).minusSeconds(1))).isFalse();
    assertThat(guard.withinWindow(now.plus(Duration.ofMinutes(15)).plusSeconds(1))).isFalse();
  }

  @Test
  void aNonceIsUsableOncePerAccessKeyAndForgottenWhenItsRequestLeavesTheWindow() {
    ReplayGuard guard = new ReplayGuard(clock, 10);
    Instant signedAt = clock.instant();
    assertThat(guard.firstUse("AK1", "n", signedAt)).isEqualTo(ReplayGuard.Use.FIRST);
    assertThat(guard.firstUse("AK1", "n", signedAt)).isEqualTo(ReplayGuard.Use.REPLAYED);
    assertThat(guard.firstUse("AK2", "n", signedAt)).isEqualTo(ReplayGuard.Use.FIRST);
    clock.advance(Duration.ofMinutes(15));
    assertThat(guard.firstUse("AK1", "n", signedAt)).isEqualTo(ReplayGuard.Use.REPLAYED);
    clock.advance(Duration.ofSeconds(1));
    // The request is now outside the window (refused before it gets here); its nonce is dropped.
    assertThat(guard.withinWindow(signedAt)).isFalse();
    assertThat(guard.firstUse("AK3", "other", clock.instant())).isEqualTo(ReplayGuard.Use.FIRST);
    assertThat(guard.size()).isEqualTo(1);
  }

  @Test
  void aFullCacheRaisesTheHorizonInsteadOfForgettingARequestItCouldStillAccept() {
    ReplayGuard guard = new ReplayGuard(clock, 3);
    Instant now = clock.instant();
    for (int i = 0; i < 3; i++) {
      assertThat(guard.firstUse("AK", "n" + i, now.minusSeconds(30 - i)))
          .isEqualTo(ReplayGuard.Use.FIRST);
    }
    // A fourth nonce evicts the oldest (signed 30 s ago): requests signed then or earlier are now
    // too old to tell, so the evicted nonce cannot be replayed.
    assertThat(guard.firstUse("AK", "n3", now)).isEqualTo(ReplayGuard.Use.FIRST);
    assertThat(guard.size()).isEqualTo(3);
    assertThat(guard.firstUse("AK", "n0", now.minusSeconds(30))).isEqualTo(ReplayGuard.Use.TOO_OLD);
    assertThat(guard.firstUse("AK", "new", now.minusSeconds(31)))
        .isEqualTo(ReplayGuard.Use.TOO_OLD);
    // Kept nonces are still replays; newer requests still pass.
    assertThat(guard.firstUse("AK", "n1", now.minusSeconds(29)))
        .isEqualTo(ReplayGuard.Use.REPLAYED);
    assertThat(guard.firstUse("AK", "n4", now.minusSeconds(1))).isEqualTo(ReplayGuard.Use.FIRST);
    assertThat(guard.size()).isEqualTo(3);
  }
}
