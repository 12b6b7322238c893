package dev.taskengine.benchmarks;

import dev.taskengine.api.ChildCounters;
import dev.taskengine.api.Level;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of a {@link Dataset} and the tasks it holds, computed from its seed alone.
 *
 * <p>The plan is cheap (tens of thousands of numbers): per tenant, the groups in creation order,
 * each a single task or a batch with its children, with its createdAt and its place in the id
 * sequence. From the plan alone follow the facts the benchmarks need without reading any store: the
 * id of the big batch, sample ids, and for a page depth the snapshot time whose first page starts
 * at that depth. {@link #emit} then materializes any group's tasks from a random generator seeded
 * by the group itself, so the tasks are the same whatever order groups are emitted in.
 *
 * <p>What the tasks look like: batches of 1 to {@code maxBatchChildren} children (sizes spread
 * evenly over the logarithm, so most batches are small and a few are large) and single tasks (30 %
 * of the groups), one batch of {@code bigBatchChildren} children, twelve operation types with
 * uneven weights, createdAt uniform over {@code days} days. Children share their batch's createdAt
 * (as {@code submitBatch} makes them). Tasks of the last two hours are still in flight (PENDING,
 * RUNNING); older ones are terminal: about 97 % SUCCEEDED, 0.8 % FAILED, 1 % CANCELLED, plus a few
 * stuck RUNNING, CANCELLING and PENDING ones. Batch counters and statuses follow their children
 * exactly as the engine's rollup would leave them. Thread-safe after construction.
 */
final class DatasetPlan {
  private static final String[] TYPES = {
    "RebootInstance", "StartInstance", "StopInstance", "ResetInstance",
    "UpdateImage", "InstallApp", "UninstallApp", "SendFile",
    "RunCommand", "BackupData", "RecoverData", "CreateScreenshot"
  };
  private static final int[] TYPE_WEIGHTS = {22, 14, 12, 6, 5, 9, 3, 7, 10, 5, 2, 5};
  private static final String[][] ERRORS = {
    {"InstanceNotRunning", "the instance is not running"},
    {"OperationTimeout", "the agent did not answer within 300 seconds"},
    {"QuotaExceeded", "the account's storage quota is exhausted"},
    {"ImageNotFound", "the image was deleted before the operation started"},
    {"InternalError", "an internal error occurred; try again later"}
  };
  private static final int OPERATORS = 24;
  private static final int RESOURCES_PER_TENANT = 50_000;
  private static final int RESULTS = 64;
  private static final long IN_FLIGHT_MICROS = 2 * 3_600_000_000L;
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  /** The groups of one tenant in creation order. */
  static final class TenantPlan {
    final int index;
    final String tenant;
    final long[] createdAtMicros;
    final int[] sizes;
    final long[] seqStart;
    final long[] rankStart;
    final int bigGroup;
    final long tasks;
    private final long[] idBits;

    private TenantPlan(
        int index,
        String tenant,
        long[] createdAtMicros,
        int[] sizes,
        int bigGroup,
        SplittableRandom random) {
      this.index = index;
      this.tenant = tenant;
      this.createdAtMicros = createdAtMicros;
      this.sizes = sizes;
      this.bigGroup = bigGroup;
      this.seqStart = new long[sizes.length];
      this.rankStart = new long[sizes.length];
      // The random part of the group's ids, as the engine draws one per millisecond: its children
      // count up from it, so ids sort in creation order within a batch.
      this.idBits = new long[sizes.length];
      for (int g = 0; g < sizes.length; g++) {
        idBits[g] = random.nextLong() & 0x7FFF_FFFF_FFFF_0000L;
      }
      long seq = 0;
      for (int g = 0; g < sizes.length; g++) {
        seqStart[g] = seq;
        seq += sizes[g];
      }
      this.tasks = seq;
      long rank = 0;
      for (int g = sizes.length - 1; g >= 0; g--) {
        rankStart[g] = rank;
        rank += sizes[g];
      }
    }

    int groups() {
      return sizes.length;
    }

    /** The id of the group's root: its single task or its batch. */
    String rootId(int group) {
      return id(createdAtMicros[group] / 1000, idBits[group], 0);
    }

    /** The id of the group's child {@code child} (0-based). */
    String childId(int group, int child) {
      return id(createdAtMicros[group] / 1000, idBits[group], 1 + child);
    }

    /** The newest createdAt of the tenant. */
    Instant newest() {
      return micros(createdAtMicros[createdAtMicros.length - 1]);
    }
  }

  /**
   * Where a first page taken at {@code snapshot} starts: {@code rank} tasks of the tenant are newer
   * than the snapshot.
   */
  record DepthPoint(Instant snapshot, long rank) {}

  private final Dataset dataset;
  private final List<TenantPlan> tenants;
  private final long[] globalOrder;
  private final String[][] resourceIds;
  private final String[] resourceNames;
  private final String[] operators;
  private final String[] results;

  private DatasetPlan(Dataset dataset) {
    this.dataset = dataset;
    List<TenantPlan> plans = new ArrayList<>();
    plans.add(plan(0, Dataset.MAIN_TENANT, dataset.mainTasks(), dataset.bigBatchChildren()));
    for (int i = 1; i <= dataset.noiseTenants(); i++) {
      plans.add(plan(i, Dataset.noiseTenant(i), dataset.noiseTasksPerTenant(), 0));
    }
    this.tenants = List.copyOf(plans);
    this.globalOrder = globalOrder(tenants);
    this.resourceIds = new String[tenants.size()][];
    this.resourceNames = new String[RESOURCES_PER_TENANT];
    for (int r = 0; r < RESOURCES_PER_TENANT; r++) {
      resourceNames[r] = "phone-" + (100_000 + r); // String.format is slow for 50,000 names
    }
    for (TenantPlan tenant : tenants) {
      String[] ids = new String[RESOURCES_PER_TENANT];
      SplittableRandom random = new SplittableRandom(dataset.seed() * 7 + tenant.index);
      for (int r = 0; r < RESOURCES_PER_TENANT; r++) {
        ids[r] = "acp-" + base32(random.nextLong() & 0xFF_FFFF_FFFFL, 8);
      }
      resourceIds[tenant.index] = ids;
    }
    this.operators = new String[OPERATORS];
    for (int o = 0; o < OPERATORS; o++) {
      operators[o] = "ops-" + (100 + o) + "@example.com";
    }
    this.results = new String[RESULTS];
    for (int r = 0; r < RESULTS; r++) {
      results[r] = "{\"durationMs\":" + (800 + r * 250) + ",\"exitCode\":0}";
    }
  }

  static DatasetPlan of(Dataset dataset) {
    return new DatasetPlan(dataset);
  }

  Dataset dataset() {
    return dataset;
  }

  /** The measured tenant. */
  TenantPlan main() {
    return tenants.get(0);
  }

  List<TenantPlan> tenants() {
    return tenants;
  }

  /** The id of the measured tenant's big batch. */
  String bigBatchId() {
    TenantPlan main = main();
    return main.rootId(main.bigGroup);
  }

  /**
   * {@code count} ids of the measured tenant, spread evenly over its history, roots and children.
   */
  List<String> sampleIds(int count) {
    TenantPlan main = main();
    List<String> ids = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int group = (int) ((k + 0.5) * main.groups() / count);
      int size = main.sizes[group];
      ids.add(size == 1 ? main.rootId(group) : main.childId(group, (k * 7919) % (size - 1)));
    }
    return ids;
  }

  /**
   * The snapshot at which the measured tenant's newest-first first page starts at {@code depth} or
   * a little deeper (a batch's rows share one createdAt, so the page starts at the newest row of
   * the newest batch lying entirely at that depth or deeper).
   */
  DepthPoint depthPoint(long depth) {
    TenantPlan main = main();
    for (int g = main.groups() - 1; g >= 0; g--) {
      if (main.rankStart[g] >= depth) {
        return new DepthPoint(micros(main.createdAtMicros[g]), main.rankStart[g]);
      }
    }
    throw new IllegalArgumentException("the data set has no task at depth " + depth);
  }

  /** Receives the tasks of one group. */
  @FunctionalInterface
  interface GroupSink {
    void accept(Task root, List<Task> children);
  }

  /** Every group of every tenant, oldest first, as the tasks would have been created. */
  void emitAll(GroupSink sink) {
    for (long encoded : globalOrder) {
      emit(tenants.get((int) (encoded >>> 32)), (int) encoded, sink);
    }
  }

  /** Every group of one tenant, oldest first. */
  void emitTenant(int tenantIndex, GroupSink sink) {
    TenantPlan tenant = tenants.get(tenantIndex);
    for (int g = 0; g < tenant.groups(); g++) {
      emit(tenant, g, sink);
    }
  }

  /** The tasks of one group, always the same for the same seed. */
  void emit(TenantPlan tenant, int group, GroupSink sink) {
    SplittableRandom random =
        new SplittableRandom(
            dataset.seed() ^ (0x9E3779B97F4A7C15L * (tenant.index * 1_000_003L + group + 1)));
    long created = tenant.createdAtMicros[group];
    Instant createdAt = micros(created);
    long newest = micros(dataset.newest());
    boolean inFlight = newest - created < IN_FLIGHT_MICROS;
    double progress = inFlight ? (double) (newest - created) / IN_FLIGHT_MICROS : 1.0;
    String type = TYPES[weighted(random, TYPE_WEIGHTS)];
    String invokeId = "req-" + base32(random.nextLong() & 0xFFFF_FFFF_FFFFL, 10);
    String operator = operators[random.nextInt(OPERATORS)];
    boolean cancellable = random.nextInt(100) < 95;
    String param =
        "{\"imageId\":\"img-"
            + base32(random.nextInt(1 << 20), 4)
            + "\",\"keepData\":"
            + random.nextBoolean()
            + "}";
    String[] resources = resourceIds[tenant.index];
    int size = tenant.sizes[group];
    if (size == 1) {
      int resource = random.nextInt(RESOURCES_PER_TENANT);
      Task single =
          instance(
              random,
              tenant.rootId(group),
              tenant.tenant,
              null,
              type,
              invokeId,
              resources[resource],
              resourceNames[resource],
              operator,
              param,
              cancellable,
              createdAt,
              created,
              newest,
              inFlight,
              progress);
      sink.accept(single, List.of());
      return;
    }
    String batchId = tenant.rootId(group);
    List<Task> children = new ArrayList<>(size - 1);
    int firstResource = random.nextInt(RESOURCES_PER_TENANT);
    int pending = 0;
    int running = 0;
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    long version = 0;
    long firstStart = Long.MAX_VALUE;
    long lastUpdate = created;
    long lastFinish = 0;
    for (int c = 0; c < size - 1; c++) {
      int resource = (firstResource + c) % RESOURCES_PER_TENANT;
      String childParam = random.nextInt(100) < 15 ? "{\"slot\":" + c + "}" : null;
      Task child =
          instance(
              random,
              tenant.childId(group, c),
              tenant.tenant,
              batchId,
              type,
              invokeId,
              resources[resource],
              resourceNames[resource],
              operator,
              childParam,
              cancellable,
              createdAt,
              created,
              newest,
              inFlight,
              progress);
      children.add(child);
      switch (child.status()) {
        case PENDING -> pending++;
        case RUNNING, CANCELLING -> running++;
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
      }
      // Each counted move of a child wrote its batch once: to RUNNING, and to a terminal status.
      version += child.version() - (child.status() == TaskStatus.CANCELLING ? 1 : 0);
      if (child.startedAt() != null) {
        firstStart = Math.min(firstStart, micros(child.startedAt()));
      } else if (child.finishedAt() != null) {
        firstStart = Math.min(firstStart, micros(child.finishedAt()));
      }
      lastUpdate = Math.max(lastUpdate, micros(child.updatedAt()));
      if (child.finishedAt() != null) {
        lastFinish = Math.max(lastFinish, micros(child.finishedAt()));
      }
    }
    ChildCounters counters =
        new ChildCounters(size - 1, pending, running, succeeded, failed, cancelled);
    TaskStatus status;
    if (counters.allTerminal()) {
      status =
          failed > 0
              ? TaskStatus.FAILED
              : succeeded == counters.total() ? TaskStatus.SUCCEEDED : TaskStatus.CANCELLED;
    } else {
      status = pending == counters.total() ? TaskStatus.PENDING : TaskStatus.RUNNING;
    }
    Task batch =
        Task.builder()
            .id(batchId)
            .tenant(tenant.tenant)
            .level(Level.BATCH)
            .type(type)
            .status(status)
            .invokeId(invokeId)
            .operator(operator)
            .param(param)
            .cancellable(cancellable)
            .createdAt(createdAt)
            .startedAt(status == TaskStatus.PENDING ? null : micros(firstStart))
            .finishedAt(status.isTerminal() ? micros(lastFinish) : null)
            .updatedAt(micros(lastUpdate))
            .version(version)
            .counters(counters)
            .build();
    sink.accept(batch, children);
  }

  private Task instance(
      SplittableRandom random,
      String id,
      String tenant,
      String parentId,
      String type,
      String invokeId,
      String resourceId,
      String resourceName,
      String operator,
      String param,
      boolean cancellable,
      Instant createdAt,
      long created,
      long newest,
      boolean inFlight,
      double progress) {
    TaskStatus status = status(random, inFlight, progress);
    long started = Math.min(created + 500_000 + random.nextLong(30_000_000), newest);
    long finished = Math.min(started + 1_000_000 + random.nextLong(600_000_000), newest);
    Task.Builder task =
        Task.builder()
            .id(id)
            .tenant(tenant)
            .parentId(parentId)
            .level(Level.INSTANCE)
            .type(type)
            .status(status)
            .invokeId(invokeId)
            .resourceId(resourceId)
            .resourceName(resourceName)
            .operator(operator)
            .param(param)
            .cancellable(cancellable)
            .createdAt(createdAt)
            .availableAt(
                createdAt); // as the engine makes an instance task, and version 2 upgrades one
    switch (status) {
      case PENDING -> task.updatedAt(createdAt).version(0);
      case RUNNING -> task.startedAt(micros(started)).updatedAt(micros(started)).version(1);
      case CANCELLING -> task.startedAt(micros(started)).updatedAt(micros(finished)).version(2);
      case SUCCEEDED ->
          task.startedAt(micros(started))
              .finishedAt(micros(finished))
              .updatedAt(micros(finished))
              .result(results[random.nextInt(RESULTS)])
              .version(2);
      case FAILED -> {
        String[] error = ERRORS[random.nextInt(ERRORS.length)];
        task.startedAt(micros(started))
            .finishedAt(micros(finished))
            .updatedAt(micros(finished))
            .errorCode(error[0])
            .errorMessage(error[1])
            .version(2);
      }
      case CANCELLED -> task.finishedAt(micros(started)).updatedAt(micros(started)).version(1);
    }
    return task.build();
  }

  private static TaskStatus status(SplittableRandom random, boolean inFlight, double progress) {
    int draw = random.nextInt(10_000);
    if (inFlight) {
      // The younger the task, the likelier it is still waiting or running.
      int waiting = (int) (3_000 * (1 - progress));
      int running = (int) (4_000 * (1 - progress));
      if (draw < waiting) {
        return TaskStatus.PENDING;
      }
      if (draw < waiting + running) {
        return TaskStatus.RUNNING;
      }
      draw = random.nextInt(10_000);
    }
    if (draw < 80) {
      return TaskStatus.FAILED; // 0.8 %
    }
    if (draw < 180) {
      return TaskStatus.CANCELLED; // 1 %
    }
    if (!inFlight) {
      if (draw < 200) {
        return TaskStatus.RUNNING; // stuck workers
      }
      if (draw < 205) {
        return TaskStatus.CANCELLING;
      }
      if (draw < 210) {
        return TaskStatus.PENDING;
      }
    }
    return TaskStatus.SUCCEEDED;
  }

  private TenantPlan plan(int index, String tenant, int tasks, int bigChildren) {
    SplittableRandom random = new SplittableRandom(dataset.seed() * 31 + index);
    int reserve = bigChildren > 0 ? bigChildren + 1 : 0;
    int[] sizes = new int[Math.max(16, tasks / 50)];
    int groups = 0;
    int bigGroup = -1;
    long sum = 0;
    double logMax = Math.log(dataset.maxBatchChildren());
    while (sum < tasks) {
      if (groups == sizes.length) {
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
      }
      int size;
      if (reserve > 0 && (sum >= tasks * 0.35 || tasks - sum == reserve)) {
        size = reserve;
        bigGroup = groups;
        reserve = 0;
      } else {
        size =
            random.nextInt(100) < 30
                ? 1
                : 1 + (int) Math.max(1, Math.round(Math.exp(random.nextDouble() * logMax)));
        size = (int) Math.min(size, tasks - sum - reserve);
      }
      sizes[groups++] = size;
      sum += size;
    }
    sizes = Arrays.copyOf(sizes, groups);
    long oldest = micros(dataset.oldest());
    long span = micros(dataset.newest()) - oldest;
    long[] times = new long[groups];
    for (int g = 0; g < groups; g++) {
      times[g] = oldest + random.nextLong(span);
    }
    Arrays.sort(times);
    times[groups - 1] = micros(dataset.newest()) - index; // the newest group: known and distinct
    for (int g = groups - 2; g >= 0; g--) {
      if (times[g] >= times[g + 1]) {
        times[g] = times[g + 1] - 1; // distinct createdAt per group, still ascending
      }
    }
    return new TenantPlan(index, tenant, times, sizes, bigGroup, random);
  }

  private static long[] globalOrder(List<TenantPlan> tenants) {
    int total = 0;
    for (TenantPlan tenant : tenants) {
      total += tenant.groups();
    }
    long[][] keyed = new long[total][];
    int i = 0;
    for (TenantPlan tenant : tenants) {
      for (int g = 0; g < tenant.groups(); g++) {
        keyed[i++] = new long[] {tenant.createdAtMicros[g], ((long) tenant.index << 32) | g};
      }
    }
    Arrays.sort(keyed, (left, right) -> Long.compare(left[0], right[0]));
    long[] order = new long[total];
    for (int k = 0; k < total; k++) {
      order[k] = keyed[k][1];
    }
    return order;
  }

  private static int weighted(SplittableRandom random, int[] weights) {
    int total = 0;
    for (int weight : weights) {
      total += weight;
    }
    int draw = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      draw -= weights[i];
      if (draw < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /**
   * An id in the engine's format: {@code t-}, 10 base-32 characters of milliseconds and 16 of 80
   * random-looking bits (the group's random bits plus the task's place in its group), so that ids
   * hash as well as the engine's and sort in creation order within a batch.
   */
  static String id(long millis, long groupBits, int offset) {
    char[] out = new char[28];
    out[0] = 't';
    out[1] = '-';
    writeBase32(out, 2, millis, 10);
    writeBase32(out, 12, (groupBits >>> 48) & 0x7FFF, 3);
    writeBase32(out, 15, ((groupBits & 0xFFFF_FFFF_FFFFL) << 16) + offset, 13);
    return new String(out);
  }

  private static String base32(long value, int chars) {
    char[] out = new char[chars];
    writeBase32(out, 0, value, chars);
    return new String(out);
  }

  private static void writeBase32(char[] out, int offset, long value, int chars) {
    for (int i = chars - 1; i >= 0; i--) {
      out[offset + i] = BASE32[(int) (value & 0x1F)];
      value >>>= 5;
    }
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
