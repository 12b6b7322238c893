package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.TaskEngineException;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The documented failures the engine's rules must answer with, and nothing else. */
final class Failures {
  private Failures() {}

  /**
   * Runs {@code call} and returns the exception it must throw. Success or any other exception (a
   * NullPointerException above all) fails the test. The error code that goes with each type is
   * engine-api's, fixed by the exception's constructor.
   */
  static <T extends TaskEngineException> T expect(
      Class<T> type, String what, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("%s: expected %s", what, type.getSimpleName()).isInstanceOf(type);
    return type.cast(thrown);
  }

  /**
   * Runs {@code call}, which must throw an {@link InvalidRequestException} whose {@code field()}
   * names one of {@code fieldNames}: a segment of the field path (split at dots and brackets)
   * equals one of them, ignoring case, so "query.ids" and "children[3].param" name "ids" and
   * "param" but "resourceIds" does not name "ids".
   */
  static InvalidRequestException invalid(String what, ThrowingCallable call, String... fieldNames) {
    InvalidRequestException failure = expect(InvalidRequestException.class, what, call);
    assertThat(namesField(failure.field(), fieldNames))
        .as(
            "%s: field() of \"%s\" should name one of %s but was \"%s\"",
            what, failure.getMessage(), List.of(fieldNames), failure.field())
        .isTrue();
    return failure;
  }

  private static boolean namesField(String field, String... fieldNames) {
    if (field == null) {
      return false;
    }
    for (String segment : field.split("[^A-Za-z0-9_]+")) {
      for (String name : fieldNames) {
        if (segment.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }
}
