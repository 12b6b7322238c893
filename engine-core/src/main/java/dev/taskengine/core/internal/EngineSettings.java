package dev.taskengine.core.internal;

import dev.taskengine.api.IdGenerator;
import dev.taskengine.api.Limits;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.RollupPolicy;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link dev.taskengine.core.TaskEngines.Builder} collected, handed to {@link CoreTaskEngine}.
 * Hosts never make one.
 *
 * @param store the store
 * @param clock the clock
 * @param idGenerator a custom id generator, or null for the default time-ordered one
 * @param defaultIdPrefix the default generator's prefix
 * @param idPrefixByType the default generator's prefix per task type
 * @param tokenKeys the page-token keys, or null to use the store's shared ring or a random key
 * @param limits the limits
 * @param rollupPolicy the batch rollup policy
 * @param retryPolicy the retry policy of tasks whose spec names none
 * @param sweepInterval how often the background sweeper runs, or null for no sweeper
 * @param sweepLimit the most tasks one of the sweeper's sweeps changes
 */
public record EngineSettings(
    TaskStore store,
    Clock clock,
    IdGenerator idGenerator,
    String defaultIdPrefix,
    Map<String, String> idPrefixByType,
    TokenKeyRing tokenKeys,
    Limits limits,
    RollupPolicy rollupPolicy,
    RetryPolicy retryPolicy,
    Duration sweepInterval,
    int sweepLimit) {

  public EngineSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(defaultIdPrefix, "defaultIdPrefix");
    idPrefixByType = Map.copyOf(idPrefixByType);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(rollupPolicy, "rollupPolicy");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
  }
}
