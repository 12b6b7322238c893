package dev.taskengine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Level;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The page token's filter digest is derived from the query's criteria, and must stay the digest the
 * first release computed field by field: a token issued before an upgrade has to keep verifying.
 * Checked against golden digests that release produced and, for random queries, against a frozen
 * copy of its computation. The seed is printed; rerun one with {@code -Dtaskengine.seed=N}.
 */
class FilterFingerprintTest {

  @Test
  void goldenDigestsOfTheFirstReleaseStillHold() {
    assertThat(hex(TaskQuery.all("t1")))
        .isEqualTo("fbc9056ed240c16028ff65383b4f03e21d2aa07c65789f1bae67a36ab757432f");
    assertThat(hex(TaskQuery.builder("t1").statuses(TaskStatus.RUNNING).build()))
        .isEqualTo("f752f0352e2b6a4756961fb8ec69858d9ca630ce375555dd441f7e80c796adef");
    assertThat(
            hex(
                TaskQuery.builder("t2")
                    .resourceIds("resé0", "resé1", "resé6")
                    .parentId("")
                    .invokeIds("inv5")
                    .statuses(TaskStatus.CANCELLING, TaskStatus.SUCCEEDED)
                    .build()))
        .isEqualTo("5f55e413615f517997ec6ef99c1ae193a60c8b7a631cb9659ca622ac384c4cbe");
    assertThat(
            hex(
                TaskQuery.builder("t2")
                    .ids("id6")
                    .parentId("p4")
                    .invokeIds("inv2", "inv5")
                    .types("ty0", "ty1", "ty2", "ty3")
                    .statuses(TaskStatus.CANCELLED)
                    .level(Level.INSTANCE)
                    .resourceName("n\u00002")
                    .operator("op3")
                    .createdBetween(null, Instant.parse("1970-01-01T00:06:46Z"))
                    .build()))
        .isEqualTo("03e95e2a4bb5974e406ebf5566668a96b39db0b3b689efc769a51fab255fd430");
    assertThat(
            hex(
                TaskQuery.builder("t1")
                    .ids("id2", "id7", "id8")
                    .resourceIds("resé2", "resé3", "resé5")
                    .invokeIds("inv1", "inv5", "inv6")
                    .types("ty2", "ty3")
                    .level(Level.INSTANCE)
                    .resourceName("n\u00003")
                    .operator("op1")
                    .createdBetween(
                        Instant.parse("1970-01-01T00:03:27.000001Z"),
                        Instant.parse("1970-01-01T00:05:00Z"))
                    .order(SortOrder.OLDEST_FIRST)
                    .build()))
        .isEqualTo("0b201001865b8d43377a22d1f3ed2f57c5d3cda2a88b0c764383445bdc78336f");
  }

  @Test
  void randomQueriesDigestAsTheFirstReleaseDid() {
    long seed = TestSeeds.seed("FilterFingerprintTest.randomQueriesDigestAsTheFirstReleaseDid");
    Random random = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      TaskQuery query = randomQuery(random);
      assertThat(Fingerprint.filter(query))
          .as("seed %d, %s", seed, query)
          .isEqualTo(FirstRelease.digest(query));
    }
  }

  @Test
  void everyFieldTakesPartInTheDigest() {
    TaskQuery base = TaskQuery.all("t1");
    List<byte[]> digests = new ArrayList<>();
    digests.add(Fingerprint.filter(base));
    for (TaskQuery.Field field : TaskQuery.Field.values()) {
      TaskQuery.Builder builder = base.toBuilder();
      TaskQuery.Builder changed =
          switch (field) {
            case IDS -> builder.ids("x");
            case RESOURCE_IDS -> builder.resourceIds("x");
            case PARENT_ID -> builder.parentId("x");
            case INVOKE_IDS -> builder.invokeIds("x");
            case TYPES -> builder.types("x");
            case STATUSES -> builder.statuses(TaskStatus.PENDING);
            case LEVEL -> builder.level(Level.BATCH);
            case RESOURCE_NAME -> builder.resourceName("x");
            case OPERATOR -> builder.operator("x");
            case CREATED_AT -> builder.createdBetween(Instant.EPOCH, null);
          };
      TaskQuery query = changed.build();
      assertThat(query.criteria()).as("%s sets %s", query, field).hasSize(1);
      digests.add(Fingerprint.filter(query));
    }
    digests.add(Fingerprint.filter(base.toBuilder().order(SortOrder.OLDEST_FIRST).build()));
    for (int i = 0; i < digests.size(); i++) {
      for (int j = i + 1; j < digests.size(); j++) {
        assertThat(digests.get(i)).as("digest %d against %d", i, j).isNotEqualTo(digests.get(j));
      }
    }
  }

  private static String hex(TaskQuery query) {
    return HexFormat.of().formatHex(Fingerprint.filter(query));
  }

  private static TaskQuery randomQuery(Random random) {
    TaskQuery.Builder query = TaskQuery.builder("t");
    for (int i = random.nextInt(4) - 1; i >= 0; i--) {
      query.ids(text(random));
    }
    for (int i = random.nextInt(4) - 1; i >= 0; i--) {
      query.resourceIds(text(random));
    }
    if (random.nextInt(3) == 0) {
      query.parentId(text(random));
    }
    for (int i = random.nextInt(4) - 1; i >= 0; i--) {
      query.invokeIds(text(random));
    }
    for (int i = random.nextInt(4) - 1; i >= 0; i--) {
      query.types(text(random));
    }
    for (int i = random.nextInt(5) - 2; i >= 0; i--) {
      query.statuses(TaskStatus.values()[random.nextInt(TaskStatus.values().length)]);
    }
    if (random.nextInt(3) == 0) {
      query.level(Level.values()[random.nextInt(Level.values().length)]);
    }
    if (random.nextInt(3) == 0) {
      query.resourceName(text(random));
    }
    if (random.nextInt(3) == 0) {
      query.operator(text(random));
    }
    if (random.nextInt(3) == 0) {
      Instant from = Instant.ofEpochSecond(random.nextInt(1_000_000), random.nextInt(1000) * 1000L);
      Instant before = from.plusNanos(1000L * random.nextInt(1_000_000));
      query.createdBetween(
          random.nextBoolean() ? from : null, random.nextBoolean() ? before : null);
    }
    return query.order(SortOrder.values()[random.nextInt(2)]).build();
  }

  /** Short text that includes the empty string, NUL, accents and characters outside the BMP. */
  private static String text(Random random) {
    String[] pieces = {"", "a", "b", "\u0000", "é", "\uD83D\uDE00", "id-", "Ω"};
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  /**
   * The first release's filter digest, frozen as it was written then, field by field: every field
   * in a fixed order, text as a presence byte, a length and UTF-8, a list as its size followed by
   * its values.
   */
  private static final class FirstRelease {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream data = new DataOutputStream(buffer);

    static byte[] digest(TaskQuery query) {
      try {
        FirstRelease out = new FirstRelease();
        out.put("query/1");
        out.putAll(query.ids());
        out.putAll(query.resourceIds());
        out.put(query.parentId());
        out.putAll(query.invokeIds());
        out.putAll(query.types());
        List<String> statuses = new ArrayList<>();
        query.statuses().forEach(status -> statuses.add(status.name()));
        out.putAll(statuses);
        out.put(query.level() == null ? null : query.level().name());
        out.put(query.resourceName());
        out.put(query.operator());
        out.put(query.createdFrom() == null ? null : query.createdFrom().toString());
        out.put(query.createdBefore() == null ? null : query.createdBefore().toString());
        out.put(query.order().name());
        return MessageDigest.getInstance("SHA-256").digest(out.buffer.toByteArray());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    private void putAll(Iterable<String> values) throws IOException {
      int size = 0;
      for (String ignored : values) {
        size++;
      }
      put(Integer.toString(size));
      for (String value : values) {
        put(value);
      }
    }

    private void put(String value) throws IOException {
      if (value == null) {
        data.writeByte(0);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      data.writeByte(1);
      data.writeInt(utf8.length);
      data.write(utf8);
    }
  }
}
