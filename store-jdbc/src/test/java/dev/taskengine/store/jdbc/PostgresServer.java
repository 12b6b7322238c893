package dev.taskengine.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server the tests run against: the one named by {@code TASKENGINE_PG_URL} (with
 * {@code TASKENGINE_PG_USER} and {@code TASKENGINE_PG_PASSWORD} when the URL does not carry them),
 * otherwise an embedded PostgreSQL started once per JVM from Maven Central binaries. Each caller
 * gets its own schema, so test classes never see each other's rows or statistics.
 */
final class PostgresServer {
  private static final String URL_VARIABLE = "TASKENGINE_PG_URL";

  private static String baseUrl;
  private static String user;
  private static String password;
  private static final List<String> createdSchemas = new ArrayList<>();

  private PostgresServer() {}

  /** Whether the tests use a server named by {@code TASKENGINE_PG_URL}. */
  static boolean isExternal() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** A URL whose connections work in a new, empty schema of the shared server. */
  static synchronized String newSchemaUrl() {
    start();
    String schema = "te_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try (Connection connection = connect(baseUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    createdSchemas.add(schema);
    return withParameter(baseUrl, "currentSchema=" + schema);
  }

  /** A builder for a store on {@code url}, with the server's credentials. */
  static JdbcTaskStore.Builder storeBuilder(String url) {
    JdbcTaskStore.Builder builder = JdbcTaskStore.builder().url(url);
    if (user != null) {
      builder.credentials(user, password == null ? "" : password);
    }
    return builder;
  }

  /**
   * {@link #newSchemaUrl()} with the server's credentials in the URL, for callers that cannot use
   * {@link #storeBuilder}.
   */
  static synchronized String newSchemaUrlWithCredentials() {
    String url = newSchemaUrl();
    if (user != null) {
      url = withParameter(url, "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
    }
    if (password != null) {
      url = withParameter(url, "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }
    return url;
  }

  /** A plain JDBC connection to {@code url} with the server's credentials. */
  static Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  /**
   * A PostgreSQL of its own, for a test that stops and starts the server. Always embedded: the
   * tests never stop a server they did not start.
   */
  static EmbeddedPostgres startDedicated(Path dataDirectory, int port) {
    try {
      return configure(EmbeddedPostgres.builder())
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a dedicated PostgreSQL", e);
    }
  }

  static String withParameter(String url, String parameter) {
    return url + (url.contains("?") ? "&" : "?") + parameter;
  }

  private static void start() {
    if (baseUrl != null) {
      return;
    }
    if (isExternal()) {
      baseUrl = System.getenv(URL_VARIABLE);
      user = System.getenv("TASKENGINE_PG_USER");
      password = System.getenv("TASKENGINE_PG_PASSWORD");
      Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::dropSchemas));
      return;
    }
    try {
      EmbeddedPostgres server = configure(EmbeddedPostgres.builder()).start();
      baseUrl = server.getJdbcUrl("postgres", "postgres");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  private static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
    // Durability buys nothing in a throwaway test server and costs CI minutes.
    return builder
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("max_connections", "300");
  }

  private static synchronized void dropSchemas() {
    try (Connection connection = connect(baseUrl);
        Statement statement = connection.createStatement()) {
      for (String schema : createdSchemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas " + createdSchemas + ": " + e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("could not stop the embedded PostgreSQL: " + e);
    }
  }
}
