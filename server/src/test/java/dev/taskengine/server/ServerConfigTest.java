package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  private static ServerConfig read(String json) throws Exception {
    return ServerConfig.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
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
    assertThat(config.accounts().get(0).alibabaAccessKeyIds()).isEqualTo(List.of());
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
          {"name": "a", "alibabaAccessKeyIds": ["K"]}, {"name": "b", "alibabaAccessKeyIds": ["K"]}]}
        """,
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
}
