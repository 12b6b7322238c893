package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.InvalidPageTokenException;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.SortKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123456Z");
  private static final TokenKey KEY_A = TokenKey.of("a", new byte[32]);
  private static final TokenKey KEY_B = TokenKey.of("b", filled(32, (byte) 7));
  private static final TaskQuery QUERY =
      TaskQuery.builder("tenant-1").statuses(TaskStatus.RUNNING).types("StartInstance").build();
  private static final SortKey LAST =
      new SortKey(NOW.minusSeconds(5), "t-01jd4r6k2q8x9m3v5w7y0z1a2b");

  private final PageTokens tokens = new PageTokens(TokenKeyRing.of(KEY_A), Duration.ofHours(24));

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }

  @Test
  void tokenRoundTripsSnapshotAndPosition() {
    String token = tokens.issue(new PageTokens.Scope("tenant-1", QUERY), NOW, LAST, NOW);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    PageTokens.Position position =
        tokens.read(token, new PageTokens.Scope("tenant-1", QUERY), NOW.plusSeconds(60));
    assertThat(position.snapshot()).isEqualTo(NOW);
    assertThat(position.after()).isEqualTo(LAST);
  }

  @Test
  void everyFlippedBitIsRejected() {
    byte[] bytes =
        Base64.getUrlDecoder()
            .decode(tokens.issue(new PageTokens.Scope("tenant-1", QUERY), NOW, LAST, NOW));
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= (byte) (1 << bit);
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
        assertThatThrownBy(
                () -> tokens.read(tampered, new PageTokens.Scope("tenant-1", QUERY), NOW))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(InvalidPageTokenException.class);
      }
    }
  }

  @Test
  void everyTruncationIsRejected() {
    String token = tokens.issue(new PageTokens.Scope("tenant-1", QUERY), NOW, LAST, NOW);
    for (int length = 0; length < token.length(); length++) {
      String truncated = token.substring(0, length);
      assertThatThrownBy(() -> tokens.read(truncated, new PageTokens.Scope("tenant-1", QUERY), NOW))
          .as("length %d", length)
          .isInstanceOf(InvalidPageTokenException.class);
    }
  }

  @Test
  void oversizedAndGarbageTokensAreRejectedBeforeDecoding() {
    assertThatThrownBy(
            () -> tokens.read("A".repeat(100_000), new PageTokens.Scope("tenant-1", QUERY), NOW))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(
            () -> tokens.read("not a token!", new PageTokens.Scope("tenant-1", QUERY), NOW))
        .isInstanceOf(InvalidPageTokenException.class);
  }

  @Test
  void tokenIsBoundToTenantFilterOrderAndLifetime() {
    String token = tokens.issue(new PageTokens.Scope("tenant-1", QUERY), NOW, LAST, NOW);
    assertThatThrownBy(() -> tokens.read(token, new PageTokens.Scope("tenant-2", QUERY), NOW))
        .hasMessageContaining("another tenant");
    TaskQuery otherFilter = QUERY.toBuilder().statuses(TaskStatus.PENDING).build();
    assertThatThrownBy(() -> tokens.read(token, new PageTokens.Scope("tenant-1", otherFilter), NOW))
        .hasMessageContaining("another filter");
    TaskQuery otherOrder = QUERY.toBuilder().order(SortOrder.OLDEST_FIRST).build();
    assertThatThrownBy(() -> tokens.read(token, new PageTokens.Scope("tenant-1", otherOrder), NOW))
        .hasMessageContaining("order");
    assertThat(
            tokens.read(
                token, new PageTokens.Scope("tenant-1", QUERY), NOW.plus(Duration.ofHours(24))))
        .isNotNull();
    assertThatThrownBy(
            () ->
                tokens.read(
                    token,
                    new PageTokens.Scope("tenant-1", QUERY),
                    NOW.plus(Duration.ofHours(24)).plusMillis(1)))
        .hasMessageContaining("expired");
  }

  @Test
  void retiredKeysStillVerifyAndUnknownKeysDoNot() {
    String signedByA = tokens.issue(new PageTokens.Scope("tenant-1", QUERY), NOW, LAST, NOW);
    PageTokens rotated = new PageTokens(TokenKeyRing.of(KEY_B, KEY_A), Duration.ofHours(24));
    assertThat(rotated.read(signedByA, new PageTokens.Scope("tenant-1", QUERY), NOW).after())
        .isEqualTo(LAST);
    PageTokens onlyB = new PageTokens(TokenKeyRing.of(KEY_B), Duration.ofHours(24));
    assertThatThrownBy(() -> onlyB.read(signedByA, new PageTokens.Scope("tenant-1", QUERY), NOW))
        .hasMessageContaining("unknown key");
    // A key with the right id but another secret fails the signature.
    PageTokens impostor =
        new PageTokens(
            TokenKeyRing.of(TokenKey.of("a", filled(32, (byte) 1))), Duration.ofHours(1));
    assertThatThrownBy(() -> impostor.read(signedByA, new PageTokens.Scope("tenant-1", QUERY), NOW))
        .hasMessageContaining("signature");
  }
}
