package dev.taskengine.api;

/**
 * One child of a batch: the resource it acts on and its own parameters. The type, invoke id,
 * operator and cancellability come from the batch. Limits (string lengths, payload size) are
 * checked by the engine, which names the child by its index.
 *
 * @param resourceId the resource, required
 * @param resourceName a display name, may be null
 * @param param the child's own parameters, may be null
 */
public record ChildSpec(String resourceId, String resourceName, String param) {

  public ChildSpec {
    InvalidRequestException.requireNonBlank(resourceId, "child.resourceId");
  }

  /** A child for the resource, with no name and no parameters of its own. */
  public static ChildSpec of(String resourceId) {
    return new ChildSpec(resourceId, null, null);
  }
}
