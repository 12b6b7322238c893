package dev.taskengine.store.jdbc;

import dev.taskengine.api.InvalidRequestException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * Everything that differs between the two databases the store supports, one constant per database
 * (as db-scheduler's {@code JdbcCustomization}): how text and timestamps travel, how the store's
 * own pool connects, how writers and migrations are serialised, how finished tasks are purged, and
 * which driver errors mean "unavailable" or "duplicate key". The SQL itself is in the dialect's
 * statement file; the rest of the store asks this type and never tests which database it is on.
 *
 * <p>Only {@link SqliteSupport} touches sqlite-jdbc's classes, and only the {@link #SQLITE}
 * constant calls it, so a host without sqlite-jdbc never loads them. No class here needs the
 * PostgreSQL driver's classes. Immutable and thread-safe.
 */
enum Dialect {
  /**
   * SQLite: timestamps as INTEGER epoch microseconds; text as given (U+0000 survives binding); one
   * writer at a time.
   */
  SQLITE("sqlite", "SQLite", "jdbc:sqlite:", "org.sqlite.JDBC", "org.xerial:sqlite-jdbc") {
    /** A file has one writer at a time; readers run beside it in WAL mode. */
    private static final int DEFAULT_FILE_POOL_SIZE = 4;

    /**
     * SQLite primary result codes of a database another writer holds past busy_timeout (BUSY,
     * LOCKED) or that cannot be opened (CANTOPEN).
     */
    private static final Set<Integer> UNAVAILABLE_CODES = Set.of(5, 6, 14);

    /** SQLite extended result codes SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE. */
    private static final Set<Integer> UNIQUE_CODES = Set.of(1555, 2067);

    @Override
    Argument text(String value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.VARCHAR);
        } else {
          statement.setString(position, value);
        }
      };
    }

    @Override
    String text(ResultSet row, int column) throws SQLException {
      return row.getString(column);
    }

    @Override
    Argument timestamp(Instant value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.BIGINT);
        } else {
          statement.setLong(position, epochMicros(value));
        }
      };
    }

    @Override
    Instant timestamp(ResultSet row, int column) throws SQLException {
      long micros = row.getLong(column);
      return row.wasNull() ? null : fromEpochMicros(micros);
    }

    @Override
    int poolSize(String url, Integer requested) {
      if (isSharedMemory(url)) {
        if (requested != null && requested != 1) {
          throw new InvalidRequestException(
              "poolSize",
              "a shared in-memory SQLite database locks whole tables between connections, so the"
                  + " store uses exactly one; was "
                  + requested);
        }
        return 1;
      }
      return requested != null ? requested : DEFAULT_FILE_POOL_SIZE;
    }

    @Override
    Properties driverProperties(Connections.Timeouts timeouts) {
      // statement and socket timeouts are PostgreSQL's; SQLite runs in this process
      return SqliteSupport.driverProperties(timeouts.connection());
    }

    @Override
    Optional<Connection> beforePool(String url, Properties properties, Duration timeout)
        throws SQLException {
      if (isSharedMemory(url)) {
        // SQLite drops a shared in-memory database when its last connection closes; this one
        // stays open for the store's life, whatever the pool does with its own.
        return Optional.of(DriverManager.getConnection(url, properties));
      }
      SqliteSupport.openOnce(url, properties, timeout);
      return Optional.empty();
    }

    @Override
    void checkHostDataSource(Jdbi jdbi, SqlStatements sql) throws SQLException {
      SqliteSupport.checkDataSource(jdbi, sql);
    }

    /**
     * SQLite lets one writer in at a time and parks the others in its busy handler, which polls
     * with sleeps of up to 100 ms, so under contention a writer often sleeps long after the lock
     * came free; the store's own writers queue in the JVM instead (see {@link Transactions}).
     */
    @Override
    boolean serializesWriters() {
      return true;
    }

    /** Nothing to take: an IMMEDIATE transaction already holds the database's one write lock. */
    @Override
    void lockTransaction(Handle handle, SqlStatements sql, String statement, long key) {}

    @Override
    long purgeFinished(Handle handle, SqlStatements sql, Argument tenant, Argument before) {
      // Three statements in one IMMEDIATE transaction: no other writer runs in between, so all
      // three see the same finished roots. Client tokens go first but are not tasks: not counted.
      long deleted = 0;
      for (String statement : List.of("purge-client-tokens", "purge-children", "purge-roots")) {
        int count =
            handle
                .createUpdate(sql.get(statement))
                .bind("tenant", tenant)
                .bind("before", before)
                .execute();
        if (!statement.equals("purge-client-tokens")) {
          deleted += count;
        }
      }
      return deleted;
    }

    @Override
    boolean isUnavailable(SQLException failure) {
      return isSqlite(failure) && UNAVAILABLE_CODES.contains(failure.getErrorCode() & 0xFF);
    }

    @Override
    boolean isUniqueViolation(SQLException failure) {
      return isSqlite(failure) && UNIQUE_CODES.contains(SqliteSupport.extendedCode(failure));
    }

    /** By class name, so that a PostgreSQL-only host may leave sqlite-jdbc off the class path. */
    private boolean isSqlite(SQLException failure) {
      return failure.getClass().getName().startsWith("org.sqlite.");
    }

    /**
     * Whether {@code url} names a shared in-memory database; refuses the in-memory forms the store
     * cannot use.
     */
    private boolean isSharedMemory(String url) {
      String location = url.substring(urlPrefix().length());
      String lower = location.toLowerCase(Locale.ROOT);
      if (location.isEmpty() || lower.startsWith(":memory:")) {
        throw new InvalidRequestException(
            "url",
            "a private in-memory SQLite database lives in one connection only; use"
                + " jdbc:sqlite:file:<name>?mode=memory&cache=shared");
      }
      boolean memory = lower.contains("mode=memory");
      if (memory && !lower.contains("cache=shared")) {
        throw new InvalidRequestException(
            "url", "an in-memory SQLite database must be shared: add &cache=shared");
      }
      return memory;
    }
  },

  /** PostgreSQL: timestamptz (microseconds); text through {@link NulEscape}; row-level locks. */
  POSTGRESQL(
      "postgresql",
      "PostgreSQL",
      "jdbc:postgresql:",
      "org.postgresql.Driver",
      "org.postgresql:postgresql") {
    private static final int DEFAULT_POOL_SIZE = 10;

    /**
     * States of a server that is going away, refusing connections or too slow to answer: admin
     * shutdown ({@code pg_terminate_backend}), crash shutdown, cannot connect now, too many
     * connections, a statement cancelled by {@code statement_timeout} (query_canceled) and a lock
     * not granted in {@code lock_timeout} (lock_not_available). Each leaves nothing written and may
     * be retried.
     */
    private static final Set<String> UNAVAILABLE_STATES =
        Set.of("57P01", "57P02", "57P03", "53300", "57014", "55P03");

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    Argument text(String value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.VARCHAR);
        } else {
          statement.setString(position, NulEscape.encode(value));
        }
      };
    }

    @Override
    String text(ResultSet row, int column) throws SQLException {
      return NulEscape.decode(row.getString(column));
    }

    @Override
    Argument timestamp(Instant value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          statement.setObject(position, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
      };
    }

    @Override
    Instant timestamp(ResultSet row, int column) throws SQLException {
      OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }

    @Override
    int poolSize(String url, Integer requested) {
      return requested != null ? requested : DEFAULT_POOL_SIZE;
    }

    @Override
    Properties driverProperties(Connections.Timeouts timeouts) {
      Properties properties = new Properties();
      // Sends a batch of single-row INSERTs as multi-row INSERTs: 10,000 children in a few round
      // trips.
      properties.setProperty("reWriteBatchedInserts", "true");
      // Connecting gives up with the pool's own wait, so that a dead server fails a call in
      // connectionTimeout, not in the driver's default of ten seconds.
      properties.setProperty("connectTimeout", Long.toString(ceilSeconds(timeouts.connection())));
      if (timeouts.statement() != null) {
        properties.setProperty(
            "options", "-c statement_timeout=" + timeouts.statement().toMillis());
      }
      if (timeouts.socket() != null) {
        properties.setProperty("socketTimeout", Long.toString(ceilSeconds(timeouts.socket())));
      }
      return properties;
    }

    private static long ceilSeconds(Duration duration) {
      return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    @Override
    Optional<Connection> beforePool(String url, Properties properties, Duration timeout) {
      return Optional.empty();
    }

    @Override
    void checkHostDataSource(Jdbi jdbi, SqlStatements sql) {}

    /** PostgreSQL locks rows, not the database: writers need no queue of their own. */
    @Override
    boolean serializesWriters() {
      return false;
    }

    /** A transaction-scoped advisory lock: released when the transaction ends. */
    @Override
    void lockTransaction(Handle handle, SqlStatements sql, String statement, long key) {
      handle
          .createQuery(sql.get(statement))
          .bind("lockKey", key)
          .map((row, context) -> Boolean.TRUE)
          .one();
    }

    /** One statement, so one snapshot (see {@code purge-finished}). */
    @Override
    long purgeFinished(Handle handle, SqlStatements sql, Argument tenant, Argument before) {
      return handle
          .createQuery(sql.get("purge-finished"))
          .bind("tenant", tenant)
          .bind("before", before)
          .mapTo(Long.class)
          .one();
    }

    @Override
    boolean isUnavailable(SQLException failure) {
      String state = failure.getSQLState();
      return state != null && UNAVAILABLE_STATES.contains(state);
    }

    @Override
    boolean isUniqueViolation(SQLException failure) {
      return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }
  };

  private final String directory;
  private final String displayName;
  private final String urlPrefix;
  private final String driverClass;
  private final String driverArtifact;

  Dialect(
      String directory,
      String displayName,
      String urlPrefix,
      String driverClass,
      String driverArtifact) {
    this.directory = directory;
    this.displayName = displayName;
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
    this.driverArtifact = driverArtifact;
  }

  /** A bind of a text value, encoded as this database stores it. */
  abstract Argument text(String value);

  /** The text in column {@code column} (1-based), decoded. */
  abstract String text(ResultSet row, int column) throws SQLException;

  /** A bind of a timestamp (null allowed). */
  abstract Argument timestamp(Instant value);

  /** The timestamp in column {@code column} (1-based), or null. */
  abstract Instant timestamp(ResultSet row, int column) throws SQLException;

  /**
   * The size of the pool the store makes for {@code url}: {@code requested}, or this database's
   * default when null.
   *
   * @throws InvalidRequestException when the URL or the size cannot work on this database
   */
  abstract int poolSize(String url, Integer requested);

  /** The driver properties of a pool the store owns, with the builder's timeouts. */
  abstract Properties driverProperties(Connections.Timeouts timeouts);

  /**
   * Runs before the store's own pool connects to {@code url}; returns a connection to keep open for
   * the store's life when the database needs one.
   */
  abstract Optional<Connection> beforePool(String url, Properties properties, Duration timeout)
      throws SQLException;

  /**
   * Refuses a host's {@code DataSource} whose connections this store cannot use.
   *
   * @throws InvalidRequestException naming {@code dataSource}
   */
  abstract void checkHostDataSource(Jdbi jdbi, SqlStatements sql) throws SQLException;

  /** Whether the store's own writers must queue for the database, one at a time. */
  abstract boolean serializesWriters();

  /**
   * Takes the transaction-scoped lock {@code key} with the statement named {@code statement}, where
   * the database needs one to serialise that unit of work; returns once it is held.
   */
  abstract void lockTransaction(Handle handle, SqlStatements sql, String statement, long key);

  /**
   * Deletes the tenant's root tasks finished before {@code before}, their children and their client
   * tokens, inside the caller's write transaction; returns the number of tasks deleted.
   */
  abstract long purgeFinished(Handle handle, SqlStatements sql, Argument tenant, Argument before);

  /**
   * Whether this database's driver reports that the database could not be reached or the connection
   * is lost (beyond the standard connection exceptions and SQLSTATE class 08, which {@link
   * StoreErrors} recognizes for every database).
   */
  abstract boolean isUnavailable(SQLException failure);

  /** Whether this database's driver reports a duplicate primary or unique key. */
  abstract boolean isUniqueViolation(SQLException failure);

  /** The database's name as people write it. */
  String displayName() {
    return displayName;
  }

  /** The prefix of this database's JDBC URLs, e.g. {@code jdbc:sqlite:}. */
  String urlPrefix() {
    return urlPrefix;
  }

  /** The classpath location of this dialect's named statements. */
  String statementsResource() {
    return "/dev/taskengine/store/jdbc/sql/" + directory + ".sql";
  }

  /** The classpath location of this dialect's versioned schema file {@code fileName}. */
  String schemaResource(String fileName) {
    return "/dev/taskengine/store/jdbc/schema/" + directory + "/" + fileName;
  }

  /**
   * Refuses to go on when this database's JDBC driver is not on the class path. {@code store-jdbc}
   * declares both drivers optional, so a host adds the one it uses; without this check it would
   * meet a {@link NoClassDefFoundError} or the pool's "no suitable driver".
   *
   * @throws InvalidRequestException naming {@code url} and the Maven artifact to add
   */
  void requireDriver() {
    requireDriver(Dialect.class.getClassLoader());
  }

  /**
   * {@link #requireDriver()} with the drivers {@code loader} can see. Initializing the driver class
   * registers it with {@link DriverManager}, which finds drivers by {@code ServiceLoader} only on
   * the class path it saw first.
   */
  void requireDriver(ClassLoader loader) {
    try {
      Class.forName(driverClass, true, loader);
    } catch (ClassNotFoundException e) {
      throw new InvalidRequestException(
          "url",
          "the "
              + displayName
              + " JDBC driver ("
              + driverClass
              + ") is not on the class path: add the dependency "
              + driverArtifact
              + " (store-jdbc declares its drivers optional, so that a host carries only the one"
              + " it uses)");
    }
  }

  static Dialect fromUrl(String url) {
    for (Dialect dialect : values()) {
      if (url.regionMatches(true, 0, dialect.urlPrefix, 0, dialect.urlPrefix.length())) {
        return dialect;
      }
    }
    throw new InvalidRequestException(
        "url",
        "must start with jdbc:sqlite: or jdbc:postgresql: (the databases this store supports)");
  }

  static Dialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    for (Dialect dialect : values()) {
      if (name.equals(dialect.displayName.toLowerCase(Locale.ROOT))) {
        return dialect;
      }
    }
    throw new InvalidRequestException(
        "dataSource",
        "is a " + productName + " database; this store supports SQLite and PostgreSQL");
  }

  static long epochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant fromEpochMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
