package dev.taskengine.server;

import java.util.Locale;
import java.util.UUID;

/** Request ids as each vendor writes them. */
final class RequestIds {
  private RequestIds() {}

  /** Alibaba: an upper-case UUID, {@code 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E}. */
  static String alibaba() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  /** Huawei: 32 lower-case hex digits, {@code 6a63a18b8bab40ffb71ebd9cb80d0085}. */
  static String huawei() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
