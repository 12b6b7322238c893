package dev.taskengine.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys that sign and verify page tokens: one active key signs new tokens; retired keys still
 * verify the tokens they signed, so keys can rotate without breaking clients mid-pagination. A
 * token naming a key id that is not in the ring is rejected. Immutable and thread-safe.
 */
public final class TokenKeyRing {
  private final TokenKey active;
  private final Map<String, TokenKey> byId;

  private TokenKeyRing(TokenKey active, List<TokenKey> retired) {
    this.active = InvalidRequestException.requireNonNull(active, "tokenKeys.active");
    Map<String, TokenKey> keys = new LinkedHashMap<>();
    keys.put(active.id(), active);
    for (TokenKey key : retired) {
      InvalidRequestException.requireNonNull(key, "tokenKeys.retired");
      if (keys.putIfAbsent(key.id(), key) != null) {
        throw new InvalidRequestException(
            "tokenKeys", "key id " + key.id() + " appears more than once");
      }
    }
    this.byId = Collections.unmodifiableMap(keys);
  }

  /** A ring that signs with {@code active} and still accepts tokens signed by {@code retired}. */
  public static TokenKeyRing of(TokenKey active, TokenKey... retired) {
    return new TokenKeyRing(
        active, List.of(InvalidRequestException.requireNonNull(retired, "tokenKeys.retired")));
  }

  /** A ring that signs with {@code active} and still accepts tokens signed by {@code retired}. */
  public static TokenKeyRing of(TokenKey active, List<TokenKey> retired) {
    return new TokenKeyRing(
        active, new ArrayList<>(InvalidRequestException.requireNonNull(retired, "tokenKeys")));
  }

  /** The key that signs new tokens. */
  public TokenKey active() {
    return active;
  }

  /** The key with this id, active or retired. */
  public Optional<TokenKey> find(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  /** Every key, the active one first. */
  public List<TokenKey> keys() {
    return List.copyOf(byId.values());
  }
}
