package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.Slow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Clients that trickle their requests, hold connections or fill the request slots cannot take the
 * server from the others: the probes and ordinary requests are answered, the slow ones are cut off,
 * and a full queue is a 503 in the vendor's shape. Every load here is bounded in count and time and
 * goes to 127.0.0.1 only.
 */
@Slow
class SlowClientsHttpTest extends HttpTestBase {
  private static final int SLOW_CLIENTS = 100;

  @Override
  ServerLimits limits() {
    return ServerLimits.defaults().toBuilder()
        .maxConnections(SLOW_CLIENTS + 20)
        .maxConcurrentRequests(2)
        .maxQueuedRequests(0)
        .idleTimeout(Duration.ofSeconds(3))
        .rateLimit(0, Duration.ofSeconds(1))
        .build();
  }

  @Test
  void aHundredSlowClientsDoNotStarveTheProbesOrAnOrdinaryRequest() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(30_000);
        // A form POST that promises 1,000 bytes and sends one: it waits for the rest.
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /?"
                    + form(cloudPhone(ALPHA_AK))
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 1000\r\n\r\nL")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        slow.add(socket);
      }
      // With only two request slots and no queue, these are answered only because the slow
      // bodies hold neither a thread nor a slot.
      HttpResponse<String> health = get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(get("/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> ordinary = rpc(cloudPhone(ALPHA_AK));
      assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(200);

      // Each slow client is cut off after the idle timeout: answered in its vendor's shape, or
      // closed, never left holding its connection.
      for (Socket socket : slow) {
        String answer = readAll(socket.getInputStream());
        if (!answer.isEmpty()) {
          assertThat(answer)
              .startsWith("HTTP/1.1 408")
              .contains("\"RequestId\"")
              .contains("\"Code\":\"InvalidParameter\"");
        }
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void aBodySlowerThanTheMinimumDataRateIsRefused() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /?"
                  + form(cloudPhone(ALPHA_AK))
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\n"
                  + "Content-Length: 100000\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      // One byte at a time, far below 1,024 bytes a second, until the server gives up on it.
      String answer = "";
      for (int i = 0; i < 40 && answer.isEmpty(); i++) {
        try {
          out.write('L');
          out.flush();
        } catch (IOException closed) {
          break;
        }
        socket.setSoTimeout(250);
        try {
          answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException stillWaiting) {
          answer = "";
        }
      }
      assertThat(answer).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void requestsBeyondTheSlotsAndTheQueueAreServiceUnavailableWithRetryAfter() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    // Another connection holds SQLite's write lock, so each operator's write waits in its slot.
    try (Connection holder =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("tasks.db"));
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
      HttpResponse<String> refusedWrite = null;
      // Writers until one is refused: then every slot holds a waiting writer.
      for (int i = 0; i < 8 && refusedWrite == null; i++) {
        CompletableFuture<HttpResponse<String>> writer =
            CompletableFuture.supplyAsync(
                () ->
                    post(
                        "/ops/v1/tenants/alpha:ecs:cn-hangzhou/tasks",
                        "application/json",
                        "{\"type\":\"ImportImage\"}",
                        "Authorization",
                        OPERATOR),
                clients);
        try {
          refusedWrite = writer.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException waitsInItsSlot) {
          waiting.add(writer);
        }
      }
      assertThat(refusedWrite).as("no writer was refused").isNotNull();
      assertThat(waiting).hasSize(2);
      assertThat(refusedWrite.statusCode()).isEqualTo(503);
      assertThat(json(refusedWrite).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");

      HttpResponse<String> refused = rpc(cloudPhone(ALPHA_AK));
      assertAlibabaError(refused, 503, "ServiceUnavailable");
      assertThat(refused.headers().firstValue("Retry-After")).contains("5");
      HttpResponse<String> kooPhone =
          get("/v1/instances/tasks/t-1", "X-Auth-Token", ALPHA_TOKEN, "x-request-id", "q");
      assertHuaweiError(kooPhone, 503, "KOOPHONE.API.9999");
      assertThat(kooPhone.headers().firstValue("Retry-After")).contains("5");
      assertThat(get("/healthz").statusCode()).isEqualTo(200);

      statement.execute("ROLLBACK");
      for (CompletableFuture<HttpResponse<String>> writer : waiting) {
        assertThat(writer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(rpc(cloudPhone(ALPHA_AK)).statusCode()).isEqualTo(200);
  }

  private static String readAll(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException reset) {
      return "";
    }
  }
}
