package dev.taskengine.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's configuration: who may call it and what they see. JSON, for example:
 *
 * <pre>{@code
 * {
 *   "alibaba": { "regions": ["cn-hangzhou", "cn-shanghai"], "cloudPhoneRegion": "cn-hangzhou" },
 *   "accounts": [
 *     {
 *       "name": "demo",
 *       "alibabaAccessKeyIds": ["LTAI5tDemoAccessKey0001"],
 *       "huaweiAccessKeys": ["HPUADEMOACCESSKEY0001"],
 *       "huaweiAuthTokens": ["demo-huawei-token"],
 *       "huaweiProjectIds": ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]
 *     }
 *   ],
 *   "operators": [ { "name": "demo-worker", "token": "demo-operator-token" } ],
 *   "tokenKeys": [ { "id": "k-2026-11", "secret": "<base64 of at least 32 bytes>" } ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code alibaba.regions}: the regions served; ECS {@code RegionId} must be one of them.
 *       {@code cloudPhoneRegion} (default: the first) is the region of Cloud Phone requests that
 *       name none, as an endpoint's region would be.
 *   <li>{@code accounts}: each maps credentials to one account: Alibaba access key ids, Huawei
 *       access keys (the {@code Access=} of an SDK-signed request) and {@code X-Auth-Token} values,
 *       and the Huawei project ids the account owns. A credential belongs to one account only.
 *   <li>{@code operators}: bearer tokens for the workers' and operators' JSON API.
 *   <li>{@code tokenKeys} (optional): the keys that sign NextTokens, the first one active; without
 *       them the store's shared key signs (the SQLite or PostgreSQL database keeps one).
 * </ul>
 *
 * <p>Names, regions and project ids are 1 to 64 characters of {@code [A-Za-z0-9._-]}. Unknown
 * fields are refused, so that a misspelt key does not silently do nothing. Immutable.
 *
 * @param alibaba the Alibaba regions
 * @param accounts the accounts, at least one
 * @param operators the operators' tokens, may be empty
 * @param tokenKeys page-token keys, may be empty
 */
public record ServerConfig(
    @JsonProperty("alibaba") Alibaba alibaba,
    @JsonProperty("accounts") List<Account> accounts,
    @JsonProperty("operators") List<Operator> operators,
    @JsonProperty("tokenKeys") List<TokenKeyConfig> tokenKeys) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The regions served by the Alibaba APIs. */
  public record Alibaba(
      @JsonProperty("regions") List<String> regions,
      @JsonProperty("cloudPhoneRegion") String cloudPhoneRegion) {
    public Alibaba {
      regions = regions == null ? List.of() : List.copyOf(regions);
      if (regions.isEmpty()) {
        throw new IllegalArgumentException("alibaba.regions: give at least one region");
      }
      for (String region : regions) {
        checkName(region, "alibaba.regions");
      }
      if (new HashSet<>(regions).size() != regions.size()) {
        throw new IllegalArgumentException("alibaba.regions: a region is listed twice");
      }
      cloudPhoneRegion = cloudPhoneRegion == null ? regions.get(0) : cloudPhoneRegion;
      if (!regions.contains(cloudPhoneRegion)) {
        throw new IllegalArgumentException(
            "alibaba.cloudPhoneRegion: " + cloudPhoneRegion + " is not in alibaba.regions");
      }
    }
  }

  /** One account and the credentials that act for it. */
  public record Account(
      @JsonProperty("name") String name,
      @JsonProperty("alibabaAccessKeyIds") List<String> alibabaAccessKeyIds,
      @JsonProperty("huaweiAccessKeys") List<String> huaweiAccessKeys,
      @JsonProperty("huaweiAuthTokens") List<String> huaweiAuthTokens,
      @JsonProperty("huaweiProjectIds") List<String> huaweiProjectIds) {
    public Account {
      checkName(name, "accounts[].name");
      alibabaAccessKeyIds = credentials(alibabaAccessKeyIds, "alibabaAccessKeyIds", name);
      huaweiAccessKeys = credentials(huaweiAccessKeys, "huaweiAccessKeys", name);
      huaweiAuthTokens = credentials(huaweiAuthTokens, "huaweiAuthTokens", name);
      huaweiProjectIds = huaweiProjectIds == null ? List.of() : List.copyOf(huaweiProjectIds);
      for (String project : huaweiProjectIds) {
        checkName(project, "accounts[" + name + "].huaweiProjectIds");
      }
    }
  }

  /** A worker's or operator's bearer token for the JSON API. */
  public record Operator(@JsonProperty("name") String name, @JsonProperty("token") String token) {
    public Operator {
      checkName(name, "operators[].name");
      if (token == null || token.isBlank() || token.length() > 256) {
        throw new IllegalArgumentException(
            "operators[" + name + "].token: 1 to 256 characters, not blank");
      }
    }
  }

  /** A page-token key: an id and a base64 secret of at least 32 bytes. */
  public record TokenKeyConfig(
      @JsonProperty("id") String id, @JsonProperty("secret") String secret) {
    TokenKey toKey() {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(secret == null ? "" : secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tokenKeys[" + id + "].secret: not base64", e);
      }
      try {
        return TokenKey.of(id, bytes);
      } catch (InvalidRequestException e) {
        throw new IllegalArgumentException("tokenKeys[" + id + "]: " + e.getMessage(), e);
      }
    }
  }

  public ServerConfig {
    if (alibaba == null) {
      throw new IllegalArgumentException("alibaba: required (the regions served)");
    }
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    operators = operators == null ? List.of() : List.copyOf(operators);
    tokenKeys = tokenKeys == null ? List.of() : List.copyOf(tokenKeys);
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException("accounts: give at least one account");
    }
    unique(accounts.stream().map(Account::name).toList(), "accounts[].name");
    unique(
        accounts.stream().flatMap(a -> a.alibabaAccessKeyIds().stream()).toList(),
        "alibabaAccessKeyIds");
    unique(
        accounts.stream().flatMap(a -> a.huaweiAccessKeys().stream()).toList(), "huaweiAccessKeys");
    unique(
        accounts.stream().flatMap(a -> a.huaweiAuthTokens().stream()).toList(), "huaweiAuthTokens");
    unique(
        accounts.stream().flatMap(a -> a.huaweiProjectIds().stream()).toList(), "huaweiProjectIds");
    unique(operators.stream().map(Operator::token).toList(), "operators[].token");
    unique(tokenKeys.stream().map(TokenKeyConfig::id).toList(), "tokenKeys[].id");
    tokenKeys.forEach(TokenKeyConfig::toKey);
  }

  /** Reads and checks a config file. */
  public static ServerConfig load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads and checks a config; {@code source} names it in errors. */
  public static ServerConfig read(InputStream in, String source) throws IOException {
    try {
      ServerConfig config = MAPPER.readValue(in, ServerConfig.class);
      if (config == null) {
        throw new IllegalArgumentException("empty");
      }
      return config;
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      String reason =
          cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new IllegalArgumentException("config " + source + ": " + reason, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config " + source + ": " + e.getMessage(), e);
    }
  }

  /** The example config {@code --demo} runs with (a class path resource). */
  public static ServerConfig demo() {
    try (InputStream in = ServerConfig.class.getResourceAsStream("demo-config.json")) {
      if (in == null) {
        throw new IllegalStateException("demo-config.json is missing from the class path");
      }
      return read(in, "demo-config.json");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read demo-config.json", e);
    }
  }

  /** The configured page-token keys, if any: the first signs, the others still verify. */
  public Optional<TokenKeyRing> tokenKeyRing() {
    if (tokenKeys.isEmpty()) {
      return Optional.empty();
    }
    List<TokenKey> keys = new ArrayList<>();
    tokenKeys.forEach(key -> keys.add(key.toKey()));
    return Optional.of(TokenKeyRing.of(keys.get(0), keys.subList(1, keys.size())));
  }

  /** The account with this name, if configured. */
  public Optional<Account> account(String name) {
    return accounts.stream().filter(account -> account.name().equals(name)).findFirst();
  }

  private static String checkName(String value, String field) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": 1 to 64 characters of [A-Za-z0-9._-], was " + value);
    }
    return value;
  }

  private static List<String> credentials(List<String> values, String field, String account) {
    List<String> copy = values == null ? List.of() : List.copyOf(values);
    for (String value : copy) {
      if (value.isBlank() || value.length() > 256) {
        throw new IllegalArgumentException(
            "accounts[" + account + "]." + field + ": 1 to 256 characters, not blank");
      }
    }
    return copy;
  }

  private static void unique(List<String> values, String field) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value)) {
        throw new IllegalArgumentException(
            field + ": " + value + " is configured twice (a credential belongs to one account)");
      }
    }
  }
}
