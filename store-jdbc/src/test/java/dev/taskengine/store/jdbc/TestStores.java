package dev.taskengine.store.jdbc;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The three kinds of database the store runs on, each a fresh, empty one. */
enum TestStores {
  SQLITE_FILE {
    @Override
    String newUrl(Path directory) {
      return "jdbc:sqlite:" + directory.resolve(randomName() + ".db");
    }
  },
  SQLITE_MEMORY {
    @Override
    String newUrl(Path directory) {
      return "jdbc:sqlite:file:" + randomName() + "?mode=memory&cache=shared";
    }
  },
  POSTGRESQL {
    @Override
    String newUrl(Path directory) {
      return PostgresServer.newSchemaUrl();
    }
  };

  /** The URL of a new, empty database; SQLite files go into {@code directory}. */
  abstract String newUrl(Path directory);

  /** A builder for a store on {@code url} (with credentials when PostgreSQL needs them). */
  JdbcTaskStore.Builder builder(String url) {
    return this == POSTGRESQL ? PostgresServer.storeBuilder(url) : JdbcTaskStore.builder().url(url);
  }

  /** A store on a new, empty database. */
  JdbcTaskStore open(Path directory) {
    return builder(newUrl(directory)).build();
  }

  static String randomName() {
    return "te_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
