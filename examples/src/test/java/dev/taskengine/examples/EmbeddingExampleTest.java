package dev.taskengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  @Test
  void exampleFinishesTheBatch() {
    Task done = EmbeddingExample.run(new byte[32]);
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.counters().total()).isEqualTo(2);
    assertThat(done.counters().succeeded()).isEqualTo(2);
  }

  @Test
  void readmeShowsExactlyTheExampleThatRuns() throws IOException {
    String snippet =
        Snippets.between("src/main/java/dev/taskengine/examples/EmbeddingExample.java", "README");
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains(snippet);
  }
}
