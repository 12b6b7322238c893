package dev.taskengine.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns one JMH run into the committed report.
 *
 * <p>Reads {@code <results>/<mode>.json}, the JMH JSON result file (sample time, µs per operation),
 * and {@code <results>/<mode>-run.json}, what {@link Run} recorded about the machine, the data set
 * and the timings. Writes {@code <root>/BENCHMARKS.md} from scratch and the page-depth chart {@code
 * <results>/<mode>-depth.svg}, and prints the targets table to standard output.
 *
 * <p>Every target is the mean of one figure, or the ratio of two means, of that one run; the
 * targets are data ({@link #TARGETS}). A target whose figures are not in the results is reported as
 * missing and counts as not met.
 *
 * <p>Stateless; {@link #write} may be called from any thread, but two calls for the same root
 * overwrite each other's files.
 */
final class Report {
  private Report() {}

  static final String REPORT_FILE = "BENCHMARKS.md";

  private static final String READ = "ReadBenchmark";
  private static final String DEPTH = "DepthBenchmark";
  private static final String PAIRED_READ = "PairedReadBenchmark";
  private static final String WRITE = "WriteBenchmark";
  private static final String PAIRED_WRITE = "PairedWriteBenchmark";

  /** Suffixes of the two sides of a paired benchmark ({@link Sides}) in figure names. */
  static final String MEASURED = ":measured";

  static final String BASELINE = ":baseline";

  /** The order of the classes in the table of every figure. */
  private static final List<String> CLASS_ORDER =
      List.of(READ, DEPTH, PAIRED_READ, WRITE, PAIRED_WRITE);

  private static final List<String> STORES = List.of("memory", "sqlite", "postgresql");
  private static final List<String> JDBC_STORES = List.of("sqlite", "postgresql");

  private static final String NONE = "—";
  private static final int CHART_WIDTH = 900;
  private static final int CHART_HEIGHT = 520;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One benchmark method with the exact parameters JMH ran it with. */
  record Key(String benchmark, Map<String, String> params) {
    Key {
      params = Map.copyOf(params);
    }

    static Key of(String benchmark, String store) {
      return new Key(benchmark, Map.of("store", store));
    }

    /** One side of {@link PairedReadBenchmark}'s {@code pair} on {@code store}. */
    static Key pairedRead(String pair, String store, String side) {
      return new Key(PAIRED_READ + ".interleaved" + side, Map.of("store", store, "pair", pair));
    }

    /** One side of {@link PairedWriteBenchmark}'s {@code method} on {@code store}. */
    static Key pairedWrite(String method, String store, String side) {
      return of(PAIRED_WRITE + "." + method + side, store);
    }

    static Key deep(String benchmark, String store) {
      return new Key(
          benchmark, Map.of("store", store, "depth", Long.toString(DepthBenchmark.DEEP)));
    }

    String store() {
      return params.getOrDefault("store", NONE);
    }

    Optional<Long> depth() {
      String depth = params.get("depth");
      if (depth == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(Long.parseLong(depth));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The benchmark and every parameter but the store, which has a column of its own. */
    String label() {
      String others =
          new TreeMap<>(params)
              .entrySet().stream()
                  .filter(entry -> !entry.getKey().equals("store"))
                  .map(entry -> entry.getKey() + "=" + entry.getValue())
                  .collect(Collectors.joining(", "));
      return others.isEmpty() ? benchmark : benchmark + " (" + others + ")";
    }
  }

  /** One line of the JMH results, in microseconds per operation. */
  record Figure(Key key, int threads, double mean, double error, double p50, double p99) {}

  /** How a target's value is compared with its limit. */
  enum Bound {
    AT_MOST("≤", "<="),
    BELOW("<", "<"),
    /** Shown beside a target for comparison; no limit, not counted. */
    NONE("", "");

    final String markdown;
    final String plain;

    Bound(String markdown, String plain) {
      this.markdown = markdown;
      this.plain = plain;
    }

    boolean holds(double value, double limit) {
      return switch (this) {
        case AT_MOST -> value <= limit;
        case BELOW -> value < limit;
        case NONE -> true;
      };
    }
  }

  /**
   * One target: the mean of {@code measured}, divided by the mean of {@code baseline} when there is
   * one, must stay within {@code limit}.
   *
   * @param group the number of the target in the project's list (1 to 5), for reference
   * @param description what is measured, for people
   */
  record Target(
      int group,
      String description,
      Key measured,
      Optional<Key> baseline,
      Bound bound,
      double limit) {
    static Target ratio(int group, String description, Key measured, Key baseline, double limit) {
      return new Target(group, description, measured, Optional.of(baseline), Bound.AT_MOST, limit);
    }

    static Target comparison(int group, String description, Key measured, Key baseline) {
      return new Target(group, description, measured, Optional.of(baseline), Bound.NONE, 0);
    }

    static Target below(int group, String description, Key measured, double limitMicros) {
      return new Target(group, description, measured, Optional.empty(), Bound.BELOW, limitMicros);
    }

    boolean counted() {
      return bound != Bound.NONE;
    }
  }

  enum Verdict {
    MET("**met**", "met"),
    NOT_MET("**not met**", "NOT MET"),
    MISSING("**missing**", "MISSING"),
    COMPARISON("*for comparison*", "(info)");

    final String markdown;
    final String plain;

    Verdict(String markdown, String plain) {
      this.markdown = markdown;
      this.plain = plain;
    }
  }

  /** A target checked against the figures of one run; {@code value} is NaN when missing. */
  record Outcome(
      Target target,
      Optional<Figure> measured,
      Optional<Figure> baseline,
      double value,
      Verdict verdict) {}

  /** The targets, in the order of the project's list. */
  static final List<Target> TARGETS = targets();

  private static List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (String store : JDBC_STORES) {
      for (String[] page :
          List.of(
              new String[] {"firstPage", "First page, engine vs. JDBC"},
              new String[] {"deepPage", "Deep page, engine vs. JDBC"},
              new String[] {"statusPage", "Status page, engine vs. JDBC"})) {
        targets.add(
            Target.ratio(
                1,
                page[1],
                Key.pairedRead(page[0], store, MEASURED),
                Key.pairedRead(page[0], store, BASELINE),
                1.3));
      }
    }
    for (String store : JDBC_STORES) {
      for (String[] write :
          List.of(
              new String[] {"transition", "Transition, engine vs. JDBC"},
              new String[] {"transitionTwoThreads", "Transition from two threads, engine vs. JDBC"},
              new String[] {"batchInsert", "Batch insert, engine vs. JDBC"})) {
        targets.add(
            Target.ratio(
                2,
                write[1],
                Key.pairedWrite(write[0], store, MEASURED),
                Key.pairedWrite(write[0], store, BASELINE),
                1.5));
      }
    }
    for (String store : STORES) {
      targets.add(
          Target.ratio(
              3,
              "Deep page vs. first page",
              Key.pairedRead("deepVsFirst", store, MEASURED),
              Key.pairedRead("deepVsFirst", store, BASELINE),
              1.5));
      targets.add(
          Target.comparison(
              3,
              "Deep page by OFFSET vs. first page",
              Key.deep(DEPTH + ".offsetPage", store),
              Key.of(READ + ".firstPage", store)));
    }
    for (String store : STORES) {
      targets.add(
          Target.ratio(
              4,
              "Two statuses vs. one status",
              Key.pairedRead("twoVsOneStatus", store, MEASURED),
              Key.pairedRead("twoVsOneStatus", store, BASELINE),
              2));
    }
    targets.add(
        Target.ratio(
            5,
            "Status page vs. first page",
            Key.pairedRead("statusVsFirst", "memory", MEASURED),
            Key.pairedRead("statusVsFirst", "memory", BASELINE),
            3));
    targets.add(
        Target.below(5, "First page, absolute", Key.of(READ + ".firstPage", "memory"), 100));
    return List.copyOf(targets);
  }

  /**
   * Writes the report and the chart of one run and prints the targets table.
   *
   * @return the number of targets not met, missing ones included
   */
  static int write(Path root, Path results, String mode) throws IOException {
    Path resultFile = results.resolve(mode + ".json");
    if (!Files.exists(resultFile)) {
      throw new NoSuchFileException(
          resultFile.toString(), null, "no JMH results; run benchmarks/run.sh " + mode + " first");
    }
    List<Figure> figures = readFigures(resultFile);
    JsonNode meta = readMeta(results.resolve(mode + "-run.json"));
    List<Outcome> outcomes = check(TARGETS, figures);

    Path chart = results.resolve(mode + "-depth.svg");
    boolean charted = drawDepthChart(figures, chart);
    if (!charted) {
      Files.deleteIfExists(chart); // never link a chart of an earlier run
    }
    String chartLink = root.toAbsolutePath().relativize(chart.toAbsolutePath()).toString();
    String markdown =
        markdown(
            mode, meta, figures, outcomes, charted ? Optional.of(chartLink) : Optional.empty());
    Files.writeString(root.resolve(REPORT_FILE), markdown, StandardCharsets.UTF_8);
    System.out.print(plainTargets(mode, outcomes));
    return (int) outcomes.stream().filter(o -> o.target().counted()).count() - met(outcomes);
  }

  // ---------------------------------------------------------------- reading

  static List<Figure> readFigures(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || !root.isArray()) {
      throw new IOException(file + " is not a JMH JSON result file (expected an array)");
    }
    List<Figure> figures = new ArrayList<>();
    for (JsonNode entry : root) {
      Map<String, String> params = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = entry.path("params").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        params.put(field.getKey(), field.getValue().asText());
      }
      String benchmark = shortName(entry.path("benchmark").asText());
      int threads = entry.path("threads").asInt(1);
      JsonNode sides = entry.path("secondaryMetrics");
      if (sides.has("measuredNanos")) {
        // A paired benchmark: its primary score is both sides together; each side's mean is its
        // time over its calls, summed over the iterations (see Sides).
        figures.add(side(benchmark + MEASURED, params, threads, sides, "measured"));
        figures.add(side(benchmark + BASELINE, params, threads, sides, "baseline"));
        continue;
      }
      JsonNode metric = entry.path("primaryMetric");
      double scale = microsPerUnit(metric.path("scoreUnit").asText("us/op"), file);
      JsonNode percentiles = metric.path("scorePercentiles");
      figures.add(
          new Figure(
              new Key(benchmark, params),
              threads,
              number(metric.path("score")) * scale,
              number(metric.path("scoreError")) * scale,
              number(percentiles.path("50.0")) * scale,
              number(percentiles.path("99.0")) * scale));
    }
    return figures;
  }

  /**
   * One side of a paired benchmark: its mean in µs from the {@code <side>Nanos} and {@code
   * <side>Calls} counters; a paired side has no error or percentiles of its own.
   */
  private static Figure side(
      String benchmark, Map<String, String> params, int threads, JsonNode sides, String side) {
    double nanos = sum(sides.path(side + "Nanos"));
    double calls = sum(sides.path(side + "Calls"));
    return new Figure(
        new Key(benchmark, params),
        threads,
        calls > 0 ? nanos / calls / 1_000 : Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /** A counter over the whole run: JMH's per-iteration values added up. */
  private static double sum(JsonNode counter) {
    JsonNode raw = counter.path("rawData");
    if (!raw.isArray() || raw.isEmpty()) {
      return Double.NaN;
    }
    double total = 0;
    for (JsonNode fork : raw) {
      for (JsonNode iteration : fork) {
        total += iteration.asDouble();
      }
    }
    return total;
  }

  /**
   * {@code dev.taskengine.benchmarks.ReadBenchmark.firstPage} becomes {@code
   * ReadBenchmark.firstPage}.
   */
  private static String shortName(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    int type = method < 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(type + 1);
  }

  private static double number(JsonNode node) {
    // JMH writes a score it cannot compute as the string "NaN"; asDouble parses that too.
    return node.isMissingNode() || node.isNull() ? Double.NaN : node.asDouble(Double.NaN);
  }

  private static double microsPerUnit(String unit, Path file) throws IOException {
    return switch (unit) {
      case "ns/op" -> 1e-3;
      case "us/op" -> 1;
      case "ms/op" -> 1e3;
      case "s/op" -> 1e6;
      default -> throw new IOException(file + ": unit " + unit + " is not a time per operation");
    };
  }

  /** The run's metadata, or an empty object when the run did not record any. */
  private static JsonNode readMeta(Path file) throws IOException {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    JsonNode meta = JSON.readTree(file.toFile());
    return meta == null ? JSON.createObjectNode() : meta;
  }

  // ---------------------------------------------------------------- checking

  static List<Outcome> check(List<Target> targets, List<Figure> figures) {
    Map<Key, Figure> byKey = new LinkedHashMap<>();
    for (Figure figure : figures) {
      byKey.put(figure.key(), figure);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Target target : targets) {
      Optional<Figure> measured = Optional.ofNullable(byKey.get(target.measured()));
      Optional<Figure> baseline = target.baseline().map(byKey::get);
      boolean missing =
          measured.isEmpty()
              || !Double.isFinite(measured.get().mean())
              || (target.baseline().isPresent()
                  && (baseline.isEmpty() || !(baseline.get().mean() > 0)));
      double value = Double.NaN;
      Verdict verdict = Verdict.MISSING;
      if (!missing) {
        value = measured.get().mean() / baseline.map(Figure::mean).orElse(1.0);
        if (!target.counted()) {
          verdict = Verdict.COMPARISON;
        } else {
          verdict = target.bound().holds(value, target.limit()) ? Verdict.MET : Verdict.NOT_MET;
        }
      }
      outcomes.add(new Outcome(target, measured, baseline, value, verdict));
    }
    return outcomes;
  }

  private static int met(List<Outcome> outcomes) {
    return (int) outcomes.stream().filter(o -> o.verdict() == Verdict.MET).count();
  }

  // ---------------------------------------------------------------- Markdown

  private static String markdown(
      String mode,
      JsonNode meta,
      List<Figure> figures,
      List<Outcome> outcomes,
      Optional<String> chartLink) {
    Markdown out = new Markdown();
    out.line("# Benchmarks");
    out.line();
    out.line(
        "Query and rollup-write latency of taskengine on the memory, SQLite and PostgreSQL stores,"
            + " beside hand-written JDBC doing the same work, measured with JMH in the same run."
            + " This file is generated by `benchmarks/run.sh`; do not edit it by hand.");
    out.line();

    out.line("## How to reproduce");
    out.line();
    out.line("```sh");
    out.line("benchmarks/run.sh quick   # " + describe(Run.QUICK));
    out.line("benchmarks/run.sh full    # " + describe(Run.FULL));
    out.line("```");
    out.line();
    out.line(
        "The script builds the module, prepares the data sets (once; later runs reuse them), runs"
            + " every benchmark and rewrites this file. The raw results stay in"
            + " `benchmarks/results/<mode>.json` (JMH) and `benchmarks/results/<mode>-run.json`"
            + " (machine, timings, data set).");
    out.line();

    out.line("## Machine and run");
    out.line();
    JsonNode machine = meta.path("machine");
    out.row("Property", "Value");
    out.row("---", "---");
    out.row("CPU", text(machine, "cpu"));
    out.row("Cores", text(machine, "cores"));
    out.row("Memory", text(machine, "memory"));
    out.row("JDK", text(machine, "jdk"));
    out.row("OS", text(machine, "os"));
    out.row("Date", dates(meta));
    out.row("Mode", "`" + mode + "`");
    out.row("JMH settings", text(meta, "settings"));
    out.row(
        "Load average (1, 5, 15 min)",
        "before " + text(meta, "loadBefore") + "; after " + text(meta, "loadAfter"));
    out.row("Wall time", wallTime(meta));
    out.line();

    out.line("## Data set");
    out.line();
    JsonNode dataset = meta.path("dataset");
    if (dataset.isObject() && dataset.size() > 0) {
      out.row("Fact", "Value");
      out.row("---", "---:");
      Iterator<Map.Entry<String, JsonNode>> facts = dataset.fields();
      while (facts.hasNext()) {
        Map.Entry<String, JsonNode> fact = facts.next();
        out.row("`" + fact.getKey() + "`", count(fact.getValue().asText()));
      }
    } else {
      out.line("Not recorded for this run.");
    }
    out.line();

    out.line("## Targets");
    out.line();
    out.line(
        "Each value is the mean of one figure, or the ratio of two means, from this run; a target"
            + " whose figures are not in the results is **missing** and counts as not met. Rows"
            + " marked *for comparison* are not targets.");
    out.line();
    out.row("#", "Target", "Store", "Measured", "Against", "Value", "Limit", "Result");
    out.row("---:", "---", "---", "---", "---", "---:", "---:", "---");
    for (Outcome outcome : outcomes) {
      Target target = outcome.target();
      out.row(
          Integer.toString(target.group()),
          target.description(),
          target.measured().store(),
          figureCell(target.measured(), outcome.measured()),
          target.baseline().map(key -> figureCell(key, outcome.baseline())).orElse(NONE),
          valueCell(outcome),
          limitCell(target),
          outcome.verdict().markdown);
    }
    out.line();
    out.line("**" + summary(outcomes) + ".**");
    out.line();

    out.line("## Every figure");
    out.line();
    out.line(
        "Sample time in µs per operation: the mean, its 99.9% confidence half-width as JMH"
            + " reports it, and the 50th and 99th percentiles of the samples.");
    out.line();
    out.row("Benchmark", "Store", "Depth", "Threads", "Mean", "± error", "p50", "p99");
    out.row("---", "---", "---:", "---:", "---:", "---:", "---:", "---:");
    for (Figure figure : sorted(figures)) {
      Key key = figure.key();
      Map<String, String> others = new TreeMap<>(key.params());
      others.remove("store");
      others.remove("depth");
      String name =
          others.isEmpty()
              ? key.benchmark()
              : key.benchmark()
                  + " ("
                  + others.entrySet().stream()
                      .map(entry -> entry.getKey() + "=" + entry.getValue())
                      .collect(Collectors.joining(", "))
                  + ")";
      out.row(
          "`" + name + "`",
          key.store(),
          key.params().containsKey("depth") ? count(key.params().get("depth")) : NONE,
          Integer.toString(figure.threads()),
          micros(figure.mean()),
          micros(figure.error()),
          micros(figure.p50()),
          micros(figure.p99()));
    }
    out.line();

    out.line("## Page time against depth");
    out.line();
    if (chartLink.isPresent()) {
      out.line(
          "Mean time of a page of 100 tasks, newest first, reached by the page token (keyset) and"
              + " by OFFSET, against the number of tasks above it. The time axis is logarithmic, and"
              + " so is the depth axis when the run has more than one depth.");
      out.line();
      out.line("![Page time against page depth](" + chartLink.get().replace('\\', '/') + ")");
    } else {
      out.line("This run has no `DepthBenchmark` figures, so there is no chart.");
    }
    out.line();

    out.line("## How to read this");
    out.line();
    out.line(
        "Every ratio comes from one run, on a machine that may have been shared with other work"
            + " (see the load averages above). Each ratio is measured by a paired benchmark that"
            + " runs its two sides call for call in one fork (`PairedReadBenchmark`,"
            + " `PairedWriteBenchmark`), so both sides see the same machine; their means appear in"
            + " the table of every figure as `:measured` and `:baseline`, beside each operation's"
            + " own figures (mean, p50, p99) from the benchmarks that run it alone. A ratio near its"
            + " limit can still go either way on another run: rerun with `full` before drawing"
            + " conclusions.");
    out.line();
    out.line(
        "The memory store holds only the measured tenant (it keeps each tenant in structures of"
            + " its own, so other tenants cannot cost its queries anything); the SQLite and"
            + " PostgreSQL data sets hold the four noise tenants too, in the same table and indexes."
            + " The embedded PostgreSQL runs with `fsync` off, as the embedded server starts: write"
            + " times there are lower than on a durable server, for the engine and the baseline"
            + " alike.");
    return out.toString();
  }

  private static String describe(Run.Mode mode) {
    return String.format(
        Locale.ROOT,
        "%d fork(s); figures %s; paired %s; depths %s",
        mode.forks(),
        mode.figures(),
        mode.paired(),
        mode.depths().stream().map(Report::count).collect(Collectors.joining(", ")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() || value.asText().isBlank()
        ? "not recorded"
        : value.asText();
  }

  private static String dates(JsonNode meta) {
    String started = instant(meta.path("startedAt"));
    String finished = instant(meta.path("finishedAt"));
    return started + " to " + finished;
  }

  private static String instant(JsonNode node) {
    if (!node.isTextual()) {
      return "not recorded";
    }
    try {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC)
          .format(Instant.parse(node.asText()));
    } catch (DateTimeParseException e) {
      return node.asText();
    }
  }

  private static String wallTime(JsonNode meta) {
    JsonNode wall = meta.path("wallSeconds");
    if (!wall.isNumber()) {
      return "not recorded";
    }
    return duration(wall.asDouble())
        + " (data sets "
        + (meta.path("prepareSeconds").isNumber()
            ? duration(meta.path("prepareSeconds").asDouble())
            : "not recorded")
        + ", JMH "
        + (meta.path("jmhSeconds").isNumber()
            ? duration(meta.path("jmhSeconds").asDouble())
            : "not recorded")
        + ")";
  }

  private static String duration(double seconds) {
    long whole = Math.round(seconds);
    if (whole < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long hours = whole / 3600;
    long minutes = whole % 3600 / 60;
    long rest = whole % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d h %d min %d s", hours, minutes, rest)
        : String.format(Locale.ROOT, "%d min %d s", minutes, rest);
  }

  /** Whole numbers with thousands separators; anything else as it is. */
  private static String count(String value) {
    try {
      return String.format(Locale.ROOT, "%,d", Long.parseLong(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String figureCell(Key key, Optional<Figure> figure) {
    return "`"
        + key.label()
        + "` "
        + figure.map(f -> micros(f.mean()) + " µs").orElse("**missing**");
  }

  private static String valueCell(Outcome outcome) {
    if (outcome.verdict() == Verdict.MISSING) {
      return NONE;
    }
    Target target = outcome.target();
    if (target.baseline().isEmpty()) {
      return micros(outcome.value()) + " µs";
    }
    return ratio(outcome.value(), target) + "×";
  }

  private static String limitCell(Target target) {
    if (!target.counted()) {
      return NONE;
    }
    String limit = number(target.limit());
    return target.bound().markdown + " " + limit + (target.baseline().isEmpty() ? " µs" : "×");
  }

  private static String summary(List<Outcome> outcomes) {
    long counted = outcomes.stream().filter(o -> o.target().counted()).count();
    long missing =
        outcomes.stream()
            .filter(o -> o.target().counted() && o.verdict() == Verdict.MISSING)
            .count();
    String summary = met(outcomes) + " of " + counted + " targets met";
    return missing == 0 ? summary : summary + " (" + missing + " missing)";
  }

  /** Figures grouped by class (reads, JDBC reads, depth, writes, JDBC writes), then by store. */
  private static List<Figure> sorted(List<Figure> figures) {
    Comparator<Figure> order =
        Comparator.comparingInt((Figure f) -> rank(CLASS_ORDER, className(f)))
            .thenComparing(Report::className)
            .thenComparing(f -> f.key().benchmark())
            .thenComparingInt(f -> rank(STORES, f.key().store()))
            .thenComparing(f -> f.key().store())
            .thenComparingLong(f -> f.key().depth().orElse(-1L))
            .thenComparing(f -> f.key().label())
            .thenComparingInt(Figure::threads);
    return figures.stream().sorted(order).toList();
  }

  private static String className(Figure figure) {
    String benchmark = figure.key().benchmark();
    int dot = benchmark.indexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(0, dot);
  }

  private static int rank(List<String> order, String value) {
    int index = order.indexOf(value);
    return index < 0 ? order.size() : index;
  }

  /** Three significant digits below 1,000 µs, whole microseconds with separators above. */
  static String micros(double value) {
    if (!Double.isFinite(value)) {
      return NONE;
    }
    if (Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value == 0) {
      return "0";
    }
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(value))));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * Two decimals (fewer for ratios of ten and more), or more when two would round a ratio onto the
   * other side of its limit: 1.304 shown as "1.30" beside "not met" would read as a bug.
   */
  private static String ratio(double value, Target target) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10 && !(target.counted() && target.limit() >= 10)) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    boolean holds = target.bound().holds(value, target.limit());
    for (int decimals = 2; decimals < 6; decimals++) {
      String shown = String.format(Locale.ROOT, "%." + decimals + "f", value);
      if (!target.counted()
          || target.bound().holds(Double.parseDouble(shown), target.limit()) == holds) {
        return shown;
      }
    }
    return String.format(Locale.ROOT, "%.6f", value);
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.valueOf(value);
  }

  /** A Markdown document with pipe tables. */
  private static final class Markdown {
    private final StringBuilder text = new StringBuilder();

    void line() {
      text.append('\n');
    }

    void line(String line) {
      text.append(line).append('\n');
    }

    void row(String... cells) {
      text.append('|');
      for (String cell : cells) {
        text.append(' ').append(cell.replace("|", "\\|").replace('\n', ' ')).append(" |");
      }
      text.append('\n');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  // ---------------------------------------------------------------- standard output

  private static String plainTargets(String mode, List<Outcome> outcomes) {
    StringBuilder out = new StringBuilder();
    out.append("Targets of the ").append(mode).append(" run:\n");
    for (Outcome outcome : outcomes) {
      Target target = outcome.target();
      String value;
      if (outcome.verdict() == Verdict.MISSING) {
        value = "-";
      } else if (target.baseline().isEmpty()) {
        value = micros(outcome.value()) + " us";
      } else {
        value = ratio(outcome.value(), target);
      }
      String limit =
          target.counted()
              ? target.bound().plain
                  + " "
                  + number(target.limit())
                  + (target.baseline().isEmpty() ? " us" : "")
              : "";
      out.append(
          String.format(
              Locale.ROOT,
              "  %-8s %10s %-10s  %d. %s, %s%n",
              outcome.verdict().plain,
              value,
              limit,
              target.group(),
              target.description(),
              target.measured().store()));
    }
    out.append(summary(outcomes)).append('\n');
    return out.toString();
  }

  // ---------------------------------------------------------------- chart

  /** One line style per way of reaching the deep page. */
  private record Line(String method, String label, BasicStroke stroke, boolean square) {}

  private static final List<Line> LINES =
      List.of(
          new Line(DEPTH + ".keysetPage", "keyset", SeriesLines.SOLID, false),
          new Line(DEPTH + ".offsetPage", "OFFSET", SeriesLines.DASH_DASH, true));

  private static final Map<String, Color> STORE_COLORS =
      Map.of(
          "memory", new Color(0x1b, 0x9e, 0x77),
          "sqlite", new Color(0xd9, 0x5f, 0x02),
          "postgresql", new Color(0x75, 0x70, 0xb3));

  /**
   * Draws mean page time against depth, one series per store and way of paging.
   *
   * @return false, writing nothing, when the figures hold no depth series
   */
  static boolean drawDepthChart(List<Figure> figures, Path file) throws IOException {
    // XChart measures text through AWT; a machine without a display must not need one.
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(CHART_WIDTH)
            .height(CHART_HEIGHT)
            .title("Page of 100 tasks against its depth (mean)")
            .xAxisTitle("Depth (tasks above the page)")
            .yAxisTitle("Mean page time (µs, log scale)")
            .build();
    XYStyler styler = chart.getStyler();
    styler.setLocale(Locale.ROOT);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
    styler.setLegendPosition(LegendPosition.OutsideE);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setMarkerSize(7);
    styler.setYAxisLogarithmic(true);
    styler.setYAxisDecimalPattern("#,##0.#");
    styler.setXAxisDecimalPattern("#,##0");

    List<String> stores = new ArrayList<>(STORES);
    figures.stream()
        .map(f -> f.key().store())
        .filter(store -> !stores.contains(store))
        .distinct()
        .sorted()
        .forEach(stores::add);
    int series = 0;
    long smallestDepth = Long.MAX_VALUE;
    long largestDepth = Long.MIN_VALUE;
    for (Line line : LINES) {
      for (String store : stores) {
        List<Figure> points =
            figures.stream()
                .filter(f -> f.key().benchmark().equals(line.method()))
                .filter(f -> f.key().store().equals(store))
                .filter(f -> f.key().depth().isPresent() && f.mean() > 0)
                .sorted(Comparator.comparingLong(f -> f.key().depth().orElseThrow()))
                .toList();
        if (points.isEmpty()) {
          continue;
        }
        List<Long> depths = points.stream().map(f -> f.key().depth().orElseThrow()).toList();
        List<Double> means = points.stream().map(Figure::mean).toList();
        smallestDepth = Math.min(smallestDepth, depths.get(0));
        largestDepth = Math.max(largestDepth, depths.get(depths.size() - 1));
        XYSeries drawn = chart.addSeries(line.label() + ", " + store, depths, means);
        Color color = STORE_COLORS.getOrDefault(store, Color.DARK_GRAY);
        drawn.setLineColor(color);
        drawn.setMarkerColor(color);
        drawn.setLineStyle(line.stroke());
        drawn.setMarker(line.square() ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        series++;
      }
    }
    if (series == 0) {
      return false;
    }
    // Depths grow by factors of ten; a log axis keeps the shallow points apart. One depth alone
    // has no range to take the log of.
    boolean logDepth = smallestDepth > 0 && largestDepth > smallestDepth;
    styler.setXAxisLogarithmic(logDepth);
    if (logDepth) {
      chart.setXAxisTitle("Depth (tasks above the page, log scale)");
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(), VectorGraphicsFormat.SVG);
    return true;
  }
}
