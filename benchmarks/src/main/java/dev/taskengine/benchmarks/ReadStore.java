package dev.taskengine.benchmarks;

import dev.taskengine.spi.TaskStore;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import dev.taskengine.store.memory.MemoryTaskStore;
import java.nio.file.Path;

/**
 * A store holding the read data set, opened by a benchmark's setup: the memory store filled in this
 * JVM, or a {@link JdbcTaskStore} on the stored SQLite file or PostgreSQL schema (built first if
 * missing or stale).
 *
 * <p>The memory store holds only the measured tenant. It keeps every tenant in data structures of
 * its own (one map entry per tenant leads to them), so another tenant's tasks can neither be read
 * nor cost anything to a query; filling them would only double every fork's setup. The SQL stores
 * hold the noise tenants too: there every tenant shares one table and its indexes.
 *
 * @param kind {@code memory}, {@code sqlite} or {@code postgresql}
 * @param store the store
 * @param plan the data set
 * @param jdbc the database, for the baselines; null for the memory store
 */
record ReadStore(String kind, TaskStore store, DatasetPlan plan, JdbcTarget jdbc)
    implements AutoCloseable {

  static ReadStore open(String kind) {
    DatasetPlan plan = Bench.plan();
    long started = System.nanoTime();
    ReadStore opened =
        switch (kind) {
          case "memory" -> new ReadStore(kind, fillMemory(plan), plan, null);
          case "sqlite" -> {
            Path file = SqliteDataset.ensure(Bench.datasetsDirectory(), plan);
            String url = SqliteDataset.url(file);
            yield new ReadStore(
                kind,
                JdbcTaskStore.builder().url(url).build(),
                plan,
                new JdbcTarget(url, null, null, TaskColumns.Dialect.SQLITE));
          }
          case "postgresql" -> {
            BenchPostgres server = Bench.postgres(BenchPostgres.Role.DATA_SET);
            String url = PostgresDataset.ensure(server, plan);
            JdbcTaskStore.Builder builder = JdbcTaskStore.builder().url(url);
            if (server.user() != null) {
              builder.credentials(
                  server.user(), server.password() == null ? "" : server.password());
            }
            yield new ReadStore(
                kind,
                builder.build(),
                plan,
                new JdbcTarget(
                    url, server.user(), server.password(), TaskColumns.Dialect.POSTGRESQL));
          }
          default -> throw new IllegalArgumentException("unknown store " + kind);
        };
    Log.info(
        "%s store with %s data set open in %.1f s",
        kind, plan.dataset().name(), (System.nanoTime() - started) / 1e9);
    return opened;
  }

  private static MemoryTaskStore fillMemory(DatasetPlan plan) {
    MemoryTaskStore store = MemoryDataset.fill(plan);
    // Collect the fill's garbage and settle the store's objects now, not inside a measurement.
    System.gc();
    return store;
  }

  @Override
  public void close() {
    store.close();
  }
}
