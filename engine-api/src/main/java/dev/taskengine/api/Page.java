package dev.taskengine.api;

import java.util.List;
import java.util.Optional;

/**
 * One page of results. {@code nextToken} is present when more results may follow; it is opaque,
 * signed, bound to the tenant and the filter, and expires (24 hours by default).
 *
 * @param items the page's items in the query's order
 * @param nextToken the token of the next page, empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {

  public Page {
    items = List.copyOf(items);
    nextToken = nextToken == null ? Optional.empty() : nextToken;
  }

  public boolean hasNext() {
    return nextToken.isPresent();
  }
}
