package dev.taskengine.core.internal;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Criterion;
import dev.taskengine.api.RetryPolicy;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * SHA-256 digests of normalized requests: of a creation spec (to recognize a repeated request under
 * the same client token) and of a query's filter and order (to bind page tokens to them). Every
 * field is written with a presence flag and a length, so that two different requests never write
 * the same bytes.
 */
final class Fingerprint {
  /**
   * The fields the first query format wrote, in its order. Frozen: a change would invalidate every
   * page token issued so far. New fields are not added here (see {@link #filter}).
   */
  private static final List<TaskQuery.Field> QUERY_1_FIELDS =
      List.of(
          TaskQuery.Field.IDS,
          TaskQuery.Field.RESOURCE_IDS,
          TaskQuery.Field.PARENT_ID,
          TaskQuery.Field.INVOKE_IDS,
          TaskQuery.Field.TYPES,
          TaskQuery.Field.STATUSES,
          TaskQuery.Field.LEVEL,
          TaskQuery.Field.RESOURCE_NAME,
          TaskQuery.Field.OPERATOR,
          TaskQuery.Field.CREATED_AT);

  private static final int FIELD_COUNT = TaskQuery.Field.values().length;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final DataOutputStream out = new DataOutputStream(bytes);

  private Fingerprint(String kind) {
    text(kind);
  }

  static String of(TaskSpec spec) {
    Fingerprint f = new Fingerprint("task/1");
    f.text(spec.type())
        .text(spec.invokeId())
        .text(spec.resourceId())
        .text(spec.resourceName())
        .text(spec.operator())
        .text(spec.param())
        .flag(spec.cancellable());
    f.work(spec.deadline(), spec.maxRunTime(), spec.retryPolicy());
    return f.base64();
  }

  static String of(BatchSpec spec) {
    Fingerprint f = new Fingerprint("batch/1");
    f.text(spec.type())
        .text(spec.invokeId())
        .text(spec.operator())
        .text(spec.param())
        .flag(spec.cancellable())
        .number(spec.children().size());
    for (ChildSpec child : spec.children()) {
      f.text(child.resourceId()).text(child.resourceName()).text(child.param());
    }
    f.work(spec.deadline(), spec.maxRunTime(), spec.retryPolicy());
    return f.base64();
  }

  /**
   * The work-governance fields of a spec, written only when one is set: specs without them keep the
   * digest the first release gave them, so client tokens recorded then still match.
   */
  private void work(Instant deadline, Duration maxRunTime, RetryPolicy retryPolicy) {
    if (deadline == null && maxRunTime == null && retryPolicy == null) {
      return;
    }
    text("work/1").instant(deadline).text(maxRunTime == null ? null : maxRunTime.toString());
    if (retryPolicy == null) {
      text(null);
    } else {
      number(retryPolicy.maxAttempts())
          .text(retryPolicy.initialBackoff().toString())
          .text(retryPolicy.maxBackoff().toString());
    }
  }

  /** The digest of the tenant alone. */
  static byte[] tenant(String tenant) {
    return new Fingerprint("tenant/1").text(tenant).digest();
  }

  /**
   * The digest of the normalized filter and order (the tenant is bound separately), derived from
   * the query's criteria so that no filter can be left out of it.
   *
   * <p>The fields of {@link #QUERY_1_FIELDS} are written in that order whether set or not, as the
   * first release wrote them, then the order; so a query digests to the same bytes as it did then
   * and page tokens issued by earlier releases keep verifying. A field added since is written after
   * the order, only when the query sets it, behind its name: queries that do not use it keep their
   * digest, and queries that do can never share one with a query that does not.
   */
  static byte[] filter(TaskQuery query) {
    Criterion[] byField = new Criterion[FIELD_COUNT];
    for (Criterion criterion : query.criteria()) {
      byField[criterion.field().ordinal()] = criterion;
    }
    Fingerprint f = new Fingerprint("query/1");
    for (TaskQuery.Field field : QUERY_1_FIELDS) {
      f.criterion(field, byField[field.ordinal()]);
    }
    f.text(query.order().name());
    for (Criterion criterion : query.criteria()) {
      if (!QUERY_1_FIELDS.contains(criterion.field())) {
        f.text(criterion.field().parameter()).criterion(criterion.field(), criterion);
      }
    }
    return f.digest();
  }

  /**
   * One field's condition, null when the query does not set it: a set as its size and its values, a
   * value (or null), a range as its two bounds (either null). The unset forms are what the first
   * format wrote for an empty set, a null value and an open range.
   */
  private Fingerprint criterion(TaskQuery.Field field, Criterion criterion) {
    return switch (field.kind()) {
      case ANY_OF -> values(criterion == null ? List.of() : ((Criterion.AnyOf) criterion).values());
      case EQUAL_TO ->
          text(criterion == null ? null : name(((Criterion.EqualTo) criterion).value()));
      case BETWEEN -> {
        Criterion.Between range = (Criterion.Between) criterion;
        yield instant(range == null ? null : range.from())
            .instant(range == null ? null : range.before());
      }
    };
  }

  private Fingerprint values(Collection<?> values) {
    number(values.size()); // values are a sorted set: the order is canonical
    values.forEach(value -> text(name(value)));
    return this;
  }

  /** A filter value as text: an enum constant by its name, a string as itself. */
  private static String name(Object value) {
    return value instanceof Enum<?> constant ? constant.name() : value.toString();
  }

  private Fingerprint text(String value) {
    try {
      if (value == null) {
        out.writeByte(0);
      } else {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream never throws
    }
  }

  private Fingerprint instant(Instant value) {
    return text(value == null ? null : value.toString());
  }

  private Fingerprint number(long value) {
    return text(Long.toString(value));
  }

  private Fingerprint flag(boolean value) {
    return text(value ? "1" : "0");
  }

  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private String base64() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest());
  }
}
