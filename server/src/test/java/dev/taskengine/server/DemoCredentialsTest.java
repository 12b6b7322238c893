package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The credentials the README's curl examples use are the demo config's: its access key and secret
 * sign requests the demo accepts, its Huawei token and operator token are configured (and the
 * operator scoped as the README says), and the demo's workers call as that operator; a config whose
 * operators cannot run the demo's workers is refused before the server starts.
 */
class DemoCredentialsTest {

  private static String readme() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    return readme.substring(
        readme.indexOf("## Calling the server"), readme.indexOf("## Embedding"));
  }

  private static String find(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as(regex).isTrue();
    return matcher.group(1);
  }

  @Test
  void theReadmesCredentialsAreTheDemoConfigs() throws IOException {
    String readme = readme();
    Credentials demo = new Credentials(ServerConfig.demo());
    String accessKeyId = find(readme, "ALIBABA_CLOUD_ACCESS_KEY_ID=(\\S+)");
    String secret = find(readme, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=(\\S+)");
    assertThat(demo.alibabaKey(accessKeyId).orElseThrow().secret().reveal()).isEqualTo(secret);
    assertThat(demo.alibabaKey(accessKeyId).orElseThrow().account().name()).isEqualTo("demo");

    String token = find(readme, "X-Auth-Token: ([^']+)'");
    Credentials.AuthToken authToken = demo.huaweiToken(token).orElseThrow();
    assertThat(authToken.account().name()).isEqualTo("demo");
    assertThat(authToken.expiresAt()).isAfter(Instant.parse("2090-01-01T00:00:00Z"));

    String operatorToken = find(readme, "Authorization: Bearer ([^']+)'");
    ServerConfig.Operator operator = demo.operator(operatorToken).orElseThrow();
    assertThat(operator.mayTouch("demo:eds-aic:cn-hangzhou")).isTrue();
    assertThat(operator.mayTouch("acme:koophone")).isFalse();
    // The demo's workers call as that operator.
    assertThat(operatorToken).isEqualTo(Demo.BUNDLED_OPERATOR_TOKEN);
    assertThat(Demo.workerOperator(ServerConfig.demo(), Demo.BUNDLED_OPERATOR_TOKEN))
        .isEqualTo(operator);
  }

  @Test
  void theDemoWorkersOperatorMustBeConfiguredAndMayTouchEveryDemoTenant() throws IOException {
    ServerConfig config;
    try (InputStream in = DemoCredentialsTest.class.getResourceAsStream("/test-config.json")) {
      config = ServerConfig.read(in, "test-config.json");
    }
    assertThat(Demo.tenants(config))
        .containsExactly(
            "alpha:eds-aic:cn-hangzhou",
            "alpha:ecs:cn-hangzhou",
            "alpha:cph:0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "alpha:koophone");
    // Another config does not know the bundled demo token: refused before the server starts.
    assertThatThrownBy(() -> Demo.workerOperator(config, Demo.BUNDLED_OPERATOR_TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Demo.OPERATOR_TOKEN_VARIABLE)
        .hasMessageContaining("\"alpha:*\"")
        .hasMessageNotContaining(Demo.BUNDLED_OPERATOR_TOKEN);

    String token = "an-operator-token-of-one-tenant-only-0001";
    ServerConfig narrow =
        new ServerConfig(
            config.alibaba(),
            config.accounts(),
            List.of(
                new ServerConfig.Operator(
                    "koophone-worker", Crypto.sha256Hex(token), List.of("alpha:koophone"))),
            List.of());
    assertThatThrownBy(() -> Demo.workerOperator(narrow, token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("koophone-worker may not touch alpha:eds-aic:cn-hangzhou")
        .hasMessageNotContaining(token);
  }
}
