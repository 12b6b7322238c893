package dev.taskengine.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what the JVM writes to its standard output and error (the server's log lines: slf4j-simple
 * writes to {@code System.err} as it is at each line) while still writing it through, until closed.
 * Tests run one class at a time in the JVM, so nothing else swaps the streams meanwhile.
 */
final class ConsoleCapture implements AutoCloseable {
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;

  private ConsoleCapture() {}

  /** Starts copying. */
  static ConsoleCapture start() {
    ConsoleCapture capture = new ConsoleCapture();
    System.setErr(new PrintStream(capture.tee(capture.originalErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(capture.tee(capture.originalOut), true, StandardCharsets.UTF_8));
    return capture;
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (console) {
          console.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        synchronized (console) {
          console.write(bytes, offset, length);
        }
        original.write(bytes, offset, length);
      }
    };
  }

  /** Everything written so far. */
  String text() {
    synchronized (console) {
      return console.toString(StandardCharsets.UTF_8);
    }
  }

  /** Puts the original streams back. */
  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }
}
