package dev.taskengine.store.jdbc;

import dev.taskengine.api.InvalidRequestException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that needs sqlite-jdbc's own classes, kept apart so that the JVM only loads them when
 * the store runs on SQLite: a PostgreSQL-only host may leave sqlite-jdbc off its class path.
 */
final class SqliteSupport {
  private SqliteSupport() {}

  /**
   * Connection settings for a pool the store owns: WAL (readers never block the writer), IMMEDIATE
   * transactions (a writer takes the write lock at BEGIN, so it waits there instead of failing with
   * SQLITE_BUSY when it upgrades a read lock) and a busy timeout as long as the pool's connection
   * timeout.
   */
  static Properties driverProperties(Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    return config.toProperties();
  }

  /**
   * Opens and closes one connection to a SQLite file, retrying while SQLite answers SQLITE_BUSY,
   * until {@code timeout}. Opening applies {@code journal_mode=WAL}, and switching a new file to
   * WAL needs an exclusive lock: when several stores or processes open the same new file at once,
   * that pragma can fail with SQLITE_BUSY at connection open, where the pool would give up (seen in
   * {@code SchemaTest}). Once the file is in WAL mode the pragma changes nothing, so the pool's own
   * connections open without meeting this.
   */
  static void openOnce(String url, Properties properties, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        DriverManager.getConnection(url, properties).close();
        return;
      } catch (SQLException e) {
        if ((extendedCode(e) & 0xFF) != SQLiteErrorCode.SQLITE_BUSY.code
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(Math.min(50, 5L * attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while opening " + url, e);
      }
    }
  }

  /** Refuses a host's SQLite DataSource whose writers would fail instead of waiting. */
  static void checkDataSource(Jdbi jdbi, SqlStatements sql) throws SQLException {
    jdbi.useHandle(
        handle -> {
          SQLiteConnection connection = handle.getConnection().unwrap(SQLiteConnection.class);
          if (connection.getConnectionConfig().getTransactionMode()
              != SQLiteConfig.TransactionMode.IMMEDIATE) {
            throw new InvalidRequestException(
                "dataSource",
                "SQLite connections must begin transactions IMMEDIATE"
                    + " (SQLiteConfig.setTransactionMode(IMMEDIATE), or transaction_mode=IMMEDIATE"
                    + " in the URL), so that concurrent writers wait instead of failing");
          }
          int busyTimeout =
              handle.createQuery(sql.get("read-busy-timeout")).mapTo(Integer.class).one();
          if (busyTimeout <= 0) {
            throw new InvalidRequestException(
                "dataSource",
                "SQLite connections need a busy timeout (SQLiteConfig.setBusyTimeout, or"
                    + " busy_timeout=30000 in the URL), so that concurrent writers wait instead"
                    + " of failing");
          }
        });
  }

  /** SQLite's extended result code of a sqlite-jdbc exception, or -1. */
  static int extendedCode(SQLException failure) {
    return failure instanceof SQLiteException sqlite ? sqlite.getResultCode().code : -1;
  }
}
