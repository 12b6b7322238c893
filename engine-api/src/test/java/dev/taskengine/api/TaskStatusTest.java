package dev.taskengine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  @Test
  void terminalStatusesAllowNothingAndOthersAllowSomething() {
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(status.next().isEmpty()).as(status.name()).isEqualTo(status.isTerminal());
    }
    assertThat(TaskStatus.PENDING.canMoveTo(TaskStatus.SUCCEEDED)).isFalse();
    assertThat(TaskStatus.CANCELLING.canMoveTo(TaskStatus.SUCCEEDED)).isTrue();
  }

  /** The table in docs/engine.md is generated from {@link TaskStatus#transitions()}. */
  @Test
  void documentedTransitionTableMatchesTheCode() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "engine.md"));
    String begin = "<!-- transitions:begin";
    String end = "<!-- transitions:end -->";
    String documented = doc.substring(doc.indexOf('\n', doc.indexOf(begin)) + 1, doc.indexOf(end));
    assertThat(documented).isEqualTo(renderTable());
  }

  static String renderTable() {
    StringBuilder table = new StringBuilder("| from | allowed to |\n|---|---|\n");
    TaskStatus.transitions()
        .forEach(
            (from, to) ->
                table.append("| ").append(from).append(" | ").append(render(to)).append(" |\n"));
    return table.toString();
  }

  private static String render(Set<TaskStatus> targets) {
    if (targets.isEmpty()) {
      return "(terminal)";
    }
    return targets.stream().map(TaskStatus::name).collect(Collectors.joining(", "));
  }
}
