package dev.taskengine.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what a run left in {@code benchmarks/results}: the JMH JSON result file as {@link Figure}s,
 * and the run's own record ({@code <mode>-run.json}, written by {@link Run}) as a JSON tree.
 */
final class ResultFiles {
  private ResultFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();

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
        figures.add(side(benchmark + Figure.MEASURED, params, threads, sides, "measured"));
        figures.add(side(benchmark + Figure.BASELINE, params, threads, sides, "baseline"));
        continue;
      }
      JsonNode metric = entry.path("primaryMetric");
      double scale = microsPerUnit(metric.path("scoreUnit").asText("us/op"), file);
      JsonNode percentiles = metric.path("scorePercentiles");
      figures.add(
          new Figure(
              new Figure.Key(benchmark, params),
              threads,
              number(metric.path("score")) * scale,
              number(metric.path("scoreError")) * scale,
              number(percentiles.path("50.0")) * scale,
              number(percentiles.path("99.0")) * scale));
    }
    return figures;
  }

  /** The run's metadata, or an empty object when the run did not record any. */
  static JsonNode readMeta(Path file) throws IOException {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    JsonNode meta = JSON.readTree(file.toFile());
    return meta == null ? JSON.createObjectNode() : meta;
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
        new Figure.Key(benchmark, params),
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
}
