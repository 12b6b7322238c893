package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The credentials the README's curl examples use are the demo config's: its access key and secret
 * sign requests the demo accepts, its Huawei token and operator token are configured (and the
 * operator scoped as the README says).
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

    ServerConfig.Operator operator =
        demo.operator(find(readme, "Authorization: Bearer ([^']+)'")).orElseThrow();
    assertThat(operator.mayTouch("demo:eds-aic:cn-hangzhou")).isTrue();
    assertThat(operator.mayTouch("acme:koophone")).isFalse();
  }
}
