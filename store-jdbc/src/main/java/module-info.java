/**
 * The JDBC store: {@code dev.taskengine.store.jdbc.JdbcTaskStore} on SQLite or PostgreSQL.
 *
 * <p>The versioned schema files are opened (they are resources, not code) so that a host's Flyway
 * or Liquibase can read them from the module path; the statement files in {@code .../jdbc/sql} stay
 * private to the store.
 */
// Jdbi and the PostgreSQL driver are automatic modules (named by their manifests), as expected.
@SuppressWarnings("requires-automatic")
module dev.taskengine.store.jdbc {
  // The builder takes a javax.sql.DataSource; the store is a dev.taskengine.spi.TaskStore.
  requires transitive dev.taskengine.api;
  requires transitive java.sql;
  requires org.jdbi.v3.core;
  // Jdbi is an automatic module, which cannot say that it needs geantyref: say it for it, or a
  // host's module path would not resolve geantyref and Jdbi would fail at its first statement.
  requires io.leangen.geantyref;
  requires com.zaxxer.hikari;
  // The drivers are optional: a host ships the one of its database. The store reads a driver's
  // module when it is present and touches its classes only when it runs on that database.
  requires static org.xerial.sqlitejdbc;
  requires static org.postgresql.jdbc;

  exports dev.taskengine.store.jdbc;

  opens dev.taskengine.store.jdbc.schema.postgresql;
  opens dev.taskengine.store.jdbc.schema.sqlite;
}
