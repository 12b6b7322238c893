package dev.taskengine.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * A database a store runs on, for the hand-written JDBC baselines: they get a HikariCP pool
 * configured as {@code JdbcTaskStore} configures its own (size, SQLite pragmas, PostgreSQL's
 * batched-insert rewrite), so that the store and its baseline differ only in the code between the
 * pool and the caller.
 *
 * @param url the JDBC URL
 * @param user the user, or null
 * @param password the password, or null
 * @param dialect SQLite or PostgreSQL
 */
record JdbcTarget(String url, String user, String password, TaskColumns.Dialect dialect) {
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  /** A pool like the store's own. */
  HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
      config.setPassword(password == null ? "" : password);
    }
    config.setPoolName("baseline-" + dialect.name().toLowerCase(java.util.Locale.ROOT));
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    Properties properties = new Properties();
    if (dialect == TaskColumns.Dialect.SQLITE) {
      // JdbcTaskStore's SQLite settings: WAL, IMMEDIATE transactions, a busy timeout.
      SQLiteConfig sqlite = new SQLiteConfig();
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      sqlite.setBusyTimeout((int) CONNECTION_TIMEOUT.toMillis());
      properties.putAll(sqlite.toProperties());
      config.setMaximumPoolSize(4);
    } else {
      properties.setProperty("reWriteBatchedInserts", "true");
      config.setMaximumPoolSize(10);
    }
    config.setDataSourceProperties(properties);
    return new HikariDataSource(config);
  }
}
