package dev.taskengine.tck;

import java.security.SecureRandom;

/**
 * The seed of a randomized test, under one system property for every module: {@value #PROPERTY}.
 * Without the property each call draws a fresh seed; with it every randomized test of the run uses
 * that seed. Either way the seed is printed with the property that reproduces it, for example
 * {@code FilterContract.everyFilter...: seed 123 (rerun with -Dtaskengine.seed=123)}.
 *
 * <p>The contract suite uses it, and so do the randomized tests of the modules that depend on this
 * one in test scope. (engine-core cannot: this module depends on it. Its tests read the same
 * property by name.) Thread-safe; stateless.
 */
public final class Seeds {
  /** The system property that fixes the seed of every randomized test: {@value}. */
  public static final String PROPERTY = "taskengine.seed";

  private Seeds() {}

  /**
   * The seed for {@code test}: the property's value when it is set, otherwise a fresh one; printed
   * to standard output either way.
   *
   * @param test the test's name as a person would look it up, e.g. {@code "Class.method"}
   * @throws IllegalArgumentException if the property is set but is not a {@code long}
   */
  public static long seed(String test) {
    String configured = System.getProperty(PROPERTY);
    long seed;
    if (configured == null || configured.isBlank()) {
      seed = new SecureRandom().nextLong();
    } else {
      try {
        seed = Long.parseLong(configured.trim());
      } catch (NumberFormatException e) {
        // Ignoring it, as Long.getLong would, would run a fresh seed while the developer believes
        // they are replaying a failure.
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be a long, not \"" + configured + "\"", e);
      }
    }
    System.out.println(test + ": seed " + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")");
    return seed;
  }
}
