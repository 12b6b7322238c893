package dev.taskengine.core;

import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Limits;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.internal.CoreTaskEngine;
import dev.taskengine.core.internal.EngineSettings;
import dev.taskengine.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The way in: builds the engine that implements {@link TaskEngine} over a {@link TaskStore}.
 *
 * <pre>{@code
 * TaskEngine engine = TaskEngines.builder().store(new MemoryTaskStore()).build();
 * }</pre>
 *
 * <p>The engine it builds is thread-safe and holds no mutable state of its own: every task lives in
 * the store, so any number of engines (in one process or on many nodes) may share one store.
 */
public final class TaskEngines {
  private TaskEngines() {}

  /** A builder with the defaults; only {@link Builder#store} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the engine's settings and builds it. Only {@link #store} is required. Not thread-safe;
   * {@link #build()} validates everything and may be called more than once.
   */
  public static final class Builder {
    /** The most tasks one of the background sweeper's sweeps changes unless set. */
    private static final int DEFAULT_SWEEP_LIMIT = 1_000;

    private TaskStore store;
    private Clock clock = Clock.systemUTC();
    private IdGenerator idGenerator;
    private String defaultIdPrefix = "t-";
    private final Map<String, String> idPrefixByType = new HashMap<>();
    private TokenKeyRing tokenKeys;
    private Limits limits = Limits.defaults();
    private RollupPolicy rollupPolicy = RollupPolicy.DEFAULT;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration sweepInterval;
    private int sweepLimit = DEFAULT_SWEEP_LIMIT;

    private Builder() {}

    /** Where tasks live. Required. */
    public Builder store(TaskStore store) {
      this.store = InvalidRequestException.requireNonNull(store, "store");
      return this;
    }

    /** The time source of every timestamp and token expiry; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = InvalidRequestException.requireNonNull(clock, "clock");
      return this;
    }

    /** A custom id generator instead of the default time-ordered one. */
    public Builder idGenerator(IdGenerator idGenerator) {
      this.idGenerator = InvalidRequestException.requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    /** The default generator's prefix for every type without its own ({@code "t-"}). */
    public Builder idPrefix(String prefix) {
      this.defaultIdPrefix = checkPrefix(prefix, "idPrefix");
      return this;
    }

    /** The default generator's prefix for tasks of {@code type}. */
    public Builder idPrefix(String type, String prefix) {
      idPrefixByType.put(
          InvalidRequestException.requireNonBlank(type, "idPrefix.type"),
          checkPrefix(prefix, "idPrefix"));
      return this;
    }

    private static String checkPrefix(String prefix, String field) {
      InvalidRequestException.requireNonNull(prefix, field);
      if (prefix.length() > 32) {
        throw new InvalidRequestException(field, "must be at most 32 characters");
      }
      return prefix;
    }

    /**
     * The keys that sign page tokens. Without them the engine uses the store's shared ring if it
     * keeps one, otherwise a random key with a warning that tokens will not survive a restart.
     */
    public Builder tokenKeys(TokenKeyRing tokenKeys) {
      this.tokenKeys = InvalidRequestException.requireNonNull(tokenKeys, "tokenKeys");
      return this;
    }

    /** Limits; {@link Limits#defaults()} unless set. */
    public Builder limits(Limits limits) {
      this.limits = InvalidRequestException.requireNonNull(limits, "limits");
      return this;
    }

    /** How a batch's final status follows from its children; {@link RollupPolicy#DEFAULT}. */
    public Builder rollupPolicy(RollupPolicy rollupPolicy) {
      this.rollupPolicy = InvalidRequestException.requireNonNull(rollupPolicy, "rollupPolicy");
      return this;
    }

    /**
     * The retry policy of tasks whose spec names none; {@link RetryPolicy#DEFAULT} (3 attempts, 1
     * second doubling up to 5 minutes) unless set.
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = InvalidRequestException.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Runs {@link TaskEngine#sweepExpired} every {@code interval} on a daemon thread, until {@link
     * TaskEngine#close()}. Off unless set. Each round sweeps up to 1,000 tasks at a time, again
     * while sweeps come back full. Safe to run on every node.
     */
    public Builder sweeper(Duration interval) {
      return sweeper(interval, DEFAULT_SWEEP_LIMIT);
    }

    /**
     * {@link #sweeper(Duration)} with up to {@code limitPerSweep} tasks per sweep (at most {@link
     * Limits#maxSweepSize()}).
     */
    public Builder sweeper(Duration interval, int limitPerSweep) {
      InvalidRequestException.requireNonNull(interval, "sweeper.interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new InvalidRequestException("sweeper.interval", "must be positive, was " + interval);
      }
      if (limitPerSweep < 1) {
        throw new InvalidRequestException(
            "sweeper.limitPerSweep", "must be at least 1, was " + limitPerSweep);
      }
      this.sweepInterval = interval;
      this.sweepLimit = limitPerSweep;
      return this;
    }

    /**
     * The engine.
     *
     * @throws InvalidRequestException when no store was set, the rollup policy is invalid or the
     *     sweeper's limit is past {@link Limits#maxSweepSize()}
     */
    public TaskEngine build() {
      InvalidRequestException.requireNonNull(store, "store");
      if (sweepInterval != null && sweepLimit > limits.maxSweepSize()) {
        throw new InvalidRequestException(
            "sweeper.limitPerSweep",
            "must be at most limits.maxSweepSize ("
                + limits.maxSweepSize()
                + "), was "
                + sweepLimit);
      }
      EngineSettings settings =
          new EngineSettings(
              store,
              clock,
              idGenerator,
              defaultIdPrefix,
              idPrefixByType,
              tokenKeys,
              limits,
              rollupPolicy,
              retryPolicy,
              sweepInterval,
              Math.min(sweepLimit, limits.maxSweepSize()));
      return new CoreTaskEngine(settings);
    }
  }
}
