package dev.taskengine.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's configuration: who may call it, with which secrets, and what they see. JSON, for
 * example:
 *
 * <pre>{@code
 * {
 *   "alibaba": { "regions": ["cn-hangzhou", "cn-shanghai"], "cloudPhoneRegion": "cn-hangzhou" },
 *   "accounts": [
 *     {
 *       "name": "demo",
 *       "alibabaAccessKeys": [ { "id": "LTAI5tDemoAccessKey0001", "secret": {"env": "DEMO_AK_SECRET"} } ],
 *       "huaweiAccessKeys": [ { "id": "HPUADEMOACCESSKEY0001", "secret": {"file": "secrets/demo-sk"} } ],
 *       "huaweiAuthTokens": [ { "token": {"env": "DEMO_TOKEN"}, "expiresAt": "2027-01-01T00:00:00Z" } ],
 *       "huaweiProjectIds": ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]
 *     }
 *   ],
 *   "operators": [ { "name": "demo-worker", "tokenSha256": "<hex>", "tenants": ["demo:*"] } ],
 *   "tokenKeys": [ { "id": "k-2026-11", "secret": {"env": "PAGE_TOKEN_KEY"} } ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code alibaba.regions}: the regions served; ECS {@code RegionId} must be one of them.
 *       {@code cloudPhoneRegion} (default: the first) is the region of Cloud Phone requests that
 *       name none, as an endpoint's region would be.
 *   <li>{@code accounts}: each maps credentials to one account: Alibaba access keys (id and secret,
 *       verified by RPC signature v1 and ACS3-HMAC-SHA256), Huawei access keys (AK and SK, verified
 *       by SDK-HMAC-SHA256), Huawei {@code X-Auth-Token} values (bearer secrets with an expiry),
 *       and the Huawei project ids the account owns. A credential belongs to one account only.
 *   <li>{@code operators}: the workers' and operators' JSON API: each operator's token (given as
 *       {@code token}, hashed when read, or already hashed as {@code tokenSha256}) and the tenants
 *       it may touch: exact tenants, {@code "<account>:*"} for all of an account's, or {@code "*"}
 *       for every tenant.
 *   <li>{@code tokenKeys} (optional): the keys that sign NextTokens, the first one active; without
 *       them the store's shared key signs (the SQLite or PostgreSQL database keeps one).
 * </ul>
 *
 * <p>Every secret is a {@link Secret}: inline, {@code {"env": NAME}} or {@code {"file": PATH}}, at
 * least {@value #MIN_SECRET_LENGTH} characters (token keys: 32 bytes after base64). {@link
 * #load(Path)} refuses a config file that holds a secret inline and that its group or other users
 * may read. Names, regions and project ids are 1 to 64 characters of {@code [A-Za-z0-9._-]}, access
 * key ids 1 to 128. Unknown fields are refused, so that a misspelt key does not silently do
 * nothing. No error message, and no {@code toString}, contains a secret. Immutable.
 *
 * @param alibaba the Alibaba regions
 * @param accounts the accounts, at least one
 * @param operators the operators, may be empty
 * @param tokenKeys page-token keys, may be empty
 */
public record ServerConfig(
    @JsonProperty("alibaba") Alibaba alibaba,
    @JsonProperty("accounts") List<Account> accounts,
    @JsonProperty("operators") List<Operator> operators,
    @JsonProperty("tokenKeys") List<TokenKeyConfig> tokenKeys) {

  /** The fewest characters of an access key secret, an auth token or an operator token. */
  public static final int MIN_SECRET_LENGTH = 32;

  /** The most characters of any secret. */
  static final int MAX_SECRET_LENGTH = 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Logger LOG = LoggerFactory.getLogger(ServerConfig.class);

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
      @JsonProperty("alibabaAccessKeys") List<AccessKey> alibabaAccessKeys,
      @JsonProperty("huaweiAccessKeys") List<AccessKey> huaweiAccessKeys,
      @JsonProperty("huaweiAuthTokens") List<AuthToken> huaweiAuthTokens,
      @JsonProperty("huaweiProjectIds") List<String> huaweiProjectIds) {
    public Account {
      checkName(name, "accounts[].name");
      alibabaAccessKeys = present(alibabaAccessKeys, "accounts[" + name + "].alibabaAccessKeys");
      huaweiAccessKeys = present(huaweiAccessKeys, "accounts[" + name + "].huaweiAccessKeys");
      huaweiAuthTokens = present(huaweiAuthTokens, "accounts[" + name + "].huaweiAuthTokens");
      huaweiProjectIds = huaweiProjectIds == null ? List.of() : List.copyOf(huaweiProjectIds);
      for (String project : huaweiProjectIds) {
        checkName(project, "accounts[" + name + "].huaweiProjectIds");
      }
    }
  }

  /**
   * An access key: the id a request names and the secret it is signed with.
   *
   * @param id 1 to 128 characters of {@code [A-Za-z0-9._-]}
   * @param secret at least {@value ServerConfig#MIN_SECRET_LENGTH} characters
   */
  public record AccessKey(@JsonProperty("id") String id, @JsonProperty("secret") Secret secret) {
    public AccessKey {
      if (id == null || !KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "access key id: 1 to 128 characters of [A-Za-z0-9._-], was " + id);
      }
      checkSecret(secret, "access key " + id + ": secret");
    }
  }

  /**
   * A Huawei {@code X-Auth-Token}: with no IAM to ask, a bearer secret that stops working at {@code
   * expiresAt}.
   *
   * @param token at least {@value ServerConfig#MIN_SECRET_LENGTH} characters
   * @param expiresAt when it stops working
   */
  public record AuthToken(Secret token, Instant expiresAt) {
    public AuthToken {
      checkSecret(token, "huaweiAuthTokens[].token");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @JsonCreator
    static AuthToken read(
        @JsonProperty("token") Secret token, @JsonProperty("expiresAt") String expiresAt) {
      if (expiresAt == null) {
        throw new IllegalArgumentException(
            "huaweiAuthTokens[].expiresAt: required, an ISO-8601 instant such as"
                + " 2027-01-01T00:00:00Z");
      }
      try {
        return new AuthToken(token, Instant.parse(expiresAt));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "huaweiAuthTokens[].expiresAt: an ISO-8601 instant such as 2027-01-01T00:00:00Z");
      }
    }
  }

  /**
   * An operator of the JSON API: its name (in the audit log), the SHA-256 of its bearer token, and
   * the tenants it may touch.
   *
   * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}
   * @param tokenSha256 the lower-case hex SHA-256 of the token's UTF-8 bytes
   * @param tenants exact tenants, {@code "<account>:*"} or {@code "*"}; at least one
   */
  public record Operator(String name, String tokenSha256, List<String> tenants) {
    public Operator {
      checkName(name, "operators[].name");
      if (tokenSha256 == null || !SHA256_HEX.matcher(tokenSha256).matches()) {
        throw new IllegalArgumentException(
            "operators[" + name + "].tokenSha256: 64 hex digits (sha256sum of the token)");
      }
      tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
      tenants = tenants == null ? List.of() : List.copyOf(tenants);
      if (tenants.isEmpty()) {
        throw new IllegalArgumentException(
            "operators["
                + name
                + "].tenants: required: the tenants it may touch, \"<account>:*\" for all of an"
                + " account's, or \"*\" for every tenant");
      }
    }

    /** Reads {@code token} (hashed here; the plain token is not kept) or {@code tokenSha256}. */
    @JsonCreator
    static Operator read(
        @JsonProperty("name") String name,
        @JsonProperty("token") Secret token,
        @JsonProperty("tokenSha256") String tokenSha256,
        @JsonProperty("tenants") List<String> tenants) {
      if ((token == null) == (tokenSha256 == null)) {
        throw new IllegalArgumentException(
            "operators[" + name + "]: give exactly one of token and tokenSha256");
      }
      if (token != null) {
        checkSecret(token, "operators[" + name + "].token");
        tokenSha256 = Crypto.sha256Hex(token.reveal());
      }
      return new Operator(name, tokenSha256, tenants);
    }

    /** Whether this operator may read and write {@code tenant}. */
    public boolean mayTouch(String tenant) {
      int colon = tenant.indexOf(':');
      String accountScope = (colon < 0 ? tenant : tenant.substring(0, colon)) + ":*";
      return mayTouchEveryTenant() || tenants.contains(tenant) || tenants.contains(accountScope);
    }

    /**
     * Whether this operator's scope is {@code "*"}: every tenant, and so also claims across all
     * tenants at once (a provider's own workers).
     */
    public boolean mayTouchEveryTenant() {
      return tenants.contains("*");
    }
  }

  /** A page-token key: an id and a base64 secret of at least 32 bytes. */
  public record TokenKeyConfig(
      @JsonProperty("id") String id, @JsonProperty("secret") Secret secret) {
    TokenKey toKey() {
      if (secret == null) {
        throw new IllegalArgumentException("tokenKeys[" + id + "].secret: required");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(secret.reveal());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tokenKeys[" + id + "].secret: not base64");
      }
      try {
        return TokenKey.of(id, bytes);
      } catch (InvalidRequestException e) {
        // The engine's message names the field and the rule (a length), never the key.
        throw new IllegalArgumentException("tokenKeys[" + id + "]: " + e.getMessage());
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
    unique(accounts.stream().map(Account::name).toList(), "accounts[].name", true);
    unique(
        accounts.stream().flatMap(a -> a.alibabaAccessKeys().stream().map(AccessKey::id)).toList(),
        "alibabaAccessKeys[].id",
        true);
    unique(
        accounts.stream().flatMap(a -> a.huaweiAccessKeys().stream().map(AccessKey::id)).toList(),
        "huaweiAccessKeys[].id",
        true);
    // Tokens are compared by hash, and a duplicate is reported without the token.
    unique(
        accounts.stream()
            .flatMap(a -> a.huaweiAuthTokens().stream())
            .map(token -> Crypto.sha256Hex(token.token().reveal()))
            .toList(),
        "huaweiAuthTokens[].token",
        false);
    unique(
        accounts.stream().flatMap(a -> a.huaweiProjectIds().stream()).toList(),
        "huaweiProjectIds",
        true);
    unique(operators.stream().map(Operator::name).toList(), "operators[].name", true);
    unique(operators.stream().map(Operator::tokenSha256).toList(), "operators[].token", false);
    List<String> known = Tenants.all(alibaba, accounts);
    Set<String> accountNames = new HashSet<>();
    accounts.forEach(account -> accountNames.add(account.name()));
    for (Operator operator : operators) {
      for (String scope : operator.tenants()) {
        boolean valid =
            scope.equals("*")
                || (scope.endsWith(":*")
                    && accountNames.contains(scope.substring(0, scope.length() - 2)))
                || known.contains(scope);
        if (!valid) {
          throw new IllegalArgumentException(
              "operators["
                  + operator.name()
                  + "].tenants: "
                  + scope
                  + " is no configured tenant, \"<account>:*\" of a configured account, nor \"*\"");
        }
      }
    }
    unique(tokenKeys.stream().map(TokenKeyConfig::id).toList(), "tokenKeys[].id", true);
    tokenKeys.forEach(TokenKeyConfig::toKey);
  }

  /**
   * Reads and checks a config file; secrets given as {@code {"env": NAME}} come from the process
   * environment and {@code {"file": PATH}} are relative to the file's directory.
   *
   * @throws IllegalArgumentException when the config is invalid, or holds a secret inline and its
   *     group or other users may read it
   */
  public static ServerConfig load(Path file) throws IOException {
    return load(file, System.getenv());
  }

  /** {@link #load(Path)} with the given environment. */
  static ServerConfig load(Path file, Map<String, String> environment) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    SecretSources sources = new SecretSources(environment, directory);
    ServerConfig config;
    try (InputStream in = Files.newInputStream(file)) {
      config = read(in, file.toString(), sources);
    }
    String permissions = SecretSources.readableByOthers(file);
    if (sources.sawInlineSecret() && permissions != null) {
      throw new IllegalArgumentException(
          "config "
              + file
              + ": holds secrets inline and other users may read it ("
              + permissions
              + "); chmod 600 it, or give each secret as {\"env\": \"NAME\"} or {\"file\":"
              + " \"PATH\"}");
    }
    sources.warnings().forEach(warning -> LOG.warn("config {}: {}", file, warning));
    return config;
  }

  /**
   * Reads and checks a config; {@code source} names it in errors. Secrets given as {@code {"env":
   * NAME}} come from the process environment, {@code {"file": PATH}} relative to the working
   * directory.
   */
  public static ServerConfig read(InputStream in, String source) throws IOException {
    return read(in, source, SecretSources.ofProcess());
  }

  static ServerConfig read(InputStream in, String source, SecretSources sources)
      throws IOException {
    try {
      ServerConfig config =
          MAPPER
              .readerFor(ServerConfig.class)
              .with(new InjectableValues.Std().addValue(SecretSources.class, sources))
              .readValue(in);
      if (config == null) {
        throw new IllegalArgumentException("empty");
      }
      return config;
    } catch (JsonProcessingException e) {
      // Jackson's own messages may quote the offending text, which may be a secret: say where and
      // what kind of problem, and keep the exception (and its message) out of the chain.
      throw new IllegalArgumentException("config " + source + ": " + describe(e));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config " + source + ": " + e.getMessage());
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

  private static String describe(JsonProcessingException e) {
    IllegalArgumentException ours = ownCause(e);
    String where = "";
    if (e instanceof JsonMappingException mapping) {
      where = Json.path(mapping);
    }
    String what;
    if (ours != null) {
      what = ours.getMessage();
    } else if (e instanceof UnrecognizedPropertyException unknown) {
      what = "unknown field \"" + unknown.getPropertyName() + "\"";
    } else if (e instanceof MismatchedInputException mismatched) {
      what =
          "expected "
              + (mismatched.getTargetType() == null
                  ? "another kind of value"
                  : "a " + mismatched.getTargetType().getSimpleName());
    } else if (e instanceof StreamReadException && e.getLocation() != null) {
      what =
          "not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr();
    } else {
      what = "not a valid value";
    }
    return where.isEmpty() ? what : where + ": " + what;
  }

  private static IllegalArgumentException ownCause(Throwable e) {
    for (Throwable at = e.getCause(); at != null; at = at.getCause()) {
      if (at instanceof IllegalArgumentException argument) {
        return argument;
      }
    }
    return null;
  }

  private static String checkName(String value, String field) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": 1 to 64 characters of [A-Za-z0-9._-], was " + value);
    }
    return value;
  }

  private static void checkSecret(Secret secret, String field) {
    if (secret == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          field
              + ": "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " characters, was "
              + secret.length());
    }
  }

  private static <T> List<T> present(List<T> values, String field) {
    if (values == null) {
      return List.of();
    }
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(field + ": an entry is null");
    }
    return List.copyOf(values);
  }

  /**
   * Refuses a value given twice; {@code showValue} is false for secrets and their hashes, whose
   * duplicates are reported by field only.
   */
  private static void unique(List<String> values, String field, boolean showValue) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value)) {
        throw new IllegalArgumentException(
            field
                + ": "
                + (showValue ? value : "a value")
                + " is configured twice (a credential belongs to one account, a name to one"
                + " entry)");
      }
    }
  }
}
