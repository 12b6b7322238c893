package dev.taskengine.api;

/**
 * Makes task ids. The default generator (engine-core) makes time-ordered ids such as {@code
 * t-01jd4r6k2q8x9m3v5w7y0z1a2b}: a prefix (configurable per task type), then 26 lowercase Crockford
 * base-32 characters of a millisecond timestamp and a monotonic random part, so that id order
 * follows creation order. A custom generator must be thread-safe and return ids unique across
 * tenants, at most 256 characters.
 */
@FunctionalInterface
public interface IdGenerator {

  /** A new, unique id for a task of the given type and level. */
  String newId(String type, Level level);
}
