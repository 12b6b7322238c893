package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import dev.taskengine.tck.Slow;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a key store: a client that trusts the certificate is served, plain HTTP is not. */
@Slow
class TlsHttpTest {
  private static final String PASSWORD = "test-keystore-password";

  @TempDir Path directory;

  @Test
  void servesHttpsWithTheKeyStoresCertificate() throws Exception {
    Path keyStore = directory.resolve("server.p12");
    generateKeyStore(keyStore);
    ServerConfig config;
    try (InputStream in = TlsHttpTest.class.getResourceAsStream("/test-config.json")) {
      config = ServerConfig.read(in, "test-config.json");
    }
    try (JdbcTaskStore store =
        JdbcTaskStore.builder().url("jdbc:sqlite:" + directory.resolve("tasks.db")).build()) {
      TaskEngine engine = TaskEngines.builder().store(store).build();
      try (TaskServer server =
          TaskServer.builder(engine, config)
              .host("127.0.0.1")
              .port(0)
              .tls(keyStore, PASSWORD)
              .start()) {
        assertThat(server.uri().getScheme()).isEqualTo("https");
        HttpClient trusting =
            HttpClient.newBuilder()
                .sslContext(OpsClient.trusting(keyStore, PASSWORD))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> health =
            trusting.send(
                HttpRequest.newBuilder(server.uri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> describe =
            trusting.send(
                HttpRequest.newBuilder(
                        server
                            .uri()
                            .resolve(
                                HttpTestBase.rpcPathAndQuery(
                                    config,
                                    HttpTestBase.cloudPhone(HttpTestBase.ALPHA_AK),
                                    Instant.now())))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(describe.statusCode()).as(describe.body()).isEqualTo(200);
        // The demo's workers' client, trusting the key store as Main makes it with --demo.
        OpsClient worker =
            new OpsClient(
                server.uri(),
                HttpTestBase.OPERATOR.substring("Bearer ".length()),
                OpsClient.trusting(keyStore, PASSWORD));
        assertThat(
                worker.claim("alpha:koophone", "worker-1", Duration.ofSeconds(2), List.of("X"), 1))
            .isEmpty();

        // A client that does not trust the certificate cannot talk to it at all.
        HttpClient untrusting =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(
                () ->
                    untrusting.send(
                        HttpRequest.newBuilder(server.uri().resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aKeyStoreThatCannotBeReadIsRefusedAtStart() throws Exception {
    ServerConfig config = ServerConfig.demo();
    try (JdbcTaskStore store =
        JdbcTaskStore.builder().url("jdbc:sqlite:" + directory.resolve("tasks.db")).build()) {
      TaskEngine engine = TaskEngines.builder().store(store).build();
      assertThatThrownBy(
              () ->
                  TaskServer.builder(engine, config)
                      .port(0)
                      .tls(directory.resolve("missing.p12"), PASSWORD)
                      .start())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missing.p12");
    }
  }

  /** A self-signed key pair for 127.0.0.1 and localhost, by the JDK's own keytool. */
  private static void generateKeyStore(Path keyStore) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "san=ip:127.0.0.1,dns:localhost",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(Files.size(keyStore)).isPositive();
  }
}
