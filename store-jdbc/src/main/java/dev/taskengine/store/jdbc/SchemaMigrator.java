package dev.taskengine.store.jdbc;

import dev.taskengine.api.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies the versioned schema files of a dialect ({@code schema/<dialect>/V<n>__<name>.sql}) that
 * the database has not seen yet, and records each in {@code task_schema_version} with a checksum.
 * The whole migration is one transaction taken under a lock (an advisory transaction lock on
 * PostgreSQL, the IMMEDIATE write lock on SQLite), so nodes starting together apply each file
 * exactly once. A recorded file whose bundled text has changed is an error; versions newer than
 * this store knows are left alone (a newer node may already have migrated).
 */
final class SchemaMigrator {
  /** Every schema file, in order. Released files never change; a change is a new version. */
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(1, "tasks", "V1__tasks.sql"),
          new Migration(2, "work governance", "V2__work_governance.sql"));

  /** Arbitrary constant naming this store's advisory lock ("taskeng" in ASCII). */
  private static final long LOCK_KEY = 0x7461736b656e67L;

  record Migration(int version, String description, String fileName) {}

  private SchemaMigrator() {}

  static void migrate(Jdbi jdbi, Dialect dialect, SqlStatements sql) {
    migrate(jdbi, dialect, sql, MIGRATIONS);
  }

  /**
   * Applies those of {@code migrations} (a prefix of {@link #MIGRATIONS}) the database has not
   * seen; tests make an older database with a shorter list.
   */
  static void migrate(Jdbi jdbi, Dialect dialect, SqlStatements sql, List<Migration> migrations) {
    jdbi.useTransaction(handle -> migrate(handle, dialect, sql, migrations));
  }

  private static void migrate(
      Handle handle, Dialect dialect, SqlStatements sql, List<Migration> migrations) {
    // Waits for any other node's migration; released when this transaction ends.
    dialect.lockTransaction(handle, sql, "lock-schema", LOCK_KEY);
    handle.execute(sql.get("create-schema-version-table"));
    Map<Integer, Long> applied = new HashMap<>();
    handle
        .createQuery(sql.get("find-schema-versions"))
        .map((row, context) -> Map.entry(row.getInt("version"), row.getLong("checksum")))
        .forEach(entry -> applied.put(entry.getKey(), entry.getValue()));
    for (Migration migration : migrations) {
      String text = SqlStatements.read(dialect.schemaResource(migration.fileName()));
      long checksum = checksum(text);
      Long recorded = applied.get(migration.version());
      if (recorded != null) {
        if (recorded != checksum) {
          throw new StoreException(
              "schema version "
                  + migration.version()
                  + " was applied from a different "
                  + migration.fileName()
                  + " (checksum "
                  + recorded
                  + ", bundled "
                  + checksum
                  + "); released schema files must never change",
              null);
        }
        continue;
      }
      handle.createScript(text).execute();
      handle
          .createUpdate(sql.get("insert-schema-version"))
          .bind("version", migration.version())
          .bind("description", migration.description())
          .bind("checksum", checksum)
          .bind("installedAt", dialect.timestamp(Instant.now()))
          .execute();
    }
  }

  static long checksum(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
