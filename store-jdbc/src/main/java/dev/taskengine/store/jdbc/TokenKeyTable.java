package dev.taskengine.store.jdbc;

import dev.taskengine.api.StoreException;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The page-token key ring shared by every engine on one database, kept in {@code task_token_keys}.
 * On first use a node inserts a random 32-byte key if none is active; of nodes racing to do so
 * exactly one key wins (insert-if-absent under a unique index) and all of them read it back. Rows
 * with {@code active = false} still verify. The ring is read once per store and then kept: a
 * rotation takes effect when the engines restart. Thread-safe.
 */
final class TokenKeyTable {
  private final Transactions transactions;
  private final SqlStatements sql;
  private final Dialect dialect;
  private final Clock clock = Clock.systemUTC();
  private volatile TokenKeyRing ring;

  TokenKeyTable(Transactions transactions, SqlStatements sql, Dialect dialect) {
    this.transactions = transactions;
    this.sql = sql;
    this.dialect = dialect;
  }

  /** The ring: the active key first, then the retired ones. */
  TokenKeyRing ring() {
    TokenKeyRing read = ring;
    if (read == null) {
      // Two threads may both read it at first; they read the same rows.
      read = transactions.withHandle("sharedTokenKeys", this::readOrCreate);
      ring = read;
    }
    return read;
  }

  private record StoredKey(TokenKey key, boolean active) {}

  private TokenKeyRing readOrCreate(Handle handle) {
    List<StoredKey> keys = read(handle);
    if (keys.isEmpty() || !keys.get(0).active()) {
      byte[] id = new byte[8];
      new SecureRandom().nextBytes(id);
      TokenKey fresh = TokenKey.random("db-" + HexFormat.of().formatHex(id));
      handle
          .createUpdate(sql.get("insert-token-key"))
          .bind("keyId", fresh.id())
          .bind("secret", fresh.secret())
          .bind("now", dialect.timestamp(clock.instant()))
          .execute();
      keys = read(handle);
    }
    if (keys.isEmpty() || !keys.get(0).active()) {
      throw new StoreException("task_token_keys has no active key after inserting one", null);
    }
    List<TokenKey> retired = new ArrayList<>();
    keys.subList(1, keys.size()).forEach(stored -> retired.add(stored.key()));
    return TokenKeyRing.of(keys.get(0).key(), retired);
  }

  private List<StoredKey> read(Handle handle) {
    return handle
        .createQuery(sql.get("find-token-keys"))
        .map(
            (row, context) ->
                new StoredKey(
                    TokenKey.of(row.getString("key_id"), row.getBytes("secret")),
                    row.getBoolean("active")))
        .list();
  }
}
