package dev.taskengine.store.jdbc;

import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.StoreException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.api.TokenKeyRing;
import dev.taskengine.spi.BatchCascade;
import dev.taskengine.spi.BatchRollup;
import dev.taskengine.spi.ChildAddition;
import dev.taskengine.spi.ClientTokenRecord;
import dev.taskengine.spi.CounterDelta;
import dev.taskengine.spi.DuplicateClientTokenException;
import dev.taskengine.spi.NewTasks;
import dev.taskengine.spi.PageQuery;
import dev.taskengine.spi.Pick;
import dev.taskengine.spi.TaskStore;
import dev.taskengine.spi.TaskUpdate;
import dev.taskengine.spi.UpdateResult;
import dev.taskengine.store.jdbc.Transactions.Stale;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * A {@link TaskStore} on a SQL database through Jdbi and HikariCP: SQLite (a file, or a shared
 * in-memory database) or PostgreSQL. Every method is one transaction; transitions are
 * compare-and-set UPDATEs and batch counters move by deltas in SQL, and claims and sweeps ({@link
 * #pick}) skip the rows other transactions hold, so any number of engines, in one process or on
 * many nodes, may share one database.
 *
 * <pre>{@code
 * TaskStore store = JdbcTaskStore.builder().url("jdbc:sqlite:tasks.db").build();
 * TaskStore shared = JdbcTaskStore.builder()
 *     .url("jdbc:postgresql://db:5432/app").credentials("app", secret).poolSize(20).build();
 * TaskStore onHostPool = JdbcTaskStore.builder().dataSource(hostDataSource).build();
 * }</pre>
 *
 * <p>Made from a URL, the store owns a HikariCP pool and closes it in {@link #close()}; made from a
 * {@link DataSource}, it borrows connections and closes nothing. The JDBC driver of the database
 * ({@code org.xerial:sqlite-jdbc} or {@code org.postgresql:postgresql}) must be on the class path:
 * this module declares both optional. At start the store applies its versioned schema files unless
 * built with {@code applySchema(false)}. It keeps a page-token key ring in the database ({@link
 * #sharedTokenKeys()}), so that every engine on the database accepts every other's page tokens.
 * Failures arrive as {@link StoreException}, or {@link
 * dev.taskengine.api.StoreUnavailableException} when the database cannot be reached or a connection
 * dies; a failed call leaves nothing of its unit of work behind.
 *
 * <p>This class holds the units of work; {@link Builder} holds the configuration, and what differs
 * between SQLite and PostgreSQL is in the package's {@code Dialect}.
 *
 * <p>Thread-safe.
 */
public final class JdbcTaskStore implements TaskStore {
  private static final int INSERT_CHUNK = 1_000;
  private static final int STATUS_SLOTS = 6;

  private final Dialect dialect;
  private final SqlStatements sql;
  private final TaskRows rows;
  private final TaskQuerySql queries;
  private final PickSql picks;
  private final Transactions transactions;
  private final TokenKeyTable tokenKeys;
  private final Connections connections;

  private JdbcTaskStore(Connections connections) {
    this.connections = connections;
    this.dialect = connections.dialect();
    this.sql = SqlStatements.load(dialect.statementsResource());
    this.rows = new TaskRows(dialect, sql.get("columns"));
    this.queries = new TaskQuerySql(dialect, sql);
    this.picks = new PickSql(dialect, sql);
    this.transactions = new Transactions(dialect, connections.dataSource());
    this.tokenKeys = new TokenKeyTable(transactions, sql, dialect);
  }

  /** A builder; give it {@link Builder#url} or {@link Builder#dataSource}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store on {@code connections}: checks a host's data source, applies the schema if asked to.
   * Closes what {@code connections} owns when it fails.
   */
  private static JdbcTaskStore start(Connections connections, boolean applySchema) {
    try {
      JdbcTaskStore store = new JdbcTaskStore(connections);
      if (connections.borrowed()) {
        store.dialect.checkHostDataSource(store.jdbi(), store.sql);
      }
      if (applySchema) {
        SchemaMigrator.migrate(store.jdbi(), store.dialect, store.sql);
      }
      return store;
    } catch (SQLException | RuntimeException e) {
      connections.closeAfter(e);
      throw StoreErrors.engineException("start", e);
    }
  }

  // ---- units of work ----

  @Override
  public void insert(NewTasks tasks) {
    transactions.inWriteTransaction(
        "insert",
        handle -> {
          ClientTokenRecord token = tasks.clientToken();
          if (token != null) {
            int recorded =
                handle
                    .createUpdate(sql.get("insert-client-token"))
                    .bind("tenant", dialect.text(token.tenant()))
                    .bind("clientToken", dialect.text(token.clientToken()))
                    .bind("taskId", dialect.text(token.taskId()))
                    .bind("requestHash", dialect.text(token.requestHash()))
                    .execute();
            if (recorded == 0) {
              throw new DuplicateClientTokenException(token.tenant(), token.clientToken());
            }
          }
          rows.bindTask(handle.createUpdate(sql.get("insert-task")), tasks.root()).execute();
          insertAll(handle, tasks.children());
          return null;
        });
  }

  @Override
  public Optional<Task> find(String tenant, String id) {
    return transactions.withHandle(
        "find",
        handle ->
            handle
                .createQuery(sql.get("find-task"))
                .bind("tenant", dialect.text(tenant))
                .bind("id", dialect.text(id))
                .map(rows.tasks())
                .findOne());
  }

  @Override
  public Optional<ClientTokenRecord> findClientToken(String tenant, String clientToken) {
    return transactions.withHandle(
        "findClientToken",
        handle ->
            handle
                .createQuery(sql.get("find-client-token"))
                .bind("tenant", dialect.text(tenant))
                .bind("clientToken", dialect.text(clientToken))
                .map(rows.clientTokens())
                .findOne());
  }

  /** One compare-and-set write with its parent's counters and rollup: {@link #writeAll} of one. */
  @Override
  public Optional<UpdateResult> update(TaskUpdate update, BatchRollup rollup) {
    Task before = update.before();
    Task after = TaskUpdate.written(before, update.after());
    return transactions.inWriteTransaction(
        "update",
        handle ->
            writeAll(
                    handle,
                    List.of(before),
                    List.of(after),
                    List.of(update.parentDelta()),
                    update.now(),
                    rollup)
                .get(0));
  }

  @Override
  public Optional<Task> addChildren(ChildAddition addition) {
    if (addition.allowedBatchStatuses().isEmpty()) {
      return Optional.empty();
    }
    List<String> allowed = new ArrayList<>();
    addition.allowedBatchStatuses().stream().sorted().forEach(s -> allowed.add(s.name()));
    while (allowed.size() < STATUS_SLOTS) {
      allowed.add(allowed.get(0)); // unused slots repeat an allowed status
    }
    return transactions.writeIfCurrent(
        "addChildren",
        handle -> {
          Query reserve =
              handle
                  .createQuery(sql.get("reserve-children"))
                  .bind("count", addition.children().size())
                  .bind("now", dialect.timestamp(addition.now()))
                  .bind("tenant", dialect.text(addition.tenant()))
                  .bind("id", dialect.text(addition.batchId()))
                  .bind("maxTotal", addition.maxTotal());
          for (int slot = 0; slot < STATUS_SLOTS; slot++) {
            reserve.bind("allowed" + (slot + 1), allowed.get(slot));
          }
          Task batch = reserve.map(rows.tasks()).findOne().orElseThrow(Stale::new);
          insertAll(handle, addition.children());
          return batch;
        });
  }

  @Override
  public Optional<Task> cascade(BatchCascade cascade, BatchRollup rollup) {
    Task batch = cascade.batch();
    Instant now = cascade.now();
    return transactions.writeIfCurrent(
        "cascade",
        handle -> {
          // Children first, then the batch: the same lock order as a child's transition (child
          // row, then its batch's row), so the two never deadlock. A stale batch is caught by the
          // compare-and-set below and undoes the whole transaction. Two cascades of one batch
          // queue on a lock of that batch where the database locks rows.
          dialect.lockTransaction(
              handle, sql, "lock-batch-cascade", batchLockKey(batch.tenant(), batch.id()));
          if (!isCurrent(handle, batch)) {
            throw new Stale(); // skip moving children for a batch that already changed
          }
          CounterDelta delta = CounterDelta.ZERO;
          for (Map.Entry<TaskStatus, TaskStatus> move :
              new TreeMap<>(cascade.childMoves()).entrySet()) {
            TaskStatus from = move.getKey();
            TaskStatus to = move.getValue();
            if (from == to) {
              continue;
            }
            int moved =
                handle
                    .createUpdate(
                        sql.get(to.isTerminal() ? "move-children-to-terminal" : "move-children"))
                    .bind("to", to.name())
                    .bind("now", dialect.timestamp(now))
                    .bind("tenant", dialect.text(batch.tenant()))
                    .bind("batchId", dialect.text(batch.id()))
                    .bind("from", from.name())
                    .execute();
            delta = delta.plus(from, -moved).plus(to, moved);
          }
          Task changed =
              TaskRows.bindDelta(handle.createQuery(sql.get("cascade-batch")), delta)
                  .bind("status", cascade.batchStatus().name())
                  .bind("now", dialect.timestamp(now))
                  .bind("tenant", dialect.text(batch.tenant()))
                  .bind("id", dialect.text(batch.id()))
                  .bind("expectedStatus", batch.status().name())
                  .bind("expectedVersion", batch.version())
                  .map(rows.tasks())
                  .findOne()
                  .orElseThrow(Stale::new);
          return persistRollup(handle, changed, rollup, now);
        });
  }

  /**
   * One write transaction: the selection of {@link PickSql} (on PostgreSQL {@code FOR UPDATE SKIP
   * LOCKED}: rows other claimers or sweepers hold are skipped; on SQLite the database's single
   * writer), the engine's change of each selected task, one batched compare-and-set write of the
   * tasks it altered, then each parent's summed counter delta and rollup, parents in (tenant, id)
   * order so that two picks whose children share parents lock those parents in the same order.
   */
  @Override
  public List<UpdateResult> pick(Pick pick, BatchRollup rollup) {
    TaskQuerySql.Statement selection = picks.select(pick);
    return transactions.inWriteTransaction(
        "pick",
        handle -> {
          List<Task> selected =
              bind(handle.createQuery(selection.sql()), selection).map(rows.tasks()).list();
          List<Task> before = new ArrayList<>();
          List<Task> after = new ArrayList<>();
          List<CounterDelta> deltas = new ArrayList<>();
          for (Task task : selected) {
            Task changed = pick.change().apply(task);
            if (changed != null && !changed.equals(task)) {
              Task next = TaskUpdate.written(task, changed);
              before.add(task);
              after.add(next);
              deltas.add(CounterDelta.move(task.status(), next.status()));
            }
          }
          // A row the selection locked cannot have changed, so every one is written.
          return writeAll(handle, before, after, deltas, pick.now(), rollup).stream()
              .flatMap(Optional::stream)
              .toList();
        });
  }

  /**
   * One write transaction: first, on PostgreSQL, the transaction-scoped lock of each parent that a
   * cascade takes ({@code lock-batch-cascade}), in key order, so that this call and a cancel of the
   * same batch never lock its children in opposite orders; then one batched compare-and-set write
   * of the tasks, in (tenant, id) order, so that two such calls lock shared rows in one order (a
   * row another transaction holds is waited for, then found changed); then each parent's summed
   * delta and rollup.
   */
  @Override
  public List<Optional<UpdateResult>> updateAll(List<TaskUpdate> updates, BatchRollup rollup) {
    Instant now = TaskUpdate.checkBulk(updates);
    if (updates.isEmpty()) {
      return List.of();
    }
    List<Integer> order = new ArrayList<>(updates.size());
    Set<Long> parentLocks = new TreeSet<>();
    for (int i = 0; i < updates.size(); i++) {
      Task before = updates.get(i).before();
      if (before.parentId() != null) {
        parentLocks.add(batchLockKey(before.tenant(), before.parentId()));
      }
      order.add(i);
    }
    order.sort(
        Comparator.comparing(
            i -> new TaskKey(updates.get(i).before().tenant(), updates.get(i).before().id())));
    List<Task> before = new ArrayList<>(updates.size());
    List<Task> after = new ArrayList<>(updates.size());
    List<CounterDelta> deltas = new ArrayList<>(updates.size());
    for (int i : order) {
      TaskUpdate update = updates.get(i);
      before.add(update.before());
      after.add(TaskUpdate.written(update.before(), update.after()));
      deltas.add(update.parentDelta());
    }
    Instant at = now;
    List<Optional<UpdateResult>> sorted =
        transactions.inWriteTransaction(
            "updateAll",
            handle -> {
              for (long key : parentLocks) {
                dialect.lockTransaction(handle, sql, "lock-batch-cascade", key);
              }
              return writeAll(handle, before, after, deltas, at, rollup);
            });
    List<Optional<UpdateResult>> results =
        new ArrayList<>(Collections.nCopies(updates.size(), null));
    for (int position = 0; position < order.size(); position++) {
      results.set(order.get(position), sorted.get(position));
    }
    return results;
  }

  /**
   * Inside a write transaction: writes {@code after.get(i)} over each row that still has {@code
   * before.get(i)}'s status and version, in one batch of compare-and-set UPDATEs, then adds to each
   * parent, once, the sum of {@code deltas} of its written children and persists its rollup,
   * parents in (tenant, id) order so that two transactions lock shared parents in one order. Per
   * task: what was written, or empty when its row had changed.
   */
  private List<Optional<UpdateResult>> writeAll(
      Handle handle,
      List<Task> before,
      List<Task> after,
      List<CounterDelta> deltas,
      Instant now,
      BatchRollup rollup) {
    if (after.isEmpty()) {
      return List.of();
    }
    PreparedBatch writes = handle.prepareBatch(sql.get("update-task"));
    for (int i = 0; i < after.size(); i++) {
      rows.bindExpected(rows.bindWrites(writes, after.get(i)), before.get(i)).add();
    }
    int[] counts = writes.execute();
    Map<TaskKey, CounterDelta> sums = new TreeMap<>();
    for (int i = 0; i < counts.length; i++) {
      Task task = before.get(i);
      if (counts[i] != 0 && task.parentId() != null) {
        sums.merge(new TaskKey(task.tenant(), task.parentId()), deltas.get(i), CounterDelta::plus);
      }
    }
    Map<TaskKey, Task> parents = new TreeMap<>();
    sums.forEach(
        (parent, delta) -> {
          if (!delta.isZero()) {
            parents.put(
                parent, addToCounters(handle, parent.tenant(), parent.id(), delta, now, rollup));
          }
        });
    List<Optional<UpdateResult>> results = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      Task task = after.get(i);
      Task parent =
          task.parentId() == null ? null : parents.get(new TaskKey(task.tenant(), task.parentId()));
      results.add(
          counts[i] == 0
              ? Optional.empty()
              : Optional.of(new UpdateResult(task, Optional.ofNullable(parent))));
    }
    return results;
  }

  /** A task's key, ordered by tenant then id: the order in which a pick locks parents. */
  private record TaskKey(String tenant, String id) implements Comparable<TaskKey> {
    @Override
    public int compareTo(TaskKey other) {
      int byTenant = tenant.compareTo(other.tenant);
      return byTenant != 0 ? byTenant : id.compareTo(other.id);
    }
  }

  @Override
  public List<Task> findPage(PageQuery page) {
    return list("findPage", queries.page(page));
  }

  @Override
  public List<Task> findOffset(TaskQuery query, int offset, int limit) {
    return list("findOffset", queries.offset(query, offset, limit));
  }

  @Override
  public long count(TaskQuery query, long limit) {
    TaskQuerySql.Statement statement = queries.count(query, limit);
    return transactions.withHandle(
        "count",
        handle -> bind(handle.createQuery(statement.sql()), statement).mapTo(Long.class).one());
  }

  @Override
  public long purgeFinished(String tenant, Instant finishedBefore) {
    return transactions.inWriteTransaction(
        "purgeFinished",
        handle ->
            dialect.purgeFinished(
                handle, sql, dialect.text(tenant), dialect.timestamp(finishedBefore)));
  }

  /**
   * The page-token key ring kept in this database's {@code task_token_keys}. On first use a node
   * inserts a random 32-byte key if none is active; of nodes racing to do so exactly one key wins
   * and all of them read it back, so every engine on the database signs and verifies with the same
   * keys with no configuration. Rows with {@code active = false} still verify (rotation: insert a
   * new active key after deactivating the old one, then restart the engines).
   */
  @Override
  public Optional<TokenKeyRing> sharedTokenKeys() {
    return Optional.of(tokenKeys.ring());
  }

  /** Closes the connection pool if the store made it from a URL; otherwise does nothing. */
  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw StoreErrors.translate("close", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcTaskStore[" + dialect.name().toLowerCase(Locale.ROOT) + "]";
  }

  /** The dialect; for tests in this package. */
  Dialect dialect() {
    return dialect;
  }

  /** The query builder; for tests in this package. */
  TaskQuerySql queries() {
    return queries;
  }

  /** The pick selections; for tests in this package. */
  PickSql picks() {
    return picks;
  }

  Jdbi jdbi() {
    return transactions.jdbi();
  }

  // ---- helpers of the units of work ----

  private List<Task> list(String action, TaskQuerySql.Statement statement) {
    return transactions.withHandle(
        action,
        handle -> bind(handle.createQuery(statement.sql()), statement).map(rows.tasks()).list());
  }

  private static Query bind(Query query, TaskQuerySql.Statement statement) {
    statement.binds().forEach(query::bind);
    return query;
  }

  private void insertAll(Handle handle, List<Task> tasks) {
    for (int from = 0; from < tasks.size(); from += INSERT_CHUNK) {
      PreparedBatch batch = handle.prepareBatch(sql.get("insert-task"));
      for (Task task : tasks.subList(from, Math.min(tasks.size(), from + INSERT_CHUNK))) {
        rows.bindTask(batch, task).add();
      }
      batch.execute();
    }
  }

  /**
   * A 64-bit key naming one batch's lock, which its cascades and the bulk writes of its children
   * take; a collision only queues two of them.
   */
  private static long batchLockKey(String tenant, String batchId) {
    long hash = 1125899906842597L;
    for (String part : new String[] {tenant, "\u0000", batchId}) {
      for (int i = 0; i < part.length(); i++) {
        hash = 31 * hash + part.charAt(i);
      }
    }
    return hash;
  }

  private boolean isCurrent(Handle handle, Task task) {
    return handle
        .createQuery(sql.get("find-task"))
        .bind("tenant", dialect.text(task.tenant()))
        .bind("id", dialect.text(task.id()))
        .map(rows.tasks())
        .findOne()
        .filter(stored -> stored.status() == task.status() && stored.version() == task.version())
        .isPresent();
  }

  private Task addToCounters(
      Handle handle,
      String tenant,
      String batchId,
      CounterDelta delta,
      Instant now,
      BatchRollup rollup) {
    Task counted =
        TaskRows.bindDelta(handle.createQuery(sql.get("add-to-counters")), delta)
            .bind("now", dialect.timestamp(now))
            .bind("tenant", dialect.text(tenant))
            .bind("id", dialect.text(batchId))
            .map(rows.tasks())
            .findOne()
            .orElseThrow(
                () ->
                    new StoreException(
                        "batch " + batchId + " of tenant " + tenant + " is missing", null));
    return persistRollup(handle, counted, rollup, now);
  }

  /** Writes what the rollup makes of {@code batch} (fresh counters) and returns the result. */
  private Task persistRollup(Handle handle, Task batch, BatchRollup rollup, Instant now) {
    Optional<Task> rolledUp = rollup.rollUp(batch, now);
    if (rolledUp.isEmpty()) {
      return batch;
    }
    Task rolled = rolledUp.get();
    handle
        .createUpdate(sql.get("write-rollup"))
        .bind("status", rolled.status().name())
        .bind("startedAt", dialect.timestamp(rolled.startedAt()))
        .bind("finishedAt", dialect.timestamp(rolled.finishedAt()))
        .bind("tenant", dialect.text(batch.tenant()))
        .bind("id", dialect.text(batch.id()))
        .execute();
    return rolled;
  }

  /**
   * Configures a {@link JdbcTaskStore}, as {@code HikariConfig} configures a pool: it holds
   * settings only, checks each as it is given, and {@link #build()} makes the store. Give exactly
   * one of {@link #url} (the store makes and owns a HikariCP pool) or {@link #dataSource} (the
   * host's pool). Not thread-safe.
   */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private DataSource dataSource;
    private Integer poolSize;
    private Duration connectionTimeout = Duration.ofSeconds(30);
    private Duration statementTimeout;
    private Duration socketTimeout;
    private boolean applySchema = true;

    private Builder() {}

    /**
     * The JDBC URL of the database; the store then owns its connection pool. Supported: {@code
     * jdbc:sqlite:<file>} (WAL journal, IMMEDIATE transactions and a busy timeout are set for you),
     * {@code jdbc:sqlite:file:<name>?mode=memory&cache=shared} (a shared in-memory database, on one
     * connection) and {@code jdbc:postgresql://...}. The database's driver ({@code
     * org.xerial:sqlite-jdbc} or {@code org.postgresql:postgresql}) must be on the class path.
     */
    public Builder url(String jdbcUrl) {
      this.url = InvalidRequestException.requireNonBlank(jdbcUrl, "url");
      return this;
    }

    /** User and password for {@link #url}, when the URL does not carry them. */
    public Builder credentials(String user, String password) {
      this.user = InvalidRequestException.requireNonNull(user, "user");
      this.password = InvalidRequestException.requireNonNull(password, "password");
      return this;
    }

    /**
     * A pool the host already has; the store borrows connections and never closes it. For SQLite
     * its connections must use IMMEDIATE transactions and a busy timeout (checked at build).
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = InvalidRequestException.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Connections in the store's own pool. Defaults: 10 on PostgreSQL, 4 on a SQLite file (one
     * writer at a time anyway; readers run beside it in WAL mode), and exactly 1 on a shared
     * in-memory SQLite database, which locks whole tables between connections.
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new InvalidRequestException("poolSize", "must be at least 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * How long a call waits for a pooled connection (and, on SQLite, for the write lock) before it
     * fails with {@link dev.taskengine.api.StoreUnavailableException}. Default 30 seconds.
     */
    public Builder connectionTimeout(Duration timeout) {
      InvalidRequestException.requireNonNull(timeout, "connectionTimeout");
      if (timeout.toMillis() < 250) {
        throw new InvalidRequestException(
            "connectionTimeout", "must be at least 250 ms, was " + timeout);
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * PostgreSQL: the longest one statement may run, lock waits included, before the server cancels
     * it and the call fails with {@link dev.taskengine.api.StoreUnavailableException} (the server's
     * {@code statement_timeout}, sent as a connection option; a URL that sets {@code options}
     * itself wins). Default: none, the server's own setting. Ignored on SQLite, which runs in the
     * process and whose lock waits are bounded by {@link #connectionTimeout}.
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = atLeast(timeout, Duration.ofMillis(1), "statementTimeout");
      return this;
    }

    /**
     * PostgreSQL: how long a read from the database's socket may block before the connection is
     * dropped and the call fails with {@link dev.taskengine.api.StoreUnavailableException}: the
     * guard against a server or network that stops answering altogether (the driver's {@code
     * socketTimeout}, whole seconds, rounded up). Must be longer than {@link #statementTimeout}.
     * Default: none (the driver waits forever). Ignored on SQLite.
     */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = atLeast(timeout, Duration.ofSeconds(1), "socketTimeout");
      return this;
    }

    private static Duration atLeast(Duration timeout, Duration minimum, String field) {
      InvalidRequestException.requireNonNull(timeout, field);
      if (timeout.compareTo(minimum) < 0) {
        throw new InvalidRequestException(
            field, "must be at least " + minimum.toMillis() + " ms, was " + timeout);
      }
      return timeout;
    }

    /**
     * Whether the store applies its schema files at build (default true). Turn it off when you run
     * the files in {@code dev/taskengine/store/jdbc/schema/<dialect>/} with your own Flyway or
     * Liquibase.
     */
    public Builder applySchema(boolean applySchema) {
      this.applySchema = applySchema;
      return this;
    }

    /**
     * Connects, checks the database, applies the schema if asked to, and returns the store.
     *
     * @throws InvalidRequestException when the configuration is incomplete or contradictory, or the
     *     database's JDBC driver is not on the class path
     * @throws dev.taskengine.api.StoreUnavailableException when the database cannot be reached
     * @throws StoreException when the schema cannot be applied
     */
    public JdbcTaskStore build() {
      if ((url == null) == (dataSource == null)) {
        throw new InvalidRequestException("url", "give exactly one of url(...) or dataSource(...)");
      }
      if (statementTimeout != null
          && socketTimeout != null
          && socketTimeout.compareTo(statementTimeout) <= 0) {
        throw new InvalidRequestException(
            "socketTimeout",
            "must be longer than statementTimeout ("
                + statementTimeout
                + "), or a slow statement drops its connection instead of being cancelled");
      }
      if (dataSource != null
          && (poolSize != null
              || user != null
              || statementTimeout != null
              || socketTimeout != null)) {
        throw new InvalidRequestException(
            poolSize != null
                ? "poolSize"
                : user != null
                    ? "credentials"
                    : statementTimeout != null ? "statementTimeout" : "socketTimeout",
            "applies only to a store that owns its pool (url(...)); configure the host's DataSource"
                + " instead");
      }
      Connections connections =
          dataSource != null
              ? Connections.borrow(dataSource)
              : Connections.pool(
                  url,
                  user,
                  password,
                  poolSize,
                  new Connections.Timeouts(connectionTimeout, statementTimeout, socketTimeout));
      return start(connections, applySchema);
    }
  }
}
