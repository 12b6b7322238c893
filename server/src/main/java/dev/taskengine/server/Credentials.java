package dev.taskengine.server;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The config's credentials, indexed for the verifiers: Alibaba and Huawei access keys by id (with
 * their secrets), Huawei auth tokens and operators' tokens by the SHA-256 of the token (the plain
 * tokens are not kept). Built once from the config; immutable and thread-safe.
 */
final class Credentials {
  /** An access key: the account it acts for, its id and its secret. */
  record AccessKey(ServerConfig.Account account, String id, Secret secret) {}

  /** A Huawei auth token's account and expiry (the token itself is not kept). */
  record AuthToken(ServerConfig.Account account, Instant expiresAt) {}

  private final Map<String, AccessKey> alibabaKeys = new HashMap<>();
  private final Map<String, AccessKey> huaweiKeys = new HashMap<>();
  private final Map<String, AuthToken> huaweiTokens = new HashMap<>();
  private final Map<String, ServerConfig.Operator> operators = new HashMap<>();

  Credentials(ServerConfig config) {
    for (ServerConfig.Account account : config.accounts()) {
      account
          .alibabaAccessKeys()
          .forEach(
              key -> alibabaKeys.put(key.id(), new AccessKey(account, key.id(), key.secret())));
      account
          .huaweiAccessKeys()
          .forEach(key -> huaweiKeys.put(key.id(), new AccessKey(account, key.id(), key.secret())));
      account
          .huaweiAuthTokens()
          .forEach(
              token ->
                  huaweiTokens.put(
                      Crypto.sha256Hex(token.token().reveal()),
                      new AuthToken(account, token.expiresAt())));
    }
    config.operators().forEach(operator -> operators.put(operator.tokenSha256(), operator));
  }

  Optional<AccessKey> alibabaKey(String id) {
    return Optional.ofNullable(alibabaKeys.get(id));
  }

  Optional<AccessKey> huaweiKey(String id) {
    return Optional.ofNullable(huaweiKeys.get(id));
  }

  /** The account of a Huawei auth token, expired or not. */
  Optional<AuthToken> huaweiToken(String token) {
    return byHash(huaweiTokens, token);
  }

  /** The operator whose token this is. */
  Optional<ServerConfig.Operator> operator(String token) {
    return byHash(operators, token);
  }

  /**
   * Looks a token up by its SHA-256. The plain token is never compared with anything; the lookup
   * compares digests, and how long that takes reveals at most how many leading digits of a stored
   * digest the token's digest shares, which says nothing about any token (a caller cannot choose a
   * token by its digest).
   */
  private static <T> Optional<T> byHash(Map<String, T> byHash, String token) {
    return Optional.ofNullable(byHash.get(Crypto.sha256Hex(token)));
  }
}
