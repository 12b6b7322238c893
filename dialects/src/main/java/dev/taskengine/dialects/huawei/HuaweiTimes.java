package dev.taskengine.dialects.huawei;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Huawei's time format: UTC {@code yyyy-MM-ddTHH:mm:ssZ} ({@code 2017-10-25T00:00:30Z}). */
public final class HuaweiTimes {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private HuaweiTimes() {}

  /** The time to the second; null stays null. */
  public static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
