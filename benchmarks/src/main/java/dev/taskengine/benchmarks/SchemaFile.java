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
 * The store's own schema files of a dialect, read from the store-jdbc jar, so that a bulk-loaded
 * data set ends up with exactly the indexes the store would have made: the loader drops the indexes
 * of {@code tasks} before loading and runs the files' {@code CREATE INDEX} statements afterwards.
 * {@link #first} is version 1 alone, from which {@link WriteStore#openFirstVersion} makes the
 * database that {@link PairedSchemaBenchmark} compares the current schema with.
 */
final class SchemaFile {
  /** The store's schema files in version order; a test checks that none is missing. */
  static final List<String> FILES = List.of("V1__tasks.sql", "V2__work_governance.sql");

  private static final Pattern INDEX =
      Pattern.compile("(?is)^CREATE\\s+INDEX\\s+(\\w+)\\s+ON\\s+tasks\\b.*");

  /** A {@code CREATE INDEX} statement on {@code tasks} and the index's name. */
  record TaskIndex(String name, String sql) {}

  private final String text;

  private SchemaFile(String text) {
    this.text = text;
  }

  /** Every version of the dialect's schema, in order. */
  static SchemaFile of(String dialect) {
    StringBuilder text = new StringBuilder();
    for (String file : FILES) {
      text.append(read(dialect, file)).append('\n');
    }
    return new SchemaFile(text.toString());
  }

  /** The first version alone. */
  static SchemaFile first(String dialect) {
    return new SchemaFile(read(dialect, FILES.get(0)));
  }

  private static String read(String dialect, String file) {
    String resource = "/dev/taskengine/store/jdbc/schema/" + dialect + "/" + file;
    try (InputStream in = SchemaFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("store-jdbc has no " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A checksum of the files: a changed schema makes stored data sets stale. */
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

  /** Every statement, without comments, in file order. */
  List<String> statements() {
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
