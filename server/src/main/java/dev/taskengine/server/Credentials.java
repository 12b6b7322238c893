package dev.taskengine.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Looks up who a credential acts for: Alibaba access key ids, Huawei access keys and tokens (each
 * to an account), operators' bearer tokens. Built once from the config; immutable and thread-safe.
 *
 * <p>The server identifies callers by the credential they name; it does not verify request
 * signatures, which a real deployment leaves to the vendor's API gateway in front of it.
 */
final class Credentials {
  private final Map<String, ServerConfig.Account> alibabaKeys = new HashMap<>();
  private final Map<String, ServerConfig.Account> huaweiKeys = new HashMap<>();
  private final Map<String, ServerConfig.Account> huaweiTokens = new HashMap<>();
  private final Map<String, ServerConfig.Operator> operators = new HashMap<>();

  Credentials(ServerConfig config) {
    for (ServerConfig.Account account : config.accounts()) {
      account.alibabaAccessKeyIds().forEach(key -> alibabaKeys.put(key, account));
      account.huaweiAccessKeys().forEach(key -> huaweiKeys.put(key, account));
      account.huaweiAuthTokens().forEach(token -> huaweiTokens.put(token, account));
    }
    config.operators().forEach(operator -> operators.put(operator.token(), operator));
  }

  Optional<ServerConfig.Account> alibabaAccessKey(String accessKeyId) {
    return Optional.ofNullable(alibabaKeys.get(accessKeyId));
  }

  Optional<ServerConfig.Account> huaweiAccessKey(String accessKey) {
    return Optional.ofNullable(huaweiKeys.get(accessKey));
  }

  Optional<ServerConfig.Account> huaweiToken(String token) {
    return Optional.ofNullable(huaweiTokens.get(token));
  }

  Optional<ServerConfig.Operator> operator(String token) {
    return Optional.ofNullable(operators.get(token));
  }
}
