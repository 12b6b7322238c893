package dev.taskengine.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method that takes many seconds: one that runs on PostgreSQL as its point,
 * on a large data set, injects faults or runs load for a while. It carries the JUnit tag {@value
 * #TAG}, the one name for it: {@code ./mvnw -B verify} runs every test, and {@code ./mvnw -B test
 * -Pfast} (the parent pom's {@code fast} profile) leaves the tagged ones out for a quick loop. A
 * store's contract test may carry it when its database is slow to start or to write.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Slow.TAG)
public @interface Slow {

  /** The JUnit tag of slow tests. */
  String TAG = "slow";
}
