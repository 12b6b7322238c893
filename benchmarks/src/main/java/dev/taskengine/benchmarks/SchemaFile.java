package dev.taskengine.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The store's own schema file of a dialect, read from the store-jdbc jar, so that a bulk-loaded
 * data set ends up with exactly the indexes the store would have made: the loader drops the indexes
 * of {@code tasks} before loading and runs this file's {@code CREATE INDEX} statements afterwards.
 */
final class SchemaFile {
  private static final Pattern INDEX =
      Pattern.compile("(?is)^CREATE\\s+INDEX\\s+(\\w+)\\s+ON\\s+tasks\\b.*");

  /** A {@code CREATE INDEX} statement on {@code tasks} and the index's name. */
  record TaskIndex(String name, String sql) {}

  private final String text;

  private SchemaFile(String text) {
    this.text = text;
  }

  static SchemaFile of(String dialect) {
    String resource = "/dev/taskengine/store/jdbc/schema/" + dialect + "/V1__tasks.sql";
    try (InputStream in = SchemaFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("store-jdbc has no " + resource);
      }
      return new SchemaFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A checksum of the file: a changed schema makes stored data sets stale. */
  String checksum() {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  /** Every secondary index of {@code tasks}, in file order. */
  List<TaskIndex> taskIndexes() {
    List<TaskIndex> indexes = new ArrayList<>();
    for (String statement : statements()) {
      Matcher matcher = INDEX.matcher(statement);
      if (matcher.matches()) {
        indexes.add(new TaskIndex(matcher.group(1).toLowerCase(Locale.ROOT), statement));
      }
    }
    if (indexes.isEmpty()) {
      throw new IllegalStateException("the schema file has no index on tasks");
    }
    return indexes;
  }

  private List<String> statements() {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\n")) {
      int comment = line.indexOf("--");
      withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      String trimmed = statement.strip().replaceAll("\\s+", " ");
      if (!trimmed.isEmpty()) {
        statements.add(trimmed);
      }
    }
    return statements;
  }
}
