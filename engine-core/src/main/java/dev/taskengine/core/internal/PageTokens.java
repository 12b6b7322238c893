package dev.taskengine.core.internal;

import dev.taskengine.api.InvalidPageTokenException;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.SortKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and reads page tokens: base64url (no padding) of
 *
 * <pre>
 * format (1) | key id length (1) | key id | issued at, epoch µs (8) | snapshot T0, epoch µs (8)
 * | order (1) | tenant digest (8) | filter digest (16) | last createdAt, epoch µs (8)
 * | last id length (2) | last id (UTF-8) | HMAC-SHA256 of everything before (32)
 * </pre>
 *
 * Reading checks, in this order, the length before decoding, the alphabet, the format, the key id,
 * the signature (constant time), the expiry, the tenant, the filter and the order; anything off is
 * an {@link InvalidPageTokenException} naming the reason. Thread-safe.
 */
final class PageTokens {
  /** Longest token accepted; a real one is about 120 characters plus the id. */
  static final int MAX_TOKEN_CHARS = 1024;

  private static final byte FORMAT = 1;
  private static final int MAC_BYTES = 32;
  private static final int TENANT_DIGEST_BYTES = 8;
  private static final int FILTER_DIGEST_BYTES = 16;
  private static final String HMAC = "HmacSHA256";

  /**
   * Each thread's HMAC, initialized with the key it last used: {@code doFinal} leaves a Mac ready
   * for the same key, and nearly every token is signed and checked with the active key.
   */
  private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

  private static final class KeyedMac {
    final Mac mac;
    SecretKeySpec key;

    KeyedMac() {
      try {
        mac = Mac.getInstance(HMAC);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every JDK has " + HMAC, e);
      }
    }
  }

  /** Where the next page starts: the snapshot of the first page and the last key read. */
  record Position(Instant snapshot, SortKey after) {}

  /**
   * What a token is bound to: digests of the tenant and of the normalized filter, and the order.
   * Computed once per page request and used both to check the token that came in and to sign the
   * one that goes out.
   */
  static final class Scope {
    private final byte[] tenantDigest;
    private final byte[] filterDigest;
    private final SortOrder order;

    Scope(String tenant, TaskQuery query) {
      this.tenantDigest = Arrays.copyOf(Fingerprint.tenant(tenant), TENANT_DIGEST_BYTES);
      this.filterDigest = Arrays.copyOf(Fingerprint.filter(query), FILTER_DIGEST_BYTES);
      this.order = query.order();
    }
  }

  private final TokenKey active;
  private final Map<String, SecretKeySpec> secrets = new HashMap<>();
  private final Duration ttl;

  PageTokens(TokenKeyRing ring, Duration ttl) {
    this.active = ring.active();
    for (TokenKey key : ring.keys()) {
      secrets.put(key.id(), new SecretKeySpec(key.secret(), HMAC));
    }
    this.ttl = ttl;
  }

  String issue(Scope scope, Instant snapshot, SortKey last, Instant now) {
    byte[] keyId = active.id().getBytes(StandardCharsets.US_ASCII);
    byte[] lastId = last.id().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer =
        ByteBuffer.allocate(
            1
                + 1
                + keyId.length
                + 8
                + 8
                + 1
                + TENANT_DIGEST_BYTES
                + FILTER_DIGEST_BYTES
                + 8
                + 2
                + lastId.length
                + MAC_BYTES);
    buffer.put(FORMAT).put((byte) keyId.length).put(keyId);
    buffer.putLong(Micros.of(now)).putLong(Micros.of(snapshot));
    buffer.put((byte) scope.order.ordinal());
    buffer.put(scope.tenantDigest).put(scope.filterDigest);
    buffer.putLong(Micros.of(last.createdAt())).putShort((short) lastId.length).put(lastId);
    byte[] signed = Arrays.copyOf(buffer.array(), buffer.position());
    buffer.put(mac(secrets.get(active.id()), signed));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  Position read(String token, Scope scope, Instant now) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new InvalidPageTokenException(
          "longer than " + MAX_TOKEN_CHARS + " characters (" + token.length() + ")");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new InvalidPageTokenException("not base64url");
    }
    try {
      return read(ByteBuffer.wrap(bytes), scope, now);
    } catch (BufferUnderflowException
        | IllegalArgumentException
        | IndexOutOfBoundsException
        | DateTimeException
        | ArithmeticException e) {
      // A length field pointing past the end, or signed bytes of a format this build cannot read.
      throw new InvalidPageTokenException("truncated or malformed");
    }
  }

  private Position read(ByteBuffer buffer, Scope scope, Instant now) {
    if (buffer.remaining() <= MAC_BYTES || buffer.get() != FORMAT) {
      throw new InvalidPageTokenException("unknown format");
    }
    byte[] keyId = new byte[buffer.get() & 0xFF];
    buffer.get(keyId);
    SecretKeySpec secret =
        Optional.ofNullable(secrets.get(new String(keyId, StandardCharsets.US_ASCII)))
            .orElseThrow(() -> new InvalidPageTokenException("signed by an unknown key"));
    int signedLength = buffer.limit() - MAC_BYTES;
    if (signedLength < buffer.position()) {
      throw new InvalidPageTokenException("truncated");
    }
    byte[] signed = Arrays.copyOf(buffer.array(), signedLength);
    byte[] signature = Arrays.copyOfRange(buffer.array(), signedLength, buffer.limit());
    if (!MessageDigest.isEqual(mac(secret, signed), signature)) {
      throw new InvalidPageTokenException("signature does not match");
    }
    buffer.limit(signedLength); // from here on the bytes are the engine's own
    Instant issuedAt = Micros.toInstant(buffer.getLong());
    Instant snapshot = Micros.toInstant(buffer.getLong());
    SortOrder order = SortOrder.values()[buffer.get()];
    byte[] tenantDigest = new byte[TENANT_DIGEST_BYTES];
    buffer.get(tenantDigest);
    byte[] filterDigest = new byte[FILTER_DIGEST_BYTES];
    buffer.get(filterDigest);
    Instant lastCreatedAt = Micros.toInstant(buffer.getLong());
    byte[] lastId = new byte[buffer.getShort() & 0xFFFF];
    buffer.get(lastId);
    if (buffer.hasRemaining()) {
      throw new InvalidPageTokenException("malformed");
    }
    if (now.isAfter(issuedAt.plus(ttl))) {
      throw new InvalidPageTokenException("expired (issued " + issuedAt + ", valid " + ttl + ")");
    }
    if (!MessageDigest.isEqual(tenantDigest, scope.tenantDigest)) {
      throw new InvalidPageTokenException("issued for another tenant");
    }
    if (order != scope.order) {
      throw new InvalidPageTokenException("issued for the order " + order);
    }
    if (!MessageDigest.isEqual(filterDigest, scope.filterDigest)) {
      throw new InvalidPageTokenException("issued for another filter");
    }
    return new Position(
        snapshot, new SortKey(lastCreatedAt, new String(lastId, StandardCharsets.UTF_8)));
  }

  private static byte[] mac(SecretKeySpec secret, byte[] data) {
    KeyedMac keyed = MACS.get();
    if (keyed.key != secret) {
      try {
        keyed.mac.init(secret);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("an HMAC key of 32 bytes or more is always valid", e);
      }
      keyed.key = secret;
    }
    return keyed.mac.doFinal(data);
  }
}
