package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.tck.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database going away: callers get {@link StoreUnavailableException}, nothing half-written
 * remains (a batch is whole or absent), and the same engine works again once the database is back.
 */
@Slow
class PostgresFaultTest {
  private static final int CHILDREN = 10_000;

  @TempDir Path directory;

  @Test
  void callsFailAsUnavailableWhileTheServerIsDownAndSucceedOnceItIsBack() throws IOException {
    int port = freePort();
    Path data = directory.resolve("pgdata");
    EmbeddedPostgres server = PostgresServer.startDedicated(data, port);
    String url = server.getJdbcUrl("postgres", "postgres");
    try (JdbcTaskStore store =
        JdbcTaskStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1)).build()) {
      TaskEngine engine = TaskEngines.builder().store(store).build();
      Task before = engine.submitBatch(batch("before", 100));

      server.close(); // pg_ctl stop: every pooled connection dies
      assertThatThrownBy(() -> engine.submitBatch(batch("during", 100)))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> engine.get("faults", before.id()))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> engine.query(TaskQuery.all("faults"), PageRequest.first()))
          .isInstanceOf(StoreUnavailableException.class);

      server = PostgresServer.startDedicated(data, port);
      Task after = onceTheDatabaseIsBack(() -> engine.submitBatch(batch("after", 100)));
      assertThat(engine.get("faults", before.id()).counters().total()).isEqualTo(100);
      assertThat(childrenOf(engine, before.id())).isEqualTo(100);
      assertThat(childrenOf(engine, after.id())).isEqualTo(100);
      assertThat(
              engine
                  .query(
                      TaskQuery.builder("faults").invokeIds("during").build(), PageRequest.first())
                  .items())
          .isEmpty();
      engine.start("faults", firstChild(engine, after.id()));
      assertThat(engine.get("faults", after.id()).counters().running()).isEqualTo(1);
    } finally {
      server.close();
    }
  }

  @Test
  void aBatchWhoseBackendIsTerminatedMidInsertIsAbsentAndTheEngineRecovers() throws Exception {
    String url = PostgresServer.newSchemaUrl();
    AtomicInteger next = new AtomicInteger();
    try (JdbcTaskStore store = PostgresServer.storeBuilder(url).poolSize(2).build();
        Connection blocker = PostgresServer.connect(url);
        Connection observer = PostgresServer.connect(url)) {
      TaskEngine engine =
          TaskEngines.builder()
              .store(store)
              .idGenerator((type, level) -> String.format("kill-%06d", next.getAndIncrement()))
              .build();
      // Another session holds the last child's id in an open transaction: the batch's insert
      // writes the batch and 9,999 children, then waits on that row, inside its transaction.
      String lastChild = String.format("kill-%06d", CHILDREN);
      blocker.setAutoCommit(false);
      try (Statement statement = blocker.createStatement()) {
        statement.execute(
            "INSERT INTO tasks (tenant, id, level, type, status, cancellable, created_at,"
                + " updated_at, version) VALUES ('faults', '"
                + lastChild
                + "', 2, 'Blocker', 'PENDING', TRUE, now(), now(), 0)");
      }
      int blockerPid = backendPid(blocker);

      CompletableFuture<Task> submit =
          CompletableFuture.supplyAsync(() -> engine.submitBatch(batch("killed", CHILDREN)));
      int victim = waitForBackendBlockedBy(observer, blockerPid, submit);
      try (PreparedStatement terminate =
          observer.prepareStatement("SELECT pg_terminate_backend(?)")) {
        terminate.setInt(1, victim);
        terminate.executeQuery().close();
      }
      assertThatThrownBy(() -> submit.get(2, TimeUnit.MINUTES))
          .hasCauseInstanceOf(StoreUnavailableException.class);
      blocker.rollback();

      // Nothing of the batch: no root, no child, no client token.
      try (Statement statement = observer.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM tasks WHERE tenant = 'faults' AND id LIKE 'kill-%'")) {
        rows.next();
        assertThat(rows.getLong(1)).isZero();
      }
      assertThat(store.find("faults", "kill-000000")).isEmpty();

      // The same engine, the same pool: the dead connection is gone, the next batch is whole.
      Task recovered = engine.submitBatch(batch("recovered", CHILDREN));
      assertThat(recovered.counters().total()).isEqualTo(CHILDREN);
      assertThat(engine.count(TaskQuery.builder("faults").parentId(recovered.id()).build()).value())
          .isEqualTo(CHILDREN);
    }
  }

  private static int waitForBackendBlockedBy(
      Connection observer, int blockerPid, CompletableFuture<Task> submit) throws Exception {
    try (PreparedStatement blocked =
        observer.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
      blocked.setInt(1, blockerPid);
      // Bounded by the insert itself: it cannot finish while the blocker holds the row.
      for (int attempt = 0; attempt < 6_000; attempt++) {
        assertThat(submit).as("the batch insert ended before it blocked").isNotDone();
        try (ResultSet rows = blocked.executeQuery()) {
          if (rows.next()) {
            return rows.getInt(1);
          }
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError("the batch insert never waited on the blocking row");
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /**
   * The first call after a restart may still meet "the database system is starting up" (PostgreSQL
   * accepts connections a moment before it serves them): that is the unavailable answer again, and
   * the caller retries, as a host would. Anything else fails the test at once.
   */
  private static Task onceTheDatabaseIsBack(Supplier<Task> call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return call.get();
      } catch (StoreUnavailableException stillStarting) {
        if (System.nanoTime() > deadline) {
          throw stillStarting;
        }
      }
    }
  }

  private static BatchSpec batch(String invokeId, int children) {
    BatchSpec.Builder spec =
        BatchSpec.builder("faults", "Reboot").invokeId(invokeId).clientToken("token-" + invokeId);
    for (int i = 0; i < children; i++) {
      spec.child(ChildSpec.of("phone-" + i));
    }
    return spec.build();
  }

  private static long childrenOf(TaskEngine engine, String batchId) {
    return engine.count(TaskQuery.builder("faults").parentId(batchId).build()).value();
  }

  private static String firstChild(TaskEngine engine, String batchId) {
    return engine
        .query(TaskQuery.builder("faults").parentId(batchId).build(), PageRequest.first(1))
        .items()
        .get(0)
        .id();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
