package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A real server for a test class: the engine on a SQLite file in a temporary directory, the test
 * config ({@code test-config.json}: accounts alpha, beta and pager with their secrets, two
 * operators, token key "k1"), Jetty on a free loopback port checking signatures on the test's
 * clock, and a JDK HTTP client. Requests are signed with {@link TestSigner} and the secrets of the
 * test config.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpTestBase {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String ALPHA_AK = "LTAI5tAlphaKey0001";
  static final String BETA_AK = "LTAI5tBetaKey0002";
  static final String PAGER_AK = "LTAI5tPagerKey0003";
  static final String ALPHA_PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String BETA_PROJECT = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
  static final String PAGER_PROJECT = "11112222333344445555666677778888";
  static final String ALPHA_HUAWEI_AK = "HWALPHAAK0001";
  static final String ALPHA_TOKEN = "ALPHA-AUTH-TOKEN-0001-2b4d6f8a0c1e3a5c7e9b";
  static final String ALPHA_EXPIRED_TOKEN = "ALPHA-EXPIRED-TOKEN-0001-1a2b3c4d5e6f7a8b9c0d";
  static final String BETA_TOKEN = "BETA-AUTH-TOKEN-0002-6e8a0c2b4d6f8a0c2e4b";
  static final String PAGER_TOKEN = "PAGER-AUTH-TOKEN-0003-4f6b8d0a2c4e6b8d0f2a";

  /** The operator that may touch every tenant. */
  static final String OPERATOR = "Bearer OPERATOR-TOKEN-ALL-TENANTS-0001-5e7a9c1b3d5f";

  /** The operator that may touch alpha's tenants and beta:koophone only. */
  static final String ALPHA_OPERATOR = "Bearer OPERATOR-TOKEN-ALPHA-ONLY-0002-8d6b4f2a0e6c";

  Path directory;
  JdbcTaskStore store;
  TaskEngine engine;
  ServerConfig config;
  TaskServer server;
  HttpClient http;

  @BeforeAll
  void startServer() throws Exception {
    directory = Files.createTempDirectory("taskengine-server-test");
    try (InputStream in = HttpTestBase.class.getResourceAsStream("/test-config.json")) {
      config = ServerConfig.read(in, "test-config.json");
    }
    store = JdbcTaskStore.builder().url("jdbc:sqlite:" + directory.resolve("tasks.db")).build();
    TaskEngines.Builder builder =
        TaskEngines.builder().store(store).clock(clock()).idGenerator(new DemoIdGenerator());
    config.tokenKeyRing().ifPresent(builder::tokenKeys);
    engine = builder.build();
    server =
        TaskServer.builder(engine, config)
            .host("127.0.0.1")
            .port(0)
            .limits(limits())
            .clock(clock())
            .start();
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  void stopServer() throws Exception {
    server.close();
    store.close();
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /**
   * The server's limits: the defaults without a rate limit (the paging tests send hundreds of
   * requests a second), unless a test class needs others.
   */
  ServerLimits limits() {
    return ServerLimits.defaults().toBuilder().rateLimit(0, Duration.ofSeconds(1)).build();
  }

  /** The engine's and the server's clock; the system's unless a test class needs to set it. */
  java.time.Clock clock() {
    return java.time.Clock.systemUTC();
  }

  URI uri(String pathAndQuery) {
    return server.uri().resolve(pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /**
   * An Alibaba RPC GET of {@code params}, signed (signature v1, now on the test's clock) with the
   * secret of the access key its {@code AccessKeyId} names.
   */
  HttpResponse<String> rpc(Map<String, String> params) {
    return get(rpcPathAndQuery(config, params, clock().instant()));
  }

  /**
   * The path and query of an Alibaba RPC GET of {@code params}, signed at {@code signedAt} as
   * {@link #signed(ServerConfig, String, Map, Instant)} does; for tests that run a server of their
   * own.
   */
  static String rpcPathAndQuery(ServerConfig config, Map<String, String> params, Instant signedAt) {
    return "/?" + TestSigner.encode(signed(config, "GET", params, signedAt));
  }

  /** {@code params} signed with signature v1 for {@code method}, not yet URL-encoded. */
  Map<String, String> signed(String method, Map<String, String> params) {
    return signed(config, method, params, clock().instant());
  }

  /**
   * {@code params} signed with signature v1 for {@code method} at {@code signedAt}, with the secret
   * {@code config} gives the access key its {@code AccessKeyId} names (alpha's when none), not yet
   * URL-encoded; for tests that run a server of their own.
   */
  static Map<String, String> signed(
      ServerConfig config, String method, Map<String, String> params, Instant signedAt) {
    String accessKeyId = params.getOrDefault("AccessKeyId", ALPHA_AK);
    return TestSigner.rpcV1(
        method,
        params,
        accessKeyId,
        alibabaSecret(config, accessKeyId),
        signedAt,
        java.util.UUID.randomUUID().toString());
  }

  /**
   * {@code signed}'s pairs URL-encoded, except {@code name}, which is written as {@code raw}: a
   * value no client would encode that way, after a signature made over the others.
   */
  static String withRaw(Map<String, String> signed, String name, String raw) {
    Map<String, String> others = new LinkedHashMap<>(signed);
    others.remove(name);
    return TestSigner.encode(others) + "&" + name + "=" + raw;
  }

  /** The test config's secret of an Alibaba access key; for an unknown one, some secret. */
  String alibabaSecret(String accessKeyId) {
    return alibabaSecret(config, accessKeyId);
  }

  private static String alibabaSecret(ServerConfig config, String accessKeyId) {
    return config.accounts().stream()
        .flatMap(account -> account.alibabaAccessKeys().stream())
        .filter(key -> key.id().equals(accessKeyId))
        .map(key -> key.secret().reveal())
        .findFirst()
        .orElse("a-secret-of-an-access-key-the-server-does-not-know");
  }

  /** The test config's secret key of a Huawei access key; for an unknown one, some secret. */
  String huaweiSecret(String accessKey) {
    return config.accounts().stream()
        .flatMap(account -> account.huaweiAccessKeys().stream())
        .filter(key -> key.id().equals(accessKey))
        .map(key -> key.secret().reveal())
        .findFirst()
        .orElse("a-secret-key-of-an-access-key-the-server-does-not-know");
  }

  /** A GET signed with ACS3-HMAC-SHA256 (now) by {@code accessKeyId}, with extra headers. */
  HttpResponse<String> acs3Get(String pathAndQuery, String accessKeyId, String... headers) {
    URI target = uri(pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
    TestSigner.acs3(
            "GET",
            target,
            pairs(headers),
            new byte[0],
            accessKeyId,
            alibabaSecret(accessKeyId),
            clock().instant(),
            java.util.UUID.randomUUID().toString())
        .forEach(request::header);
    return send(request);
  }

  /** A Huawei GET signed with SDK-HMAC-SHA256 (now) by {@code accessKey}, with extra headers. */
  HttpResponse<String> huaweiGet(String pathAndQuery, String accessKey, String... headers) {
    URI target = uri(pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
    TestSigner.huawei(
            "GET", target, pairs(headers), accessKey, huaweiSecret(accessKey), clock().instant())
        .forEach(request::header);
    return send(request);
  }

  /** {@code name, value, name, value...} as a map, in order. */
  static Map<String, String> pairs(String... namesAndValues) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      pairs.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return pairs;
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Cloud Phone DescribeTasks parameters for {@code accessKeyId}, then the given pairs. */
  static Map<String, String> cloudPhone(String accessKeyId, String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", "DescribeTasks");
    params.put("Version", "2023-09-30");
    params.put("AccessKeyId", accessKeyId);
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  /** ECS DescribeTasks parameters for {@code accessKeyId} in cn-hangzhou, then the given pairs. */
  static Map<String, String> ecs(String accessKeyId, String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", "DescribeTasks");
    params.put("Version", "2014-05-26");
    params.put("AccessKeyId", accessKeyId);
    params.put("RegionId", "cn-hangzhou");
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  /** A response read off a raw socket. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body} byte for
   * byte, for requests the JDK client refuses to send (malformed escapes, odd framing).
   */
  RawResponse raw(String head, String body) {
    return rawBytes(head, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #raw(String, String)} with a body of any bytes. */
  RawResponse rawBytes(String head, byte[] body) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      String request = head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, headEnd).split("\r\n");
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
      }
      String content = response.substring(headEnd + 4);
      if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
        StringBuilder dechunked = new StringBuilder();
        int at = 0;
        while (true) {
          int lineEnd = content.indexOf("\r\n", at);
          int size = Integer.parseInt(content.substring(at, lineEnd).strip(), 16);
          if (size == 0) {
            break;
          }
          dechunked.append(content, lineEnd + 2, lineEnd + 2 + size);
          at = lineEnd + 2 + size + 2;
        }
        content = dechunked.toString();
      }
      return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Asserts an Alibaba error: status, exactly {RequestId, Code, Message}, the code. */
  static JsonNode assertAlibabaError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode body = json(response);
    assertThat(fieldNames(body)).containsExactly("RequestId", "Code", "Message");
    assertThat(body.get("Code").asText()).as(response.body()).isEqualTo(code);
    assertThat(body.get("RequestId").asText())
        .isEqualTo(response.headers().firstValue("x-acs-request-id").orElseThrow());
    return body;
  }

  /** {@link #assertAlibabaError(HttpResponse, int, String)} of a raw response. */
  static JsonNode assertAlibabaError(RawResponse response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().get("Content-Type")).startsWith("application/json");
    JsonNode body = json(response.body());
    assertThat(fieldNames(body)).containsExactly("RequestId", "Code", "Message");
    assertThat(body.get("Code").asText()).as(response.body()).isEqualTo(code);
    assertThat(body.get("RequestId").asText())
        .isNotEmpty()
        .isEqualTo(response.headers().get("x-acs-request-id"));
    return body;
  }

  /** {@link #assertHuaweiError(HttpResponse, int, String)} of a raw response. */
  static JsonNode assertHuaweiError(RawResponse response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().get("Content-Type")).startsWith("application/json");
    assertThat(response.headers().get("X-Request-Id")).isNotBlank();
    JsonNode body = json(response.body());
    assertThat(body.get("error_code").asText()).as(response.body()).isEqualTo(code);
    assertThat(body.get("error_msg").asText()).isNotEmpty();
    return body;
  }

  /** Asserts a Huawei error: status, JSON content type, X-Request-Id, error_code and error_msg. */
  static JsonNode assertHuaweiError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    JsonNode body = json(response);
    assertThat(body.get("error_code").asText()).as(response.body()).isEqualTo(code);
    assertThat(body.get("error_msg").asText()).isNotEmpty();
    return body;
  }

  static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
