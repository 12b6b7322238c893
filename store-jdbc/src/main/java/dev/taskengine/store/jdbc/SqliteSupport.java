package dev.taskengine.store.jdbc;

import dev.taskengine.api.InvalidRequestException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
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
