package dev.taskengine.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns one JMH run into the committed report.
 *
 * <p>Reads {@code <results>/<mode>.json}, the JMH JSON result file (sample time, µs per operation),
 * and {@code <results>/<mode>-run.json}, what {@link Run} recorded about the machine, the data set,
 * the PostgreSQL servers' durability and the timings ({@link ResultFiles}). Checks the figures
 * against the targets ({@link Target#ALL}, {@link Outcome}). Writes {@code <root>/BENCHMARKS.md}
 * from scratch ({@link MarkdownReport}) and the page-depth chart {@code <results>/<mode>-depth.svg}
 * ({@link DepthChart}), and prints the targets table to standard output ({@link PlainTargets}).
 *
 * <p>Stateless; {@link #write} may be called from any thread, but two calls for the same root
 * overwrite each other's files.
 */
final class Report {
  private Report() {}

  static final String REPORT_FILE = "BENCHMARKS.md";

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
    List<Figure> figures = ResultFiles.readFigures(resultFile);
    JsonNode meta = ResultFiles.readMeta(results.resolve(mode + "-run.json"));
    List<Outcome> outcomes = Outcome.check(Target.ALL, figures);

    Path chart = results.resolve(mode + "-depth.svg");
    boolean charted = DepthChart.draw(figures, chart);
    if (!charted) {
      Files.deleteIfExists(chart); // never link a chart of an earlier run
    }
    String chartLink = root.toAbsolutePath().relativize(chart.toAbsolutePath()).toString();
    String markdown =
        MarkdownReport.render(
            mode, meta, figures, outcomes, charted ? Optional.of(chartLink) : Optional.empty());
    Files.writeString(root.resolve(REPORT_FILE), markdown, StandardCharsets.UTF_8);
    System.out.print(PlainTargets.render(mode, outcomes));
    return (int) outcomes.stream().filter(o -> o.target().counted()).count()
        - Outcome.met(outcomes);
  }
}
