package dev.taskengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void demoFinishesTheBatchAndPagesThroughAllHundredChildren() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Demo.main(new String[] {"42"});
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    assertThat(output).containsPattern("batch t-\\S+ is (SUCCEEDED|FAILED|CANCELLED) \\[total 100");
    assertThat(output).contains("page 4: 10 tasks").contains("(no next token: last page)");
    assertThat(output).containsPattern("next token: [A-Za-z0-9_-]+");
  }
}
