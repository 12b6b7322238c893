package dev.taskengine.dialects.internal;

import dev.taskengine.dialects.ApiError;
import dev.taskengine.dialects.ApiErrorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Typed reads of one request's flat, already URL-decoded parameters. An empty value counts as
 * absent, as the vendors' gateways treat it. Every problem is thrown as an {@link
 * ApiErrorException} built by the dialect's {@link Errors}, so each vendor words its own errors.
 * Immutable and thread-safe.
 */
public final class Params {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
  private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");

  /** How a dialect words the two kinds of parameter problem. */
  public interface Errors {
    /** A required parameter is absent. */
    ApiError missing(String name);

    /** A parameter is present but malformed or out of range; {@code problem} states the rule. */
    ApiError invalid(String name, String problem);
  }

  private final Map<String, String> values;
  private final Errors errors;

  public Params(Map<String, String> values, Errors errors) {
    // Not Map.copyOf: its open addressing probes linearly, so keys that share one hash cost
    // quadratic time; a HashMap keeps colliding String keys in a tree.
    this.values =
        Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(values, "values")));
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** Whether the parameter is given with a non-empty value. */
  public boolean has(String name) {
    String value = values.get(name);
    return value != null && !value.isEmpty();
  }

  /**
   * The value, or empty when absent or empty.
   *
   * @throws ApiErrorException when longer than {@code maxLength} characters
   */
  public Optional<String> text(String name, int maxLength) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(checkLength(name, value, maxLength));
  }

  /** The value, which must be present and non-empty. */
  public String requiredText(String name, int maxLength) {
    return text(name, maxLength).orElseThrow(() -> new ApiErrorException(errors.missing(name)));
  }

  /**
   * The value as a decimal integer in {@code min..max}, or empty when absent or empty.
   *
   * @throws ApiErrorException when not a decimal integer or out of range
   */
  public Optional<Integer> integer(String name, int min, int max) {
    Optional<String> text = text(name, 32);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get();
    if (!INTEGER.matcher(value).matches()) {
      throw invalid(name, "must be an integer" + range(min, max) + ", was \"" + value + "\"");
    }
    long parsed = Long.parseLong(value);
    if (parsed < min || parsed > max) {
      throw invalid(name, "must be" + range(min, max) + ", was " + parsed);
    }
    return Optional.of((int) parsed);
  }

  /**
   * A list given as {@code name.1}, {@code name.2}, ... in index order (gaps allowed, empty values
   * skipped). The indexes must be 1 to {@code maxItems}; the bare {@code name} is refused, since a
   * list must be numbered.
   */
  public List<String> numberedList(String name, int maxItems, int maxLength) {
    if (values.containsKey(name)) {
      throw invalid(
          name,
          "is a list: give its values as "
              + name
              + ".1, "
              + name
              + ".2, ... (at most "
              + maxItems
              + ")");
    }
    String prefix = name + ".";
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(prefix)) {
        continue;
      }
      String suffix = key.substring(prefix.length());
      if (!INDEX.matcher(suffix).matches()) {
        throw invalid(key, "the index N of " + name + ".N must be a number from 1 to " + maxItems);
      }
      int index = Integer.parseInt(suffix);
      if (index < 1 || index > maxItems) {
        throw invalid(key, "the index N of " + name + ".N must be from 1 to " + maxItems);
      }
      if (byIndex.containsKey(index)) {
        throw invalid(key, "index " + index + " of " + name + " is given more than once");
      }
      String value = entry.getValue();
      if (value.isEmpty()) {
        continue;
      }
      byIndex.put(index, checkLength(key, value, maxLength));
    }
    return List.copyOf(byIndex.values());
  }

  /**
   * A list given as one comma-separated value; blanks around items and empty items are dropped.
   *
   * @throws ApiErrorException when more than {@code maxItems} items or an item is too long
   */
  public List<String> commaList(String name, int maxItems, int maxLength) {
    Optional<String> text = text(name, Integer.MAX_VALUE);
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String part : text.get().split(",", -1)) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      items.add(checkLength(name, item, maxLength));
      if (items.size() > maxItems) {
        throw invalid(name, "takes at most " + maxItems + " comma-separated values");
      }
    }
    return List.copyOf(items);
  }

  /** An invalid-parameter error for {@code name}, worded by the dialect. */
  public ApiErrorException invalid(String name, String problem) {
    return new ApiErrorException(errors.invalid(name, problem));
  }

  private String checkLength(String name, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw invalid(name, "must be at most " + maxLength + " characters, was " + value.length());
    }
    return value;
  }

  private static String range(int min, int max) {
    if (max == Integer.MAX_VALUE) {
      return " of at least " + min;
    }
    return " from " + min + " to " + max;
  }
}
