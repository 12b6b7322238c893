package dev.taskengine.core.internal;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

/**
 * SHA-256 digests of normalized requests: of a creation spec (to recognize a repeated request under
 * the same client token) and of a query's filter and order (to bind page tokens to them). Every
 * field is written with a presence flag and a length, so that two different requests never write
 * the same bytes.
 */
final class Fingerprint {
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
    return f.base64();
  }

  /** The digest of the tenant alone. */
  static byte[] tenant(String tenant) {
    return new Fingerprint("tenant/1").text(tenant).digest();
  }

  /** The digest of the normalized filter and order (the tenant is bound separately). */
  static byte[] filter(TaskQuery query) {
    Fingerprint f = new Fingerprint("query/1");
    f.texts(query.ids())
        .texts(query.resourceIds())
        .text(query.parentId())
        .texts(query.invokeIds())
        .texts(query.types())
        .number(query.statuses().size());
    query.statuses().forEach(status -> f.text(status.name()));
    f.text(query.level() == null ? null : query.level().name())
        .text(query.resourceName())
        .text(query.operator())
        .instant(query.createdFrom())
        .instant(query.createdBefore())
        .text(query.order().name());
    return f.digest();
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

  private Fingerprint texts(Collection<String> values) {
    number(values.size()); // values are a sorted set: the order is canonical
    values.forEach(this::text);
    return this;
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
