package dev.taskengine.server;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Level;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskEngineException;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}: seeds tasks for the first configured account in each API's tenant, with the ids
 * the README's curl examples use, then plays the workers in the background: every tick it starts,
 * finishes (mostly successfully) or confirms the cancellation of a few tasks, and now and then
 * creates a new batch, so that a newcomer sees statuses and counters change.
 */
final class Demo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  /** The seeded Cloud Phone batch's InvokeId (the request that restarted two phones). */
  static final String CLOUD_PHONE_INVOKE_ID = "B8ED2BA9-0C6A-5643-818F-B5D60A640001";

  /** The seeded Huawei Cloud Phone request id (seed 001's example request). */
  static final String CPH_REQUEST_ID = "6837531fd3f54550927b930180a706bf";

  /** The seeded KooPhone task id (seed 002's example request). */
  static final String KOOPHONE_TASK_ID = "6837531fd3f54550927b930180a706bf";

  /**
   * The operator of every task the demo creates; the demo's workers move only those, and leave the
   * tasks created through the operators' API to whoever created them.
   */
  static final String OPERATOR = "demo";

  private static final long TICK_MILLIS = 1_000;
  private static final int TICKS_PER_NEW_BATCH = 30;
  private static final int MOVE_PERCENT = 60;
  private static final int PICK_AMONG = 10;
  private static final int MAX_NEW_BATCHES = 100;

  private final TaskEngine engine;
  private final String account;
  private final String region;
  private final String project;
  private final Random random;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "taskengine-demo");
            thread.setDaemon(true);
            return thread;
          });
  private long ticks;
  private int newBatches;

  Demo(TaskEngine engine, ServerConfig config, long seed) {
    this.engine = engine;
    ServerConfig.Account first = config.accounts().get(0);
    this.account = first.name();
    this.region = config.alibaba().cloudPhoneRegion();
    this.project = first.huaweiProjectIds().isEmpty() ? null : first.huaweiProjectIds().get(0);
    this.random = new Random(seed);
  }

  /** The tenants the demo fills. */
  List<String> tenants() {
    List<String> tenants = new ArrayList<>();
    tenants.add(Tenants.cloudPhone(account, region));
    tenants.add(Tenants.ecs(account, region));
    if (project != null) {
      tenants.add(Tenants.cph(account, project));
    }
    tenants.add(Tenants.kooPhone(account));
    return tenants;
  }

  /** Creates the README's tasks (repeatable: client tokens make a second run a no-op). */
  void seed() {
    String cloudPhone = Tenants.cloudPhone(account, region);
    engine.submitBatch(
        BatchSpec.builder(cloudPhone, "RebootInstance")
            .invokeId(CLOUD_PHONE_INVOKE_ID)
            .operator(OPERATOR)
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
              .clientToken("demo-seed-ecs-" + i)
              .build());
    }

    if (project != null) {
      String cph = Tenants.cph(account, project);
      engine.submitBatch(
          BatchSpec.builder(cph, "RestartCloudPhone")
              .invokeId(CPH_REQUEST_ID)
              .operator(OPERATOR)
              .clientToken("demo-seed-cph-1")
              .child("1234567b8bab40ffb711234cb80d0234")
              .child("abc4567b8bab40ffb711234cb80d0abc")
              .build());
      engine.submitBatch(
          phones(cph, "UpdatePhoneProperty", "0b6c7e1a2f3d4c5b8a9e0f1d2c3b4a59", 8)
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
    BatchSpec.Builder spec = BatchSpec.builder(tenant, type).invokeId(invokeId).operator(OPERATOR);
    for (int i = 1; i <= count; i++) {
      spec.child(new ChildSpec(String.format(Locale.ROOT, "acp-demo%05d", i), "phone-" + i, null));
    }
    return spec;
  }

  /** Starts the background workers. */
  void start() {
    scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** One round of the workers: a few moves per tenant, sometimes a new batch. */
  void tick() {
    try {
      ticks++;
      for (String tenant : tenants()) {
        advance(tenant);
      }
      if (ticks % TICKS_PER_NEW_BATCH == 0 && newBatches < MAX_NEW_BATCHES) {
        newBatches++;
        createMore();
      }
    } catch (RuntimeException e) {
      LOG.warn("demo worker: {}", e.toString()); // and try again next tick
    }
  }

  private void advance(String tenant) {
    TaskQuery open =
        TaskQuery.builder(tenant)
            .level(Level.INSTANCE)
            .operator(OPERATOR)
            .statuses(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.CANCELLING)
            .order(SortOrder.OLDEST_FIRST)
            .build();
    if (random.nextInt(100) >= MOVE_PERCENT) {
      return; // unhurried, so that there is something to watch for a while
    }
    List<Task> tasks = engine.query(open, PageRequest.first(PICK_AMONG)).items();
    if (!tasks.isEmpty()) {
      Task task = tasks.get(random.nextInt(tasks.size()));
      try {
        switch (task.status()) {
          case PENDING -> engine.start(tenant, task.id());
          case RUNNING -> finish(tenant, task);
          case CANCELLING -> engine.confirmCancelled(tenant, task.id());
          default -> {}
        }
      } catch (TaskEngineException e) {
        // An operator moved it meanwhile, or another pick of this tick did: leave it.
      }
    }
  }

  private void finish(String tenant, Task task) {
    if (random.nextInt(100) < 12) {
      engine.fail(tenant, task.id(), "CPS0005", "Phone not found.");
    } else if (task.type().equals("AsyncCommand")) {
      engine.succeed(tenant, task.id(), "12\n");
    } else {
      engine.succeed(tenant, task.id(), "{\"Success\":true}");
    }
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

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
