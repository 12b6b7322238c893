package dev.taskengine.benchmarks;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.TaskStore;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * What every benchmark of one JVM shares: where data sets live, the data set's plan, the PostgreSQL
 * servers and the page-token keys. Configured by system properties, which {@link Run} passes on to
 * the JMH forks:
 *
 * <ul>
 *   <li>{@value #DIR_PROPERTY}: the data set directory (default: {@code datasets} beside the
 *       benchmarks jar or classes, that is {@code benchmarks/target/datasets}; or the {@code
 *       TASKENGINE_BENCH_DATA} environment variable);
 *   <li>{@value Dataset#SCALE_PROPERTY}: {@code full} or {@code tiny};
 *   <li>{@value BenchPostgres#URL_PROPERTY} and {@value BenchPostgres#WRITE_URL_PROPERTY}: a
 *       running PostgreSQL for the read data set and one for the writes (see {@link
 *       BenchPostgres}).
 * </ul>
 */
final class Bench {
  static final String DIR_PROPERTY = "taskengine.bench.dir";

  private static DatasetPlan plan;
  private static final Map<BenchPostgres.Role, BenchPostgres> POSTGRES =
      new EnumMap<>(BenchPostgres.Role.class);

  private Bench() {}

  static Path datasetsDirectory() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("TASKENGINE_BENCH_DATA");
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    try {
      // benchmarks/target/benchmarks.jar or benchmarks/target/classes: datasets/ beside it.
      Path code = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("datasets");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan of the selected data set, computed once per JVM. */
  static synchronized DatasetPlan plan() {
    if (plan == null || !plan.dataset().equals(Dataset.selected())) {
      plan = DatasetPlan.of(Dataset.selected());
    }
    return plan;
  }

  /**
   * The PostgreSQL server of {@code role}, started (or found) once per JVM, when first asked for,
   * and stopped when the JVM exits; started again, in the data set directory of the moment, after
   * {@link BenchPostgres#close()} (test classes in one JVM each stop the ones they used). Read
   * benchmarks never start the write server, nor write benchmarks the data-set server.
   */
  static synchronized BenchPostgres postgres(BenchPostgres.Role role) {
    BenchPostgres server = POSTGRES.get(role);
    if (server == null || server.isClosed()) {
      server = BenchPostgres.start(role, datasetsDirectory());
      POSTGRES.put(role, server);
    }
    return server;
  }

  /**
   * The same signing key in every fork and every run: a token issued in one JVM is valid in the
   * next, as with a configured key ring in production.
   */
  static TokenKeyRing tokenKeys() {
    byte[] secret = new byte[32];
    ByteBuffer.wrap(secret).putLong(Dataset.FULL.seed()).putLong(0x7461736b656e67L);
    return TokenKeyRing.of(TokenKey.of("bench-1", secret));
  }

  /**
   * An engine whose clock stands still at {@code now}. Reads see the data set as of that moment,
   * which never changes between runs; see {@link DepthBenchmark} for why a deep page's token is
   * issued at an earlier moment.
   */
  static TaskEngine engine(TaskStore store, Instant now) {
    return TaskEngines.builder()
        .store(store)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .tokenKeys(tokenKeys())
        .build();
  }

  /** An engine on {@code clock}, which the benchmark moves. */
  static TaskEngine engine(TaskStore store, Clock clock) {
    return TaskEngines.builder().store(store).clock(clock).tokenKeys(tokenKeys()).build();
  }

  /** An engine on the system clock, for the write benchmarks. */
  static TaskEngine engine(TaskStore store) {
    return TaskEngines.builder().store(store).tokenKeys(tokenKeys()).build();
  }
}
