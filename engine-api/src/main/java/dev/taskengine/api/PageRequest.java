package dev.taskengine.api;

import java.util.Optional;

/**
 * Which page to read: the first (no token) or the one after a previous page's {@code nextToken},
 * and how many tasks at most. The size may change from page to page. A null size means the engine's
 * default (10 unless configured); the engine refuses sizes outside 1 to its maximum (100 unless
 * configured).
 *
 * @param token a previous page's next token, or null for the first page
 * @param size tasks per page, or null for the default
 */
public record PageRequest(String token, Integer size) {

  public PageRequest {
    if (token != null && token.isEmpty()) {
      token = null; // Vendor APIs send an empty NextToken for "first page".
    }
  }

  /** The first page, default size. */
  public static PageRequest first() {
    return new PageRequest(null, null);
  }

  /** The first page with {@code size} tasks at most. */
  public static PageRequest first(int size) {
    return new PageRequest(null, size);
  }

  /** The page after the one that returned {@code token}. */
  public static PageRequest after(String token, int size) {
    return new PageRequest(InvalidRequestException.requireNonNull(token, "pageToken"), size);
  }

  /** The token, if this is not the first page. */
  public Optional<String> pageToken() {
    return Optional.ofNullable(token);
  }
}
