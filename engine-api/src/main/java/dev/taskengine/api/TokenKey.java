package dev.taskengine.api;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A secret that signs page tokens with HMAC-SHA256, and the id that tokens name it by. The id is 1
 * to 32 characters of {@code [A-Za-z0-9._-]}; the secret is at least 32 bytes. Immutable.
 */
public final class TokenKey {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final int MIN_SECRET_BYTES = 32;

  private final String id;
  private final byte[] secret;

  private TokenKey(String id, byte[] secret) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidRequestException(
          "tokenKey.id", "must be 1 to 32 characters of [A-Za-z0-9._-], was " + id);
    }
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new InvalidRequestException(
          "tokenKey.secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.id = id;
    this.secret = secret.clone();
  }

  /** A key with the given id and secret (copied). */
  public static TokenKey of(String id, byte[] secret) {
    return new TokenKey(id, secret);
  }

  /** A key with the given id and 32 fresh bytes from {@link SecureRandom}. */
  public static TokenKey random(String id) {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return new TokenKey(id, secret);
  }

  public String id() {
    return id;
  }

  /** A copy of the secret. */
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenKey key && id.equals(key.id) && Arrays.equals(secret, key.secret);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "TokenKey[" + id + "]"; // never print the secret
  }
}
