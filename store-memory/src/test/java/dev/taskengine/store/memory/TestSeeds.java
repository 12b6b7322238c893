package dev.taskengine.store.memory;

/**
 * The seed of a randomized test under the property every module uses, {@code taskengine.seed},
 * printed with the command that replays it, as {@code dev.taskengine.tck.Seeds} does for the
 * modules that may depend on engine-tck. This module's tests cannot (engine-tck depends on
 * engine-core, whose tests use store-memory), so this is the same rule restated for them.
 */
final class TestSeeds {
  private TestSeeds() {}

  static long seed(String test) {
    String configured = System.getProperty("taskengine.seed");
    long seed;
    try {
      seed =
          configured == null || configured.isBlank()
              ? new java.security.SecureRandom().nextLong()
              : Long.parseLong(configured.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-Dtaskengine.seed must be a long, not \"" + configured + "\"", e);
    }
    System.out.println(test + ": seed " + seed + " (rerun with -Dtaskengine.seed=" + seed + ")");
    return seed;
  }
}
