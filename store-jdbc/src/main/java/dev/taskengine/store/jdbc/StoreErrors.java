package dev.taskengine.store.jdbc;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.TaskEngineException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;

/**
 * Turns whatever the driver, the pool or Jdbi threw into the engine's exceptions: {@link
 * StoreUnavailableException} when the database could not be reached or the connection was lost (the
 * unit of work was not applied, or was rolled back as a whole, and may be retried), {@link
 * StoreException} for everything else. The original is always the cause. Standard JDBC signs
 * (connection exceptions, SQLSTATE class 08) are read here; each database's own codes are in its
 * {@link Dialect}.
 */
final class StoreErrors {
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

  /** The engine's own exceptions as they are; anything else translated. */
  static TaskEngineException engineException(String action, Exception failure) {
    return failure instanceof TaskEngineException engine ? engine : translate(action, failure);
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
        if (state != null && state.startsWith("08")) {
          return true;
        }
        for (Dialect dialect : Dialect.values()) {
          if (dialect.isUnavailable(sql)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isUniqueViolation(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SQLException sql) {
        for (Dialect dialect : Dialect.values()) {
          if (dialect.isUniqueViolation(sql)) {
            return true;
          }
        }
      }
    }
    return false;
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
