package dev.taskengine.api;

/**
 * The level of a task, numbered as the cloud-phone API numbers them: a batch task (1) has one
 * instance task (2) per resource. A single task submitted on its own is an instance task with no
 * parent. There is no third level: a child has no children.
 */
public enum Level {
  BATCH(1),
  INSTANCE(2);

  private final int number;

  Level(int number) {
    this.number = number;
  }

  /** 1 for a batch, 2 for an instance task. */
  public int number() {
    return number;
  }

  /**
   * The level with the given number.
   *
   * @throws InvalidRequestException naming {@code field} when the number is neither 1 nor 2
   */
  public static Level ofNumber(int number, String field) {
    for (Level level : values()) {
      if (level.number == number) {
        return level;
      }
    }
    throw new InvalidRequestException(field, "must be 1 (batch) or 2 (instance), was " + number);
  }
}
