package dev.taskengine.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server of the benchmarks, in one of two {@link Role}s: the data-set server holds the
 * read data set; the write server holds every write benchmark's fresh schemas ({@link WriteStore}).
 * The server of a role is, in this order: the one named by the role's system property ({@value
 * #URL_PROPERTY} or {@value #WRITE_URL_PROPERTY}, with {@value #USER_PROPERTY} and {@value
 * #PASSWORD_PROPERTY}; how {@link Run} hands its servers to the JMH forks), the one named by {@code
 * TASKENGINE_PG_URL} (with {@code TASKENGINE_PG_USER} and {@code TASKENGINE_PG_PASSWORD}; both
 * roles then share it, with whatever durability it has, which {@link #durability()} reads and the
 * report prints), or an embedded PostgreSQL (zonky) on a persistent data directory of the role's
 * own under the data set directory, reused by the next process.
 *
 * <p>The embedded servers differ on purpose. The data-set server runs with durability off (zonky
 * starts it with {@code -F}, that is {@code fsync=off}, and {@code synchronous_commit=off}) and
 * {@code wal_level=minimal}: it is loaded once and then only read, and a read never waits for a
 * commit. The write server commits durably, as a production server does: {@code fsync=on} and
 * {@code synchronous_commit=on} (its {@code -c} settings come after zonky's {@code -F} on the
 * command line and override it) and PostgreSQL's default {@code wal_level=replica}, so that every
 * write figure pays for flushing the WAL at commit.
 *
 * <p>Thread safety: the accessors may be called from any thread; {@link #close()} is idempotent.
 */
final class BenchPostgres implements AutoCloseable {
  static final String URL_PROPERTY = "taskengine.bench.pgUrl";
  static final String WRITE_URL_PROPERTY = "taskengine.bench.pgWriteUrl";
  static final String USER_PROPERTY = "taskengine.bench.pgUser";
  static final String PASSWORD_PROPERTY = "taskengine.bench.pgPassword";

  /**
   * The settings that say whether a commit survives a crash, as {@link #durability()} reads them.
   */
  static final List<String> DURABILITY_SETTINGS = List.of("fsync", "synchronous_commit");

  /** What a server is for; each role has a server of its own unless one is named for both. */
  enum Role {
    /** Holds the read data set; durability off. */
    DATA_SET(
        "dataSet",
        URL_PROPERTY,
        "postgresql",
        Map.of(
            "shared_buffers", "1GB",
            "maintenance_work_mem", "1GB",
            "max_wal_size", "8GB",
            // COPY into a table truncated in the same transaction then skips the WAL.
            "wal_level", "minimal",
            "max_wal_senders", "0",
            "max_connections", "100")),
    /** Holds the write benchmarks' schemas; durable commits. */
    WRITES(
        "writes",
        WRITE_URL_PROPERTY,
        "postgresql-durable",
        Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            // Enough for the small tables a write benchmark fills; wal_level stays the default.
            "shared_buffers", "256MB",
            // A paired benchmark opens two pools, the engine's and the baseline's.
            "max_connections", "100"));

    private final String key;
    private final String urlProperty;
    private final String directory;
    private final Map<String, String> serverConfig;

    Role(String key, String urlProperty, String directory, Map<String, String> serverConfig) {
      this.key = key;
      this.urlProperty = urlProperty;
      this.directory = directory;
      this.serverConfig = serverConfig;
    }

    /** The role's key in the run's record ({@code <mode>-run.json}, under {@code postgresql}). */
    String key() {
      return key;
    }

    /** The system property that names a running server for this role. */
    String urlProperty() {
      return urlProperty;
    }

    /** Where the embedded server of this role keeps its data, under the data set directory. */
    Path dataDirectory(Path datasetsDirectory) {
      return datasetsDirectory.resolve(directory);
    }
  }

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
   * The server of {@code role}. An embedded one is started in the role's data directory under
   * {@code datasetsDirectory} and stops with {@link #close()} or when the JVM exits.
   */
  static BenchPostgres start(Role role, Path datasetsDirectory) {
    String named = System.getProperty(role.urlProperty());
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
    return startEmbedded(role, datasetsDirectory);
  }

  /**
   * An embedded server of {@code role} in its data directory under {@code datasetsDirectory},
   * whatever the properties and the environment name.
   */
  static BenchPostgres startEmbedded(Role role, Path datasetsDirectory) {
    Path dataDirectory = role.dataDirectory(datasetsDirectory);
    EmbeddedPostgres server;
    try {
      server = embedded(role, dataDirectory);
    } catch (IOException | RuntimeException first) {
      // Most likely the free port was taken in between: try once more on another. The directory
      // is never deleted here: it may hold a data set that takes minutes to rebuild, and perhaps a
      // server that is still running.
      Log.info("embedded PostgreSQL did not start on %s (%s); trying again", dataDirectory, first);
      try {
        server = embedded(role, dataDirectory);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot start the embedded PostgreSQL on "
                + dataDirectory
                + "; if no PostgreSQL runs there any more (see postmaster.pid) and the directory"
                + " comes from another PostgreSQL version, delete it and it is made again",
            e);
      }
    }
    return new BenchPostgres(server.getJdbcUrl("postgres", "postgres"), null, null, server);
  }

  private static EmbeddedPostgres embedded(Role role, Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory.getParent());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60));
    role.serverConfig.forEach(builder::setServerConfig);
    return builder.start();
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

  /**
   * What a commit costs on this server, read from the server itself: {@code "server"} ({@code
   * embedded} or {@code external}) and each of {@link #DURABILITY_SETTINGS} as {@code SHOW} gives
   * it ({@code on} or {@code off}).
   */
  Map<String, String> durability() {
    Map<String, String> durability = new LinkedHashMap<>();
    durability.put("server", isEmbedded() ? "embedded" : "external");
    try (Connection connection = connect(url);
        Statement statement = connection.createStatement()) {
      for (String setting : DURABILITY_SETTINGS) {
        try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
          row.next();
          durability.put(setting, row.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the PostgreSQL server's durability settings", e);
    }
    return durability;
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
