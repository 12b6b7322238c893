package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainOptionsTest {

  @Test
  void demoNeedsNothingElseAndBindsToLoopback() {
    Main.Options options = Main.Options.parse(List.of("--demo"), null);
    assertThat(options.demo()).isTrue();
    assertThat(options.bind()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.db()).isNull();
  }

  @Test
  void theDemoWorkersReachAServerListeningOnEveryAddressAtLoopback() {
    assertThat(Main.reachable(URI.create("http://0.0.0.0:8080/")))
        .isEqualTo(URI.create("http://127.0.0.1:8080/"));
    assertThat(Main.reachable(URI.create("https://[::]:8443/")))
        .isEqualTo(URI.create("https://[::1]:8443/"));
    assertThat(Main.reachable(URI.create("http://127.0.0.1:8080/")))
        .isEqualTo(URI.create("http://127.0.0.1:8080/"));
    assertThat(Main.reachable(URI.create("http://192.0.2.7:8080/")))
        .isEqualTo(URI.create("http://192.0.2.7:8080/"));
  }

  @Test
  void readsEveryFlag() {
    Main.Options options =
        Main.Options.parse(
            List.of(
                "--config",
                "conf.json",
                "--db",
                "jdbc:postgresql://db:5432/tasks",
                "--db-user",
                "app",
                "--bind",
                "0.0.0.0",
                "--port",
                "0"),
            "from-env");
    assertThat(options.config()).isEqualTo(Path.of("conf.json"));
    assertThat(options.db()).isEqualTo("jdbc:postgresql://db:5432/tasks");
    assertThat(options.dbUser()).isEqualTo("app");
    assertThat(options.dbPassword()).isEqualTo("from-env");
    assertThat(options.bind()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isZero();
  }

  @Test
  void refusesWhatItCannotUse() {
    for (List<String> bad :
        List.of(
            List.<String>of(),
            List.of("--demo", "--port", "x"),
            List.of("--demo", "--port", "70000"),
            List.of("--demo", "--port"),
            List.of("--demo", "--db", "jdbc:mysql://x"),
            List.of("--demo", "--config", "--port"),
            List.of("--demo", "--verbose"))) {
      assertThatThrownBy(() -> Main.Options.parse(bad, null))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void limitsTimeoutsAndTlsHaveDefaultsAndFlags() {
    Main.Options defaults = Main.Options.parse(List.of("--demo"), null);
    assertThat(defaults.limits()).isEqualTo(ServerLimits.defaults());
    assertThat(defaults.timeouts()).isEqualTo(Main.DatabaseTimeouts.DEFAULTS);
    assertThat(defaults.tls()).isNull();

    Main.Options options =
        Main.Options.parse(
            List.of(
                "--demo",
                "--max-connections",
                "1000",
                "--max-concurrent-requests",
                "8",
                "--max-queued-requests",
                "0",
                "--max-queue-wait",
                "500ms",
                "--idle-timeout",
                "2m",
                "--min-request-data-rate",
                "0",
                "--rate-limit",
                "20/1m",
                "--retry-after",
                "10s",
                "--db-connection-timeout",
                "2s",
                "--db-statement-timeout",
                "3s",
                "--db-socket-timeout",
                "4s",
                "--tls-keystore",
                "server.p12",
                "--tls-keystore-password-file",
                "pass.txt"),
            null);
    ServerLimits limits = options.limits();
    assertThat(limits.maxConnections()).isEqualTo(1000);
    assertThat(limits.maxConcurrentRequests()).isEqualTo(8);
    assertThat(limits.maxQueuedRequests()).isZero();
    assertThat(limits.maxQueueWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(limits.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(limits.minRequestDataRate()).isZero();
    assertThat(limits.rateLimit()).isEqualTo(20);
    assertThat(limits.ratePeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(limits.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.timeouts())
        .isEqualTo(
            new Main.DatabaseTimeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));
    assertThat(options.tls()).isEqualTo(new Main.Tls(Path.of("server.p12"), Path.of("pass.txt")));
  }

  @Test
  void refusesLimitsItCannotUse() {
    for (List<String> bad :
        List.of(
            List.of("--demo", "--max-connections", "0"),
            List.of("--demo", "--max-queue-wait", "5"),
            List.of("--demo", "--max-queue-wait", "0s"),
            List.of("--demo", "--idle-timeout", "1h"),
            List.of("--demo", "--rate-limit", "20"),
            List.of("--demo", "--rate-limit", "x/1s"),
            List.of("--demo", "--retry-after", "1500ms"),
            List.of("--demo", "--db-statement-timeout", "30s", "--db-socket-timeout", "30s"),
            List.of("--demo", "--db-connection-timeout", "100ms"),
            List.of("--demo", "--tls-keystore-password-file", "pass.txt"))) {
      assertThatThrownBy(() -> Main.Options.parse(bad, null))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theSweeperRunsEveryFiveSecondsEverySecondInTheDemoOrAsToldOrNot() {
    assertThat(Main.Options.parse(List.of("--config", "c.json"), null).sweepInterval())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(Main.Options.parse(List.of("--demo"), null).sweepInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(
            Main.Options.parse(List.of("--demo", "--sweep-interval", "250ms"), null)
                .sweepInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(
            Main.Options.parse(List.of("--config", "c.json", "--sweep-interval", "off"), null)
                .sweepInterval())
        .isNull();
    for (List<String> bad :
        List.of(
            List.of("--demo", "--sweep-interval"),
            List.of("--demo", "--sweep-interval", "0s"),
            List.of("--demo", "--sweep-interval", "never"),
            List.of("--demo", "--sweep-interval", "-1s"))) {
      assertThatThrownBy(() -> Main.Options.parse(bad, null))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--sweep-interval");
    }
  }

  @Test
  void theKeyStorePasswordComesFromAFileOrTheEnvironmentNeverAFlag() throws Exception {
    Path file = Files.createTempFile("keystore-password", ".txt");
    try {
      Files.writeString(file, "from-file\n");
      assertThat(Main.keyStorePassword(new Main.Tls(Path.of("k.p12"), file), "from-env"))
          .isEqualTo("from-file");
      assertThat(Main.keyStorePassword(new Main.Tls(Path.of("k.p12"), null), "from-env"))
          .isEqualTo("from-env");
      assertThatThrownBy(() -> Main.keyStorePassword(new Main.Tls(Path.of("k.p12"), null), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TASKENGINE_TLS_KEYSTORE_PASSWORD");
    } finally {
      Files.delete(file);
    }
  }
}
