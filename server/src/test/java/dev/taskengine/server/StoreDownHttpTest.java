package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import dev.taskengine.tck.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped and started under a running server while clients keep calling it: every
 * request is answered, 200 or a 503 in its vendor's shape with {@code Retry-After}, {@code /readyz}
 * follows the store, {@code /healthz} never does, and the server serves again once the database is
 * back, without a restart. The database is an embedded PostgreSQL of the test's own (a server the
 * test did not start is never stopped).
 */
@Slow
class StoreDownHttpTest {
  @TempDir Path directory;

  @Test
  void requestsAreUnavailableWhileTheDatabaseIsDownAndServedOnceItIsBack() throws Exception {
    int port = freePort();
    Path data = directory.resolve("pgdata");
    EmbeddedPostgres database = startPostgres(data, port);
    ServerConfig config;
    try (InputStream in = StoreDownHttpTest.class.getResourceAsStream("/test-config.json")) {
      config = ServerConfig.read(in, "test-config.json");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (JdbcTaskStore store =
        JdbcTaskStore.builder()
            .url(database.getJdbcUrl("postgres", "postgres"))
            .connectionTimeout(Duration.ofSeconds(1))
            .statementTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build()) {
      TaskEngines.Builder builder = TaskEngines.builder().store(store);
      config.tokenKeyRing().ifPresent(builder::tokenKeys);
      TaskEngine engine = builder.build();
      engine.submit(TaskSpec.builder("alpha:eds-aic:cn-hangzhou", "RebootInstance").build());
      // No rate limit: the clients call as fast as answers come, and a 429 is not what this test
      // is about (RateLimitHttpTest's is).
      ServerLimits limits =
          ServerLimits.defaults().toBuilder()
              .retryAfter(Duration.ofSeconds(3))
              .rateLimit(0, Duration.ofSeconds(1))
              .build();
      try (TaskServer server =
          TaskServer.builder(engine, config).host("127.0.0.1").port(0).limits(limits).start()) {
        // Signed afresh for each request: the server refuses a nonce it has seen.
        Supplier<URI> alibaba =
            () ->
                server
                    .uri()
                    .resolve(
                        HttpTestBase.rpcPathAndQuery(
                            config, HttpTestBase.cloudPhone(HttpTestBase.ALPHA_AK), Instant.now()));
        URI huaweiUri =
            server
                .uri()
                .resolve("/v1/" + HttpTestBase.ALPHA_PROJECT + "/cloud-phone/jobs?request_id=r");
        Supplier<URI> huawei = () -> huaweiUri;
        assertThat(send(http, alibaba.get()).statusCode()).isEqualTo(200);
        assertThat(send(http, server.uri().resolve("/readyz")).statusCode()).isEqualTo(200);

        // Clients that keep calling through the outage: every answer is a 200 or a vendor 503.
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> unexpected = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Thread clients =
            new Thread(
                () -> {
                  for (int i = 0; running.get() && i < 10_000; i++) {
                    HttpResponse<String> response =
                        send(http, (i % 2 == 0 ? alibaba : huawei).get());
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    if (response.statusCode() != 200 && response.statusCode() != 503) {
                      unexpected.add(response.statusCode() + " " + response.body());
                    }
                  }
                },
                "store-down-clients");
        clients.start();

        database.close(); // pg_ctl stop: every pooled connection dies
        HttpResponse<String> down = send(http, alibaba.get());
        HttpTestBase.assertAlibabaError(down, 503, "ServiceUnavailable");
        assertThat(down.headers().firstValue("Retry-After")).contains("3");
        HttpResponse<String> huaweiDown = send(http, huawei.get());
        HttpTestBase.assertHuaweiError(huaweiDown, 503, "CPS.0003");
        assertThat(huaweiDown.headers().firstValue("Retry-After")).contains("3");
        HttpResponse<String> notReady = send(http, server.uri().resolve("/readyz"));
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Retry-After")).contains("3");
        assertThat(send(http, server.uri().resolve("/healthz")).statusCode()).isEqualTo(200);

        database = startPostgres(data, port);
        // PostgreSQL accepts connections a moment before it serves them: poll, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
          status = send(http, alibaba.get()).statusCode();
        }
        assertThat(status).as("served again after the restart").isEqualTo(200);
        assertThat(send(http, huawei.get()).statusCode()).isEqualTo(200);
        int ready = 0;
        while (ready != 200 && System.nanoTime() < deadline) {
          ready = send(http, server.uri().resolve("/readyz")).statusCode();
        }
        assertThat(ready).isEqualTo(200);

        running.set(false);
        clients.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(unexpected).isEmpty();
        assertThat(statuses).containsKeys(200, 503);
      }
    } finally {
      database.close();
    }
  }

  private static HttpResponse<String> send(HttpClient http, URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (uri.getPath().startsWith("/v1/")) {
      request.header("X-Auth-Token", HttpTestBase.ALPHA_TOKEN);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An embedded PostgreSQL on a fixed port and data directory, so that it can restart there. */
  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
