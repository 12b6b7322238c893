package dev.taskengine.benchmarks;

import java.time.Instant;
import java.util.Locale;

/**
 * The size and seed of a benchmark data set. Everything in a data set follows from these values and
 * {@link #GENERATOR_VERSION}: two machines generate the same tasks, ids and timestamps.
 *
 * @param name a short name for logs and file names
 * @param seed the seed of every random choice
 * @param mainTasks the tasks of the measured tenant, batches and their children included
 * @param noiseTenants how many other tenants share the store
 * @param noiseTasksPerTenant the tasks of each noise tenant
 * @param bigBatchChildren the children of the one big batch of the measured tenant
 * @param maxBatchChildren the most children of every other batch
 * @param days the span of createdAt, ending at {@link #newest()}
 */
record Dataset(
    String name,
    long seed,
    int mainTasks,
    int noiseTenants,
    int noiseTasksPerTenant,
    int bigBatchChildren,
    int maxBatchChildren,
    int days) {

  /**
   * Bumped whenever the generator's output changes, so that stored data sets are rebuilt. Part of
   * {@link #fingerprint(String)}.
   */
  static final int GENERATOR_VERSION = 1;

  /** The measured data set: 1,000,000 tasks in one tenant and as many again in four others. */
  static final Dataset FULL =
      new Dataset("full", 20261122L, 1_000_000, 4, 250_000, 10_000, 1_000, 30);

  /** 40,000 tasks: the test that runs every benchmark once uses it. */
  static final Dataset TINY = new Dataset("tiny", 20261122L, 30_000, 2, 5_000, 300, 200, 30);

  /** The system property that selects the data set: {@code full} (default) or {@code tiny}. */
  static final String SCALE_PROPERTY = "taskengine.bench.scale";

  /** The data set the system property names. */
  static Dataset selected() {
    String scale = System.getProperty(SCALE_PROPERTY, "full").toLowerCase(Locale.ROOT);
    return switch (scale) {
      case "full" -> FULL;
      case "tiny" -> TINY;
      default ->
          throw new IllegalArgumentException(
              SCALE_PROPERTY + " must be full or tiny, was " + scale);
    };
  }

  /** The measured tenant. */
  static final String MAIN_TENANT = "acct-0001/cn-hangzhou";

  /** The tenant of noise tenant {@code index} (1-based). */
  static String noiseTenant(int index) {
    return String.format(Locale.ROOT, "acct-%04d/cn-shanghai", index + 1);
  }

  /** The createdAt of the newest task: fixed, so that the data set never depends on today. */
  Instant newest() {
    return Instant.parse("2026-11-20T00:00:00Z");
  }

  /** The createdAt of the oldest possible task. */
  Instant oldest() {
    return newest().minusSeconds(days * 86_400L);
  }

  /** Every task of every tenant. */
  long totalTasks() {
    return mainTasks + (long) noiseTenants * noiseTasksPerTenant;
  }

  /**
   * What a stored data set must match to be reused: the generator version, every size, the seed and
   * the schema the tasks were loaded into.
   */
  String fingerprint(String schemaChecksum) {
    return "gen="
        + GENERATOR_VERSION
        + ";seed="
        + seed
        + ";main="
        + mainTasks
        + ";noise="
        + noiseTenants
        + "x"
        + noiseTasksPerTenant
        + ";big="
        + bigBatchChildren
        + ";max="
        + maxBatchChildren
        + ";days="
        + days
        + ";schema="
        + schemaChecksum;
  }
}
