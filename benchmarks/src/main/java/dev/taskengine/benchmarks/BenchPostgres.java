package dev.taskengine.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL server of the benchmarks, in this order: the one named by the system property
 * {@value #URL_PROPERTY} (how {@link Run} hands its server to the JMH forks), the one named by
 * {@code TASKENGINE_PG_URL} (with {@code TASKENGINE_PG_USER} and {@code TASKENGINE_PG_PASSWORD}),
 * or an embedded PostgreSQL (zonky) on a persistent data directory, so that a loaded data set
 * survives the process and is reused by the next one. The embedded server runs with durability off
 * ({@code fsync=off}, as zonky starts it) and memory for a data set of two million tasks.
 */
final class BenchPostgres implements AutoCloseable {
  static final String URL_PROPERTY = "taskengine.bench.pgUrl";
  static final String USER_PROPERTY = "taskengine.bench.pgUser";
  static final String PASSWORD_PROPERTY = "taskengine.bench.pgPassword";

  private final String url;
  private final String user;
  private final String password;
  private final EmbeddedPostgres embedded;
  private volatile boolean closed;

  private BenchPostgres(String url, String user, String password, EmbeddedPostgres embedded) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
  }

  /**
   * The server to use. An embedded one is started on {@code dataDirectory} and stops with {@link
   * #close()} or when the JVM exits.
   */
  static BenchPostgres start(Path dataDirectory) {
    String named = System.getProperty(URL_PROPERTY);
    if (named != null && !named.isBlank()) {
      return new BenchPostgres(
          named, System.getProperty(USER_PROPERTY), System.getProperty(PASSWORD_PROPERTY), null);
    }
    String fromEnvironment = System.getenv("TASKENGINE_PG_URL");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new BenchPostgres(
          fromEnvironment,
          System.getenv("TASKENGINE_PG_USER"),
          System.getenv("TASKENGINE_PG_PASSWORD"),
          null);
    }
    EmbeddedPostgres server;
    try {
      server = startEmbedded(dataDirectory);
    } catch (IOException | RuntimeException first) {
      // Most likely the free port was taken in between: try once more on another. The directory
      // is never deleted here: it holds a data set that takes minutes to rebuild, and perhaps a
      // server that is still running.
      Log.info("embedded PostgreSQL did not start on %s (%s); trying again", dataDirectory, first);
      try {
        server = startEmbedded(dataDirectory);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot start the embedded PostgreSQL on "
                + dataDirectory
                + "; if no PostgreSQL runs there any more (see postmaster.pid) and the directory"
                + " comes from another PostgreSQL version, delete it and the data set is rebuilt",
            e);
      }
    }
    return new BenchPostgres(server.getJdbcUrl("postgres", "postgres"), null, null, server);
  }

  private static EmbeddedPostgres startEmbedded(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory.getParent());
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(freePort())
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("shared_buffers", "1GB")
        .setServerConfig("maintenance_work_mem", "1GB")
        .setServerConfig("max_wal_size", "8GB")
        // COPY into a table truncated in the same transaction then skips the WAL.
        .setServerConfig("wal_level", "minimal")
        .setServerConfig("max_wal_senders", "0")
        .setServerConfig("max_connections", "100")
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The server's URL (no schema chosen). */
  String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Whether this process started the server. */
  boolean isEmbedded() {
    return embedded != null;
  }

  /** The URL of {@code schema} on this server. */
  String schemaUrl(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A plain connection to {@code jdbcUrl} with this server's credentials. */
  Connection connect(String jdbcUrl) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** Whether {@link #close()} was called: a new one must be started. */
  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        Log.info("could not stop the embedded PostgreSQL: %s", e);
      }
    }
  }
}
