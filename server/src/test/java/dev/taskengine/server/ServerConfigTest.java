package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  private static final String SECRET = "a-secret-of-thirty-two-characters-or-more";
  private static final String OTHER_SECRET = "another-secret-of-thirty-two-characters";

  private static ServerConfig read(String json) throws Exception {
    return ServerConfig.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  /** A config of one account "a" whose one Alibaba access key has this secret JSON. */
  private static String withAlibabaSecret(String secretJson) {
    return """
        {"alibaba": {"regions": ["r"]},
         "accounts": [{"name": "a", "alibabaAccessKeys": [{"id": "K1", "secret": %s}]}]}
        """
        .formatted(secretJson);
  }

  @Test
  void theDemoConfigLoads() {
    ServerConfig demo = ServerConfig.demo();
    assertThat(demo.alibaba().regions()).containsExactly("cn-hangzhou", "cn-shanghai");
    assertThat(demo.alibaba().cloudPhoneRegion()).isEqualTo("cn-hangzhou");
    assertThat(demo.accounts())
        .extracting(ServerConfig.Account::name)
        .containsExactly("demo", "acme");
    assertThat(demo.operators()).hasSize(1);
    assertThat(demo.operators().get(0).mayTouch("demo:eds-aic:cn-hangzhou")).isTrue();
    assertThat(demo.operators().get(0).mayTouch("acme:koophone")).isFalse();
    assertThat(demo.tokenKeyRing()).isEmpty();
    assertThat(Tenants.all(demo))
        .contains(
            "demo:eds-aic:cn-hangzhou",
            "demo:ecs:cn-shanghai",
            "demo:cph:0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "demo:koophone");
  }

  @Test
  void defaultsTheCloudPhoneRegionToTheFirstAndReadsTokenKeys() throws Exception {
    ServerConfig config =
        read(
            """
            {"alibaba": {"regions": ["cn-beijing"]},
             "accounts": [{"name": "a"}],
             "tokenKeys": [{"id": "new", "secret": "c2VydmVyLXRlc3RzLXNlY3JldC1vZi1hdC1sZWFzdC0zMi1ieXRlcw=="},
                           {"id": "old", "secret": "c2VydmVyLXRlc3RzLXNlY3JldC1vZi1hdC1sZWFzdC0zMi1ieXRlcw=="}]}
            """);
    assertThat(config.alibaba().cloudPhoneRegion()).isEqualTo("cn-beijing");
    assertThat(config.tokenKeyRing().orElseThrow().active().id()).isEqualTo("new");
    assertThat(config.tokenKeyRing().orElseThrow().find("old")).isPresent();
    assertThat(config.operators()).isEmpty();
    assertThat(config.accounts().get(0).alibabaAccessKeys()).isEqualTo(List.of());
  }

  @Test
  void refusesConfigsThatWouldMisbehave() {
    assertRefused("{\"accounts\": [{\"name\": \"a\"}]}", "alibaba");
    assertRefused("{\"alibaba\": {\"regions\": []}, \"accounts\": [{\"name\": \"a\"}]}", "regions");
    assertRefused("{\"alibaba\": {\"regions\": [\"r\"]}, \"accounts\": []}", "accounts");
    assertRefused(
        "{\"alibaba\": {\"regions\": [\"r\"], \"cloudPhoneRegion\": \"x\"}, \"accounts\": [{\"name\": \"a\"}]}",
        "cloudPhoneRegion");
    assertRefused(
        "{\"alibaba\": {\"regions\": [\"r\"]}, \"accounts\": [{\"name\": \"a:b\"}]}", "name");
    assertRefused(
        "{\"alibaba\": {\"regions\": [\"r\"]}, \"accounts\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
        "twice");
    assertRefused(
        """
        {"alibaba": {"regions": ["r"]}, "accounts": [
          {"name": "a", "alibabaAccessKeys": [{"id": "K", "secret": "%s"}]},
          {"name": "b", "alibabaAccessKeys": [{"id": "K", "secret": "%s"}]}]}
        """
            .formatted(SECRET, OTHER_SECRET),
        "one account");
    assertRefused(
        "{\"alibaba\": {\"regions\": [\"r\"]}, \"accounts\": [{\"name\": \"a\", \"colour\": 1}]}",
        "colour");
    assertRefused(
        "{\"alibaba\": {\"regions\": [\"r\"]}, \"accounts\": [{\"name\": \"a\"}],"
            + " \"tokenKeys\": [{\"id\": \"k\", \"secret\": \"c2hvcnQ=\"}]}",
        "32 bytes");
    assertRefused("not json", "config test");
  }

  @Test
  void secretsHaveAMinimumLengthAndTokensAnExpiry() {
    assertRefused(withAlibabaSecret("\"short\""), "32 to 1024 characters, was 5");
    assertRefused(
        """
        {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a",
          "huaweiAuthTokens": [{"token": "%s"}]}]}
        """
            .formatted(SECRET),
        "expiresAt: required");
    assertRefused(
        """
        {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a"}],
         "operators": [{"name": "o", "token": "too-short", "tenants": ["*"]}]}
        """,
        "operators[o].token: 32 to 1024 characters");
  }

  @Test
  void operatorsAreScopedExplicitlyAndKeepOnlyTheTokensHash() throws Exception {
    ServerConfig config =
        read(
            """
            {"alibaba": {"regions": ["r"]},
             "accounts": [{"name": "a", "huaweiProjectIds": ["p1"]}, {"name": "b"}],
             "operators": [{"name": "all", "token": "%s", "tenants": ["*"]},
                           {"name": "one", "tokenSha256": "%s", "tenants": ["a:*", "b:ecs:r"]}]}
            """
                .formatted(SECRET, Crypto.sha256Hex(OTHER_SECRET).toUpperCase()));
    ServerConfig.Operator all = config.operators().get(0);
    ServerConfig.Operator one = config.operators().get(1);
    assertThat(all.tokenSha256()).isEqualTo(Crypto.sha256Hex(SECRET));
    assertThat(one.tokenSha256()).isEqualTo(Crypto.sha256Hex(OTHER_SECRET));
    assertThat(config.toString()).doesNotContain(SECRET).doesNotContain(OTHER_SECRET);
    assertThat(all.mayTouch("b:koophone")).isTrue();
    assertThat(one.mayTouch("a:cph:p1")).isTrue();
    assertThat(one.mayTouch("b:ecs:r")).isTrue();
    assertThat(one.mayTouch("b:eds-aic:r")).isFalse();
    assertThat(new Credentials(config).operator(OTHER_SECRET)).contains(one);
    assertThat(new Credentials(config).operator(OTHER_SECRET + "x")).isEmpty();

    String base =
        """
        {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a"}],
         "operators": [{"name": "o", "token": "%s"%s}]}
        """;
    assertRefused(base.formatted(SECRET, ""), "tenants: required");
    assertRefused(base.formatted(SECRET, ", \"tenants\": []"), "tenants: required");
    assertRefused(base.formatted(SECRET, ", \"tenants\": [\"nobody:*\"]"), "nobody:*");
    assertRefused(base.formatted(SECRET, ", \"tenants\": [\"a:ecs:mars\"]"), "a:ecs:mars");
    assertRefused(
        """
        {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a"}],
         "operators": [{"name": "o", "token": "%s", "tokenSha256": "%s", "tenants": ["*"]}]}
        """
            .formatted(SECRET, Crypto.sha256Hex(SECRET)),
        "exactly one of token and tokenSha256");
  }

  @Test
  void secretsComeInlineFromTheEnvironmentOrFromFiles(@TempDir Path directory) throws Exception {
    Path secretFile = directory.resolve("alibaba-secret");
    Files.writeString(secretFile, OTHER_SECRET + "\n");
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
    Path configFile = directory.resolve("config.json");
    Files.writeString(
        configFile,
        """
        {"alibaba": {"regions": ["r"]},
         "accounts": [{"name": "a",
           "alibabaAccessKeys": [{"id": "K1", "secret": {"env": "TEST_ALIBABA_SECRET"}},
                                 {"id": "K2", "secret": {"file": "alibaba-secret"}}],
           "huaweiAuthTokens": [{"token": {"env": "TEST_TOKEN"}, "expiresAt": "2030-01-01T00:00:00Z"}]}],
         "operators": [{"name": "o", "token": {"env": "TEST_OPERATOR"}, "tenants": ["*"]}]}
        """);
    // Holds no inline secret, so others may read it.
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-r--r--"));
    String token = "a-token-from-the-environment-0123456789";
    String operator = "an-operator-token-from-the-environment-01";
    ServerConfig config =
        ServerConfig.load(
            configFile,
            Map.of("TEST_ALIBABA_SECRET", SECRET, "TEST_TOKEN", token, "TEST_OPERATOR", operator));
    Credentials credentials = new Credentials(config);
    assertThat(credentials.alibabaKey("K1").orElseThrow().secret().reveal()).isEqualTo(SECRET);
    assertThat(credentials.alibabaKey("K2").orElseThrow().secret().reveal())
        .isEqualTo(OTHER_SECRET);
    assertThat(credentials.huaweiToken(token).orElseThrow().expiresAt())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(credentials.operator(operator)).isPresent();
    assertThat(config.toString()).doesNotContain(SECRET, OTHER_SECRET, token, operator);

    assertThatThrownBy(() -> ServerConfig.load(configFile, Map.of("TEST_TOKEN", token)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TEST_ALIBABA_SECRET is not set");
    Files.delete(secretFile);
    Map<String, String> everyVariable =
        Map.of("TEST_ALIBABA_SECRET", SECRET, "TEST_TOKEN", token, "TEST_OPERATOR", operator);
    assertThatThrownBy(() -> ServerConfig.load(configFile, everyVariable))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the secret file");
    Files.writeString(secretFile, "x".repeat(SecretSources.MAX_FILE_BYTES + 1));
    assertThatThrownBy(() -> ServerConfig.load(configFile, everyVariable))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is larger than 16384 bytes");
  }

  @Test
  void refusesAConfigFileWithInlineSecretsThatOthersCanRead(@TempDir Path directory)
      throws Exception {
    Path configFile = directory.resolve("config.json");
    Files.writeString(configFile, withAlibabaSecret("\"" + SECRET + "\""));
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ServerConfig.load(configFile, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds secrets inline and other users may read it (rw-r--r--)")
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining(SECRET);
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> ServerConfig.load(configFile, Map.of()))
        .hasMessageContaining("other users may read it");
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
    assertThat(ServerConfig.load(configFile, Map.of()).accounts()).hasSize(1);
  }

  @Test
  void noErrorMessageSpellsOutASecret() {
    String token = "a-duplicated-token-of-thirty-two-characters";
    List<String> configs =
        List.of(
            // the same token twice
            """
            {"alibaba": {"regions": ["r"]}, "accounts": [
              {"name": "a", "huaweiAuthTokens": [{"token": "%1$s", "expiresAt": "2030-01-01T00:00:00Z"}]},
              {"name": "b", "huaweiAuthTokens": [{"token": "%1$s", "expiresAt": "2030-01-01T00:00:00Z"}]}]}
            """
                .formatted(token),
            // a secret where a number belongs
            """
            {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a",
              "huaweiAuthTokens": [{"token": {"env": 1}, "expiresAt": "%s"}]}]}
            """
                .formatted(token),
            // a secret as an unquoted word: the JSON parser would quote it
            withAlibabaSecret(token),
            // a secret where an expiry belongs
            """
            {"alibaba": {"regions": ["r"]}, "accounts": [{"name": "a",
              "huaweiAuthTokens": [{"token": "%1$s", "expiresAt": "%1$s"}]}]}
            """
                .formatted(token));
    for (String json : configs) {
      assertThatThrownBy(() -> read(json))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(
              e -> {
                for (Throwable at = e; at != null; at = at.getCause()) {
                  assertThat(String.valueOf(at.getMessage())).doesNotContain(token);
                }
              });
    }
  }
}
