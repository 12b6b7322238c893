package dev.taskengine.server;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Lease;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.SweepResult;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.helpers.MessageFormatter;

/**
 * {@code --demo}: seeds tasks for the first configured account in each API's tenant, with the ids
 * the README's curl examples use, then plays a provider's workers in the background, so that a
 * newcomer sees statuses and counters change and work governed by leases.
 *
 * <p>Three workers each hold up to two tasks. Each tick (half a second) a worker heartbeats the
 * tasks it works on, reports the ones it finished (most succeed, about one in twelve fails with
 * {@code CPS0005}), and claims more from the demo's tenants. Now and then a worker "crashes" on a
 * task: it stops heartbeating and never reports, and the engine's sweeper retries the task once its
 * lease expires (attempt 2, 3) or, after the last attempt, fails it with {@code LeaseExpired}. The
 * phone {@value #BROKEN_PHONE} crashes its worker every time, so each batch that has it shows the
 * whole story; the phone {@value #STUCK_PHONE} of a batch with a run-time limit never finishes
 * while its worker keeps heartbeating, until the sweeper fails it with {@code DeadlineExceeded} and
 * the worker's next heartbeat learns that it lost the lease. Every claim, report, crash and verdict
 * of the sweeper is a line of the story. Every few seconds a new batch arrives.
 *
 * <p>The workers are what a provider's worker process would be: they claim, heartbeat and report
 * only through the operators' API over HTTP ({@link OpsClient}), with an operator's token, so every
 * one of their calls is checked, audited and admitted as any worker's. They claim per tenant
 * ({@code POST /ops/v1/tenants/{tenant}/claims}), taking turns over the demo account's tenants: the
 * demo operator is scoped to that account ({@code "demo:*"}), and the all-tenants claim, which
 * takes the scope {@code "*"}, would also hand them other accounts' tasks. A worker whose round of
 * claims found nothing waits {@link #IDLE_WAIT} before asking again, as a polling worker backs off.
 * The story's narrator (what the sweeper decided, a batch's counters, the status of a task whose
 * lease was lost) reads the engine directly: it tells what happened, it is not a worker. New work
 * arrives straight in the engine, as a customer's request would.
 *
 * <p>The workers claim only the task types the demo creates ({@link #TYPES}), in the demo's
 * tenants; tasks of other types created through the operators' API are left to whoever claims them.
 * Not thread-safe: {@link #tick()} runs on the demo's one thread (or a test's).
 */
final class Demo implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** The seeded Cloud Phone batch's InvokeId (the request that restarted two phones). */
  static final String CLOUD_PHONE_INVOKE_ID = "B8ED2BA9-0C6A-5643-818F-B5D60A640001";

  /** The seeded Huawei Cloud Phone request id (seed 001's example request). */
  static final String CPH_REQUEST_ID = "6837531fd3f54550927b930180a706bf";

  /** The seeded KooPhone task id (seed 002's example request). */
  static final String KOOPHONE_TASK_ID = "6837531fd3f54550927b930180a706bf";

  /** The operator of every task the demo creates. */
  static final String OPERATOR = "demo";

  /**
   * The token of the bundled demo config's operator {@code demo-worker} (scoped to {@code
   * "demo:*"}): public, as the README shows it, and the demo workers' credential unless {@link
   * #OPERATOR_TOKEN_VARIABLE} names another.
   */
  static final String BUNDLED_OPERATOR_TOKEN = "demo-operator-token-not-for-production-0001";

  /** The environment variable that gives the demo workers another operator's token. */
  static final String OPERATOR_TOKEN_VARIABLE = "TASKENGINE_DEMO_OPERATOR_TOKEN";

  /** The task types the demo creates, and the only ones its workers claim. */
  static final List<String> TYPES =
      List.of(
          "RebootInstance",
          "StartInstance",
          "StopInstance",
          "InstallApp",
          "ImportImage",
          "ExportImage",
          "RedeployInstance",
          "ModifyDiskSpec",
          "RestartCloudPhone",
          "UpdatePhoneProperty",
          "AsyncCommand");

  /** The phone whose worker crashes on every attempt: its task ends FAILED LeaseExpired. */
  static final String BROKEN_PHONE = "acp-demo00003";

  /**
   * The phone that never finishes while its worker keeps heartbeating; on a task with a run-time
   * limit, it ends FAILED DeadlineExceeded.
   */
  static final String STUCK_PHONE = "acp-demo00005";

  /** Three attempts, half a second to one second before the second, one to two before the third. */
  static final RetryPolicy RETRY_POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2));

  /** How long a claim or heartbeat leases a task: four heartbeats' worth. */
  static final Duration LEASE = Duration.ofSeconds(2);

  /** The run-time limit of the seeded UpdatePhoneProperty batch's children. */
  static final Duration MAX_RUN_TIME = Duration.ofSeconds(6);

  static final Duration TICK = Duration.ofMillis(500);

  /** How long a worker whose round of claims found nothing waits before it asks again. */
  static final Duration IDLE_WAIT = Duration.ofSeconds(2);

  private static final int WORKERS = 3;
  private static final int TASKS_PER_WORKER = 2;
  private static final long MIN_WORK_MILLIS = 1_000;
  private static final long MAX_WORK_MILLIS = 3_000;
  private static final int CRASH_PERCENT = 8;
  private static final int FAIL_PERCENT = 8;
  private static final int TICKS_PER_NEW_BATCH = 20;
  private static final int MAX_NEW_BATCHES = 100;

  private final TaskEngine engine;
  private final ServerConfig config;
  private final OpsClient api;
  private final Clock clock;
  private final Consumer<String> out;
  private final String account;
  private final String region;
  private final String project;
  private final Random random;
  private final List<Worker> workers = new ArrayList<>();

  /** The leases of crashed attempts, by task id, until the sweeper's verdict on each is logged. */
  private final Map<String, Lease> crashed = new LinkedHashMap<>();

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "taskengine-demo");
            thread.setDaemon(true);
            return thread;
          });
  private long ticks;
  private int newBatches;

  /**
   * {@code clock} is the engine's: the workers' work takes time on it. Each step of the story is a
   * line to {@code out}, the standard output when run (the run command's {@code -q} keeps Maven's
   * JVM, where the server runs, from showing log lines). {@code api} is the workers' client of the
   * running server's operators' API, calling as an operator that may touch every tenant of {@link
   * #tenants(ServerConfig)} (see {@link #workerOperator}): the workers need a server that listens.
   */
  Demo(
      TaskEngine engine,
      ServerConfig config,
      Clock clock,
      long seed,
      Consumer<String> out,
      OpsClient api) {
    this.engine = engine;
    this.config = config;
    this.api = api;
    this.clock = clock;
    this.out = out;
    ServerConfig.Account first = config.accounts().get(0);
    this.account = first.name();
    this.region = config.alibaba().cloudPhoneRegion();
    this.project = first.huaweiProjectIds().isEmpty() ? null : first.huaweiProjectIds().get(0);
    this.random = new Random(seed);
    for (int i = 1; i <= WORKERS; i++) {
      workers.add(new Worker("worker-" + i, i - 1));
    }
  }

  /** The tenants the demo fills. */
  List<String> tenants() {
    return tenants(config);
  }

  /**
   * The tenants the demo fills: the first account's Cloud Phone and ECS tenants in the Cloud Phone
   * region, its first Huawei project's, and its KooPhone tenant.
   */
  static List<String> tenants(ServerConfig config) {
    ServerConfig.Account first = config.accounts().get(0);
    String region = config.alibaba().cloudPhoneRegion();
    List<String> tenants = new ArrayList<>();
    tenants.add(Tenants.cloudPhone(first.name(), region));
    tenants.add(Tenants.ecs(first.name(), region));
    if (!first.huaweiProjectIds().isEmpty()) {
      tenants.add(Tenants.cph(first.name(), first.huaweiProjectIds().get(0)));
    }
    tenants.add(Tenants.kooPhone(first.name()));
    return tenants;
  }

  /**
   * The operator whose token the demo workers call with, checked before the server starts: it must
   * be configured and may touch every tenant the demo fills (the first account's), else the workers
   * would be refused on every call.
   *
   * @throws IllegalArgumentException naming {@link #OPERATOR_TOKEN_VARIABLE} otherwise
   */
  static ServerConfig.Operator workerOperator(ServerConfig config, String token) {
    String account = config.accounts().get(0).name();
    // The API refuses a short token before it looks it up, whatever hash the config holds.
    ServerConfig.Operator operator =
        new Credentials(config)
            .operator(token)
            .filter(unused -> token.length() >= ServerConfig.MIN_SECRET_LENGTH)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--demo: the demo workers call the operators' API with the token in "
                            + OPERATOR_TOKEN_VARIABLE
                            + " (without it, the bundled demo config's), and no operator of the"
                            + " config has it; configure an operator scoped to \""
                            + account
                            + ":*\" and give its token there"));
    for (String tenant : tenants(config)) {
      if (!operator.mayTouch(tenant)) {
        throw new IllegalArgumentException(
            "--demo: the demo workers' operator "
                + operator.name()
                + " may not touch "
                + tenant
                + "; scope it to \""
                + account
                + ":*\"");
      }
    }
    return operator;
  }

  /** Creates the README's tasks (repeatable: client tokens make a second run a no-op). */
  void seed() {
    String cloudPhone = Tenants.cloudPhone(account, region);
    engine.submitBatch(
        BatchSpec.builder(cloudPhone, "RebootInstance")
            .invokeId(CLOUD_PHONE_INVOKE_ID)
            .operator(OPERATOR)
            .retryPolicy(RETRY_POLICY)
            .clientToken("demo-seed-1")
            .child(new ChildSpec("acp-25nt4kk9whhok0001", "defaultInstanceName", null))
            .child(new ChildSpec("acp-j2taq887orj8l0002", "defaultInstanceName", null))
            .build());
    engine.submitBatch(
        phones(cloudPhone, "StartInstance", "B8ED2BA9-0C6A-5643-818F-B5D60A640002", 12)
            .clientToken("demo-seed-2")
            .build());
    engine.submitBatch(
        phones(cloudPhone, "InstallApp", "B8ED2BA9-0C6A-5643-818F-B5D60A640003", 30)
            .param("{\"AppId\":\"com.example.shop\"}")
            .clientToken("demo-seed-3")
            .build());

    String ecs = Tenants.ecs(account, region);
    String[][] ecsTasks = {
      {"ImportImage", "m-bp1i8huqm5u70001"},
      {"ExportImage", "m-bp1i8huqm5u70002"},
      {"RedeployInstance", "i-bp67acfmxazb4p0001"},
      {"ModifyDiskSpec", "d-bp1hvgwromzv320001"},
      {"ImportImage", "m-bp1i8huqm5u70003"},
      {"ImportImage", "m-bp1i8huqm5u70004"}
    };
    for (int i = 0; i < ecsTasks.length; i++) {
      engine.submit(
          TaskSpec.builder(ecs, ecsTasks[i][0])
              .resourceId(ecsTasks[i][1])
              .operator(OPERATOR)
              .retryPolicy(RETRY_POLICY)
              .clientToken("demo-seed-ecs-" + i)
              .build());
    }

    if (project != null) {
      String cph = Tenants.cph(account, project);
      engine.submitBatch(
          BatchSpec.builder(cph, "RestartCloudPhone")
              .invokeId(CPH_REQUEST_ID)
              .operator(OPERATOR)
              .retryPolicy(RETRY_POLICY)
              .clientToken("demo-seed-cph-1")
              .child("1234567b8bab40ffb711234cb80d0234")
              .child("abc4567b8bab40ffb711234cb80d0abc")
              .build());
      engine.submitBatch(
          phones(cph, "UpdatePhoneProperty", "0b6c7e1a2f3d4c5b8a9e0f1d2c3b4a59", 8)
              .maxRunTime(MAX_RUN_TIME)
              .clientToken("demo-seed-cph-2")
              .build());
    }

    String kooPhone = Tenants.kooPhone(account);
    DemoIdGenerator.withIds(
        List.of(KOOPHONE_TASK_ID),
        () ->
            engine.submitBatch(
                phones(kooPhone, "AsyncCommand", null, 10)
                    .param("{\"command\":\"getprop ro.build.version.release\"}")
                    .clientToken("demo-seed-koophone-1")
                    .build()));
  }

  private static BatchSpec.Builder phones(String tenant, String type, String invokeId, int count) {
    BatchSpec.Builder spec =
        BatchSpec.builder(tenant, type)
            .invokeId(invokeId)
            .operator(OPERATOR)
            .retryPolicy(RETRY_POLICY);
    for (int i = 1; i <= count; i++) {
      spec.child(new ChildSpec(String.format(Locale.ROOT, "acp-demo%05d", i), "phone-" + i, null));
    }
    return spec;
  }

  /** Starts the background workers, which call the server's operators' API every tick. */
  void start() {
    say(
        "{} demo workers claim the demo's tasks through the operators' API, leased for {} and"
            + " renewed every {}; the phone {} crashes its worker every time, others now and then",
        WORKERS,
        seconds(LEASE),
        seconds(TICK),
        BROKEN_PHONE);
    scheduler.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round: each worker heartbeats, reports and claims; the sweeper's verdicts; new work. */
  void tick() {
    try {
      ticks++;
      for (Worker worker : workers) {
        worker.work();
      }
      sayVerdicts();
      if (ticks % TICKS_PER_NEW_BATCH == 0 && newBatches < MAX_NEW_BATCHES) {
        newBatches++;
        createMore();
      }
    } catch (RuntimeException e) {
      if (!Thread.currentThread().isInterrupted()) { // else close() stops the demo: say nothing
        say("demo workers: {}", e.toString()); // and try again next tick
      }
    }
  }

  /** One line of the story, {@code {}} placeholders as in a log call, stamped with the time. */
  private void say(String format, Object... args) {
    String time = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME);
    out.accept(time + " " + MessageFormatter.arrayFormat(format, args).getMessage());
  }

  /** What becomes of a claimed attempt. */
  private enum Fate {
    SUCCEED,
    FAIL,
    /** The worker stops heartbeating and never reports: the lease runs out. */
    CRASH,
    /** The worker heartbeats and never finishes: only a deadline ends it. */
    HANG
  }

  /**
   * A task a worker holds: the API's last answer about it (the claim's, then each heartbeat's), its
   * lease, when the work is done, and how it ends.
   */
  private record Job(OpsTask task, Lease lease, Instant doneAt, Fate fate) {
    Job renewed(OpsTask answer) {
      return new Job(answer, lease, doneAt, fate);
    }
  }

  /** One demo worker: a lease owner holding up to {@value #TASKS_PER_WORKER} tasks. */
  private final class Worker {
    private final String name;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private int nextTenant;
    private Instant claimAgainAt = Instant.MIN;

    Worker(String name, int firstTenant) {
      this.name = name;
      this.nextTenant = firstTenant;
    }

    void work() {
      Instant now = clock.instant();
      for (Iterator<Map.Entry<String, Job>> it = jobs.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Job> entry = it.next();
        Job job = entry.getValue();
        try {
          Job kept = step(job, now);
          if (kept == null) {
            it.remove();
          } else {
            entry.setValue(kept);
          }
        } catch (OpsClient.ErrorAnswer e) {
          if (e.leaseLost()) {
            // The sweeper was faster: the task is someone else's now, or decided. Stop, report
            // nothing. (The narrator looks up what became of it.)
            Task task = engine.get(job.lease().tenant(), job.lease().taskId());
            say(
                "{} lost the lease of {} (attempt {}): it is {}{} now; {} stops working on it",
                name,
                task.id(),
                job.lease().attempt(),
                task.status(),
                task.errorCode() == null ? "" : " " + task.errorCode(),
                name);
          } else {
            say("{} gives up {}: {}", name, job.lease().taskId(), e.getMessage());
          }
          it.remove();
        } catch (UncheckedIOException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e; // close() stops the demo
          }
          // The server cannot be reached: the lease runs out and the sweeper retries the task.
          say("{} gives up {}: {}", name, job.lease().taskId(), e.getMessage());
          it.remove();
        }
      }
      claim(now);
    }

    /**
     * Heartbeats, finishes or crashes one job; the job to keep (with the heartbeat's answer), or
     * null when the worker no longer holds it.
     */
    private Job step(Job job, Instant now) {
      Lease lease = job.lease();
      if (job.fate() == Fate.CRASH && !now.isBefore(job.doneAt())) {
        OpsTask task = job.task();
        say(
            "{} crashed working on {} ({} {}, attempt {}): no more heartbeats; the lease ends in"
                + " {}",
            name,
            task.id(),
            task.type(),
            task.resourceId(),
            lease.attempt(),
            seconds(Duration.between(now, Instant.parse(task.leaseExpiresAt()))));
        crashed.put(task.id(), lease);
        return null;
      }
      if (job.fate() == Fate.HANG || now.isBefore(job.doneAt())) {
        OpsTask renewed = api.heartbeat(lease, LEASE);
        if (TaskStatus.CANCELLING.name().equals(renewed.status())) {
          OpsTask cancelled = api.confirmCancelled(lease);
          say("{} stopped {}: cancelled{}", name, cancelled.id(), batchCounters(cancelled));
          return null;
        }
        return job.renewed(renewed);
      }
      OpsTask finished =
          job.fate() == Fate.FAIL
              ? api.fail(lease, "CPS0005", "Phone not found.")
              : api.succeed(
                  lease, job.task().type().equals("AsyncCommand") ? "12\n" : "{\"Success\":true}");
      say(
          "{} {} {} (attempt {}){}",
          name,
          TaskStatus.SUCCEEDED.name().equals(finished.status()) ? "succeeded" : "failed (CPS0005)",
          finished.id(),
          lease.attempt(),
          batchCounters(finished));
      return null;
    }

    /**
     * Fills the free places, trying the demo's tenants in turn; after a round that found nothing,
     * or a refused claim, waits {@link #IDLE_WAIT} before asking again.
     */
    private void claim(Instant now) {
      if (jobs.size() >= TASKS_PER_WORKER || now.isBefore(claimAgainAt)) {
        return;
      }
      List<String> tenants = tenants();
      boolean found = false;
      for (int tried = 0; tried < tenants.size() && jobs.size() < TASKS_PER_WORKER; tried++) {
        String tenant = tenants.get(nextTenant++ % tenants.size());
        List<OpsTask> claimed;
        try {
          claimed = api.claim(tenant, name, LEASE, TYPES, TASKS_PER_WORKER - jobs.size());
        } catch (OpsClient.ErrorAnswer | UncheckedIOException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e; // close() stops the demo
          }
          say("{} could not claim in {}: {}", name, tenant, e.getMessage());
          claimAgainAt = now.plus(IDLE_WAIT);
          return;
        }
        if (claimed.isEmpty()) {
          continue;
        }
        found = true;
        List<String> described = new ArrayList<>();
        for (OpsTask task : claimed) {
          Fate fate = fate(task);
          Instant doneAt =
              now.plusMillis(MIN_WORK_MILLIS + random.nextLong(MAX_WORK_MILLIS - MIN_WORK_MILLIS));
          Lease lease = new Lease(task.tenant(), task.id(), task.leaseOwner(), task.attempt());
          jobs.put(task.id(), new Job(task, lease, doneAt, fate));
          described.add(
              task.id()
                  + " ("
                  + task.type()
                  + " "
                  + task.resourceId()
                  + ", attempt "
                  + task.attempt()
                  + (task.attempt() > 1 ? ", a retry" : "")
                  + ")");
        }
        say("{} claimed in {}: {}", name, tenant, String.join(", ", described));
      }
      if (!found) {
        claimAgainAt = now.plus(IDLE_WAIT);
      }
    }
  }

  private Fate fate(OpsTask task) {
    if (BROKEN_PHONE.equals(task.resourceId())) {
      return Fate.CRASH;
    }
    if (STUCK_PHONE.equals(task.resourceId()) && task.deadline() != null) {
      return Fate.HANG;
    }
    int roll = random.nextInt(100);
    return roll < CRASH_PERCENT
        ? Fate.CRASH
        : roll < CRASH_PERCENT + FAIL_PERCENT ? Fate.FAIL : Fate.SUCCEED;
  }

  /**
   * Logs what the sweeper made of each crashed attempt once it has decided: PENDING for another
   * attempt, or FAILED; forgets the ones it logged.
   */
  private void sayVerdicts() {
    Instant now = clock.instant();
    for (Iterator<Lease> it = crashed.values().iterator(); it.hasNext(); ) {
      Lease lease = it.next();
      Task task = engine.find(lease.tenant(), lease.taskId()).orElse(null);
      if (task == null) {
        it.remove();
      } else if (task.attempt() > lease.attempt()) {
        say(
            "sweeper: the lease of {} (attempt {}) expired; the task was retried: attempt {}",
            task.id(),
            lease.attempt(),
            task.attempt());
        it.remove();
      } else if (task.status() == TaskStatus.PENDING) {
        say(
            "sweeper: the lease of {} (attempt {} of {}) expired: PENDING again, claimable in {}",
            task.id(),
            lease.attempt(),
            policy(task).maxAttempts(),
            seconds(Duration.between(now, task.availableAt())));
        it.remove();
      } else if (task.status().isTerminal()) {
        String verdict =
            SweepResult.LEASE_EXPIRED.equals(task.errorCode())
                ? "expired on its last attempt ("
                    + lease.attempt()
                    + " of "
                    + policy(task).maxAttempts()
                    + ")"
                : "was decided";
        say(
            "sweeper: the lease of {} {}: {}{}{}",
            task.id(),
            verdict,
            task.status(),
            task.errorCode() == null ? "" : " " + task.errorCode(),
            batchCounters(task.tenant(), task.parentId()));
        it.remove();
      }
    }
  }

  private static RetryPolicy policy(Task task) {
    return task.retryPolicy() == null ? RetryPolicy.DEFAULT : task.retryPolicy();
  }

  /** {@code "; batch t-...: 12 total, 3 pending, ..."} for a child, empty for a single task. */
  private String batchCounters(OpsTask task) {
    return batchCounters(task.tenant(), task.parentId());
  }

  /**
   * The batch's counters as the narrator reads them from the engine (the workers' answers carry the
   * child only).
   */
  private String batchCounters(String tenant, String parentId) {
    if (parentId == null) {
      return "";
    }
    Task batch = engine.get(tenant, parentId);
    ChildCounters counters = batch.counters();
    return String.format(
        Locale.ROOT,
        "; batch %s %s: %d total, %d pending, %d running, %d succeeded, %d failed, %d cancelled",
        batch.id(),
        batch.status(),
        counters.total(),
        counters.pending(),
        counters.running(),
        counters.succeeded(),
        counters.failed(),
        counters.cancelled());
  }

  /** {@code 1.5s}; a negative duration (already past) as {@code 0.0s}. */
  private static String seconds(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private void createMore() {
    int n = newBatches;
    engine.submitBatch(
        phones(
                Tenants.cloudPhone(account, region),
                n % 2 == 0 ? "StopInstance" : "StartInstance",
                String.format(Locale.ROOT, "B8ED2BA9-0C6A-5643-818F-%012X", 0x1000 + n),
                5)
            .build());
    engine.submit(
        TaskSpec.builder(Tenants.ecs(account, region), "ImportImage")
            .resourceId(String.format(Locale.ROOT, "m-demo%05d", n))
            .operator(OPERATOR)
            .retryPolicy(RETRY_POLICY)
            .build());
    if (project != null) {
      engine.submitBatch(
          phones(
                  Tenants.cph(account, project),
                  "RestartCloudPhone",
                  String.format(Locale.ROOT, "%032x", 0x1000 + n),
                  4)
              .build());
    }
    engine.submitBatch(phones(Tenants.kooPhone(account), "AsyncCommand", null, 3).build());
  }

  /**
   * Stops the workers: a call in flight is interrupted, and this returns once the demo's thread has
   * stopped (or after five seconds), so that the server can be closed under no worker.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
