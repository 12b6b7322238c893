package dev.taskengine.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where a store's connections come from, and what it must close: a HikariCP pool the store makes
 * from a URL and owns ({@link #pool}), or a host's {@link DataSource} it only borrows ({@link
 * #borrow}). What differs by database (driver properties, the default pool size, a connection kept
 * open for a shared in-memory SQLite database) is asked of the {@link Dialect}. Immutable;
 * thread-safe.
 *
 * @param owned closes what the store opened; null for a borrowed data source
 */
record Connections(Dialect dialect, DataSource dataSource, AutoCloseable owned) {

  /**
   * How long the store waits: for a pooled connection (and SQLite's write lock), and, on PostgreSQL
   * only, for a statement and for a socket read (null: no limit).
   */
  record Timeouts(Duration connection, Duration statement, Duration socket) {}

  /**
   * A pool of the store's own on {@code url}.
   *
   * @param user null when the URL carries the credentials
   * @param poolSize null for the dialect's default
   * @throws dev.taskengine.api.InvalidRequestException when the URL, its driver or the pool size
   *     cannot work
   * @throws dev.taskengine.api.StoreUnavailableException when the database cannot be reached
   */
  static Connections pool(
      String url, String user, String password, Integer poolSize, Timeouts timeouts) {
    Duration connectionTimeout = timeouts.connection();
    Dialect dialect = Dialect.fromUrl(url);
    dialect.requireDriver();
    int size = dialect.poolSize(url, poolSize);
    Properties properties = dialect.driverProperties(timeouts);
    List<AutoCloseable> resources = new ArrayList<>();
    AutoCloseable owned = () -> closeAll(resources);
    try {
      dialect.beforePool(url, properties, connectionTimeout).ifPresent(resources::add);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      if (user != null) {
        config.setUsername(user);
        config.setPassword(password);
      }
      config.setPoolName("taskengine-" + dialect.name().toLowerCase(Locale.ROOT));
      config.setMaximumPoolSize(size);
      config.setConnectionTimeout(connectionTimeout.toMillis());
      config.setDataSourceProperties(properties);
      HikariDataSource pool = new HikariDataSource(config);
      resources.add(0, pool); // closed first, before a connection kept open for the database
      return new Connections(dialect, pool, owned);
    } catch (SQLException | RuntimeException e) {
      closeAfter(e, owned);
      throw StoreErrors.engineException("start", e);
    }
  }

  /**
   * The host's {@code dataSource}, on the database its connections report.
   *
   * @throws dev.taskengine.api.InvalidRequestException when it is not a database this store
   *     supports
   * @throws dev.taskengine.api.StoreUnavailableException when it gives no connection
   */
  static Connections borrow(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
      return new Connections(dialect, dataSource, null);
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.engineException("start", e);
    }
  }

  /** Whether the connections are the host's. */
  boolean borrowed() {
    return owned == null;
  }

  /** Closes what the store opened; nothing for a borrowed data source. */
  void close() throws Exception {
    if (owned != null) {
      owned.close();
    }
  }

  /** Closes what the store opened after {@code failure}, keeping any error as suppressed. */
  void closeAfter(Exception failure) {
    closeAfter(failure, owned);
  }

  private static void closeAfter(Exception failure, AutoCloseable owned) {
    if (owned == null) {
      return;
    }
    try {
      owned.close();
    } catch (Exception suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static void closeAll(List<AutoCloseable> resources) throws Exception {
    Exception failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
