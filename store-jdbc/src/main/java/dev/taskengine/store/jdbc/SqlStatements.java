package dev.taskengine.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named statements of one dialect, read from {@code sql/<dialect>.sql}: every statement the
 * store runs lives in that one file. A statement starts at a {@code -- name: <name>} line and ends
 * at the next one; other comment lines are dropped; {@code ${other}} is replaced by the statement
 * named {@code other}. Immutable and thread-safe.
 */
final class SqlStatements {
  private static final Pattern NAME = Pattern.compile("^-- name: ([a-z0-9-]+)\\s*$");
  private static final Pattern INCLUDE = Pattern.compile("\\$\\{([a-z0-9-]+)}");

  private final String resource;
  private final Map<String, String> statements;

  private SqlStatements(String resource, Map<String, String> statements) {
    this.resource = resource;
    this.statements = Map.copyOf(statements);
  }

  static SqlStatements load(String resource) {
    Map<String, String> raw = parse(resource, read(resource));
    Map<String, String> expanded = new LinkedHashMap<>();
    raw.forEach((name, body) -> expanded.put(name, expand(resource, raw, body)));
    return new SqlStatements(resource, expanded);
  }

  /** The statement with this name. */
  String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalStateException("no statement '" + name + "' in " + resource);
    }
    return sql;
  }

  static String read(String resource) {
    try (InputStream in = SqlStatements.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Map<String, String> parse(String resource, String text) {
    Map<String, String> statements = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      Matcher matcher = NAME.matcher(line);
      if (matcher.matches()) {
        put(resource, statements, name, body);
        name = matcher.group(1);
        body.setLength(0);
      } else if (name != null && !line.stripLeading().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    put(resource, statements, name, body);
    return statements;
  }

  private static void put(
      String resource, Map<String, String> statements, String name, StringBuilder body) {
    if (name != null && statements.put(name, body.toString().strip()) != null) {
      throw new IllegalStateException("statement '" + name + "' appears twice in " + resource);
    }
  }

  private static String expand(String resource, Map<String, String> raw, String body) {
    Matcher matcher = INCLUDE.matcher(body);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String included = raw.get(matcher.group(1));
      if (included == null) {
        throw new IllegalStateException("unknown ${" + matcher.group(1) + "} in " + resource);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(included));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
