package dev.taskengine.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lines of an example that a page shows: between two markers, as the page indents them. */
final class Snippets {
  private Snippets() {}

  /**
   * The lines of {@code source} between {@code // <marker>:begin} and {@code // <marker>:end},
   * without the four spaces of a method body's indentation.
   */
  static String between(String source, String marker) throws IOException {
    String text = Files.readString(Path.of(source));
    String begin = "// " + marker + ":begin\n";
    String snippet =
        text.substring(
            text.indexOf(begin) + begin.length(), text.indexOf("    // " + marker + ":end"));
    return snippet.replaceAll("(?m)^    ", "");
  }
}
