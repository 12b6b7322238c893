package dev.taskengine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.tck.Slow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write benchmarks measure durable commits: the embedded write server flushes the WAL at every
 * commit while the data-set server does not, and every PostgreSQL write store lives on the write
 * server, which a test class that stops it leaves to be started again.
 */
@Slow
class BenchPostgresTest {
  @TempDir static Path datasets;

  @BeforeAll
  static void directory() {
    System.setProperty(Bench.DIR_PROPERTY, datasets.toString());
  }

  @AfterAll
  static void stopPostgres() {
    Bench.postgres(BenchPostgres.Role.WRITES).close();
  }

  @Test
  void embeddedWriteServerCommitsDurablyAndTheDataSetServerDoesNot(@TempDir Path elsewhere)
      throws Exception {
    try (BenchPostgres writes = BenchPostgres.startEmbedded(BenchPostgres.Role.WRITES, elsewhere);
        BenchPostgres dataSet =
            BenchPostgres.startEmbedded(BenchPostgres.Role.DATA_SET, elsewhere)) {
      assertThat(writes.durability())
          .isEqualTo(Map.of("server", "embedded", "fsync", "on", "synchronous_commit", "on"));
      // PostgreSQL's default, not the data-set server's minimal, which would skip WAL writes.
      assertThat(show(writes, writes.url(), "wal_level")).isEqualTo("replica");
      assertThat(Integer.parseInt(show(writes, writes.url(), "max_connections")))
          .isGreaterThanOrEqualTo(100);

      assertThat(dataSet.durability())
          .isEqualTo(Map.of("server", "embedded", "fsync", "off", "synchronous_commit", "off"));
      assertThat(show(dataSet, dataSet.url(), "port"))
          .isNotEqualTo(show(writes, writes.url(), "port"));
    }
  }

  @Test
  void writeStoresLiveOnTheWriteServerWhichStartsAgainAfterItIsClosed() throws Exception {
    BenchPostgres first = Bench.postgres(BenchPostgres.Role.WRITES);
    assertThat(Bench.postgres(BenchPostgres.Role.WRITES)).isSameAs(first);
    assertOnServer(first);

    first.close();

    BenchPostgres second = Bench.postgres(BenchPostgres.Role.WRITES);
    assertThat(second).isNotSameAs(first);
    assertThat(second.isClosed()).isFalse();
    assertOnServer(second);
  }

  /** A new PostgreSQL write store is on {@code server} and commits as it does. */
  private static void assertOnServer(BenchPostgres server) throws SQLException {
    Map<String, String> durability = server.durability();
    try (WriteStore database = WriteStore.open("postgresql")) {
      String url = database.jdbc().url();
      assertThat(show(server, url, "port")).isEqualTo(show(server, server.url(), "port"));
      for (String setting : BenchPostgres.DURABILITY_SETTINGS) {
        assertThat(show(server, url, setting)).as(setting).isEqualTo(durability.get(setting));
      }
    }
  }

  private static String show(BenchPostgres server, String url, String setting) throws SQLException {
    try (Connection connection = server.connect(url);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + setting)) {
      row.next();
      return row.getString(1);
    }
  }
}
