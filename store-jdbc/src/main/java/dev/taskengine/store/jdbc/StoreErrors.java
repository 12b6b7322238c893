package dev.taskengine.store.jdbc;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.StoreUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/**
 * Turns whatever the driver, the pool or Jdbi threw into the engine's exceptions: {@link
 * StoreUnavailableException} when the database could not be reached or the connection was lost (the
 * unit of work was not applied, or was rolled back as a whole, and may be retried), {@link
 * StoreException} for everything else. The original is always the cause.
 */
final class StoreErrors {
  /**
   * PostgreSQL states of a server that is going away, refusing connections or too slow to answer:
   * admin shutdown ({@code pg_terminate_backend}), crash shutdown, cannot connect now, too many
   * connections, and a statement cancelled by {@code statement_timeout} (query_canceled) or a lock
   * not granted in {@code lock_timeout} (lock_not_available). Each leaves nothing written and may
   * be retried.
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "57014", "55P03");

  /**
   * SQLite primary result codes: BUSY and LOCKED (a writer held the lock past busy_timeout),
   * CANTOPEN.
   */
  private static final Set<Integer> SQLITE_UNAVAILABLE_CODES = Set.of(5, 6, 14);

  /** PostgreSQL unique_violation; SQLite SQLITE_CONSTRAINT_PRIMARYKEY and _UNIQUE. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final Set<Integer> SQLITE_UNIQUE_CODES = Set.of(1555, 2067);

  private StoreErrors() {}

  static StoreException translate(String action, Throwable failure) {
    if (isUnavailable(failure)) {
      return new StoreUnavailableException(
          "the database is unavailable (" + action + "): " + describe(failure), failure);
    }
    if (isUniqueViolation(failure)) {
      return new StoreException(
          "a task with this id (or another unique key) already exists ("
              + action
              + "): "
              + describe(failure),
          failure);
    }
    return new StoreException(
        "the database failed (" + action + "): " + describe(failure), failure);
  }

  static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof ConnectionException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException
          || cause instanceof IOException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
        if (isSqlite(sql) && SQLITE_UNAVAILABLE_CODES.contains(sql.getErrorCode() & 0xFF)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isUniqueViolation(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SQLException sql) {
        if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
          return true;
        }
        if (isSqlite(sql) && SQLITE_UNIQUE_CODES.contains(SqliteSupport.extendedCode(sql))) {
          return true;
        }
      }
    }
    return false;
  }

  /** By class name, so that a PostgreSQL-only host may leave sqlite-jdbc off the class path. */
  private static boolean isSqlite(SQLException sql) {
    return sql.getClass().getName().startsWith("org.sqlite.");
  }

  private static Throwable next(Throwable cause) {
    if (cause instanceof SQLException sql
        && sql.getNextException() != null
        && cause.getCause() == null) {
      return sql.getNextException();
    }
    return cause.getCause() == cause ? null : cause.getCause();
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getName() : message;
  }
}
