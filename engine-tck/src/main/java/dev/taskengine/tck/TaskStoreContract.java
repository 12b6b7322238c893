package dev.taskengine.tck;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.spi.TaskStore;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The store contract: every behaviour of docs/engine.md that depends on the store, asserted through
 * the real engine. A store is correct when one subclass that only says how to make a store passes
 * all of it:
 *
 * <pre>{@code
 * class MemoryTaskStoreContractTest extends TaskStoreContract {
 *   @Override
 *   protected TaskStore createStore() {
 *     return new MemoryTaskStore();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test uses its own random tenants, so a store shared by all tests (a database) needs no
 * cleaning between them: return the shared store from {@link #createStore()} and override {@link
 * #cleanStore(TaskStore)} to keep it open. Time only moves when a test moves the {@link
 * MutableClock}; no test sleeps. Tests that run real threads bound every wait. Randomized tests
 * print their seed and take {@code -Dtaskengine.seed=<seed>} to reproduce a run ({@link Seeds}).
 *
 * <p>The tests are grouped by area in package-private interfaces that this class combines: status
 * transitions, races, atomic creation, rollup, batch cancellation, idempotency, filters, paging,
 * tenant isolation, offset pages, counts, purging, special values and the largest values the limits
 * allow, the store's own promises called directly through the SPI, and work governance: claims,
 * leases, the sweep's retries and deadlines, their races, the store's {@code pick}, and bulk
 * reports (the same outcomes as the calls one by one, each batch moved once) with the store's
 * {@code updateAll}. The engine's own rules (which call is legal in which status, bad input,
 * page-token abuse) do not depend on the store and are tested once, in engine-core.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class TaskStoreContract
    implements CreationContract,
        TransitionContract,
        ConcurrencyContract,
        AtomicCreationContract,
        RollupContract,
        BatchCancellationContract,
        IdempotencyContract,
        FilterContract,
        PagingContract,
        TenantIsolationContract,
        OffsetPagingContract,
        CountContract,
        PurgeContract,
        SpecialValuesContract,
        StoreSpiContract,
        ClaimContract,
        LeaseContract,
        SweepContract,
        WorkRaceContract,
        WorkSpiContract,
        BulkReportContract {

  /** Where every test's clock starts: microsecond precision, as stores keep timestamps. */
  static final Instant START = Instant.parse("2031-03-04T05:06:07.123456Z");

  private TaskStore store;
  private MutableClock clock;
  private String tenant;
  private String otherTenant;
  private TokenKeyRing tokenKeys;
  private TaskEngine engine;

  /**
   * The store under test: a fresh one, or one shared by all tests (tests never see each other's
   * tasks because each uses its own tenants).
   */
  protected abstract TaskStore createStore();

  /** Called after each test with the store {@link #createStore()} gave; closes it by default. */
  protected void cleanStore(TaskStore store) {
    store.close();
  }

  @BeforeEach
  protected final void setUpContract() {
    store = Objects.requireNonNull(createStore(), "createStore() returned null");
    clock = MutableClock.at(START);
    String run = UUID.randomUUID().toString();
    tenant = "tck-a-" + run;
    otherTenant = "tck-b-" + run;
    tokenKeys = TokenKeyRing.of(TokenKey.random("tck-key"));
    engine = engineBuilder().build();
  }

  @AfterEach
  protected final void tearDownContract() {
    if (store != null) {
      cleanStore(store);
    }
  }

  /** The store {@link #createStore()} gave for the running test. */
  @Override
  public final TaskStore store() {
    return store;
  }

  /** The running test's clock: it starts at a fixed instant and moves only when a test moves it. */
  @Override
  public final MutableClock clock() {
    return clock;
  }

  /** A tenant that only the running test uses. */
  @Override
  public final String tenant() {
    return tenant;
  }

  /** A second tenant that only the running test uses, for isolation checks. */
  @Override
  public final String otherTenant() {
    return otherTenant;
  }

  /** The page-token keys of {@link #engine()}: one random key per test. */
  @Override
  public final TokenKeyRing tokenKeys() {
    return tokenKeys;
  }

  /** The running test's engine: the store, the test clock and keys, default limits. */
  @Override
  public final TaskEngine engine() {
    return engine;
  }

  /** A builder preset like {@link #engine()}, for a test that changes one setting. */
  @Override
  public final TaskEngines.Builder engineBuilder() {
    return TaskEngines.builder().store(store).clock(clock).tokenKeys(tokenKeys);
  }
}
