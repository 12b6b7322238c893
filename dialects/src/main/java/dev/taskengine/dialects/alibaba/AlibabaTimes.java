package dev.taskengine.dialects.alibaba;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The time formats of the Alibaba documents, all UTC: Cloud Phone writes seconds ({@code
 * 2022-10-11T08:53:32Z}), ECS writes minutes ({@code 2020-11-24T12:50Z}) and reads {@code
 * yyyy-MM-ddTHH:mm:ssZ}. Thread-safe.
 */
public final class AlibabaTimes {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);

  /** A time read from a request, and the precision it was written with. */
  public record Parsed(Instant instant, Duration precision) {
    /** The first instant after the written time's whole second (or minute). */
    public Instant endExclusive() {
      return instant.plus(precision);
    }
  }

  private AlibabaTimes() {}

  /** {@code 2022-10-11T08:53:32Z}; null stays null. Fractions of a second are dropped. */
  public static String seconds(Instant instant) {
    return instant == null ? null : SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code 2020-11-24T12:50Z}; null stays null. Seconds are dropped. */
  public static String minutes(Instant instant) {
    return instant == null ? null : MINUTES.format(instant.truncatedTo(ChronoUnit.MINUTES));
  }

  /**
   * A UTC time as {@code yyyy-MM-ddTHH:mm:ssZ} (the documented input) or {@code yyyy-MM-ddTHH:mmZ}
   * (what ECS writes), or empty when it is neither.
   */
  public static Optional<Parsed> parse(String text) {
    try {
      return Optional.of(
          new Parsed(
              LocalDateTime.parse(text, SECONDS).toInstant(ZoneOffset.UTC), Duration.ofSeconds(1)));
    } catch (DateTimeParseException notSeconds) {
      try {
        return Optional.of(
            new Parsed(
                LocalDateTime.parse(text, MINUTES).toInstant(ZoneOffset.UTC),
                Duration.ofMinutes(1)));
      } catch (DateTimeParseException notMinutes) {
        return Optional.empty();
      }
    }
  }
}
