package dev.taskengine.core.internal;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.Criterion;
import dev.taskengine.api.HolderReport;
import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.Lease;
import dev.taskengine.api.Limits;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Checks every request against the configured {@link Limits} before anything reaches the store.
 * Each failure names the field and the limit. Stateless apart from the limits; thread-safe.
 */
final class RequestChecks {
  /**
   * How far ahead a deadline or run-time limit may reach: ten years. Every store represents such
   * instants exactly, and a task that must not fail before then needs no deadline.
   */
  static final Duration MAX_HORIZON = Duration.ofDays(3650);

  private final Limits limits;

  RequestChecks(Limits limits) {
    this.limits = limits;
  }

  /** A required short string: not blank, at most {@code maxShortStringLength} characters. */
  String required(String value, String field) {
    InvalidRequestException.requireNonBlank(value, field);
    return optional(value, field);
  }

  /** An optional short string: null, or at most {@code maxShortStringLength} characters. */
  String optional(String value, String field) {
    if (value != null && value.length() > limits.maxShortStringLength()) {
      throw new InvalidRequestException(
          field,
          "is " + value.length() + " characters, the limit is " + limits.maxShortStringLength());
    }
    return value;
  }

  /** An optional payload: null, or at most {@code maxPayloadBytes} bytes in UTF-8. */
  String payload(String value, String field) {
    if (value != null) {
      long bytes = utf8Length(value);
      if (bytes > limits.maxPayloadBytes()) {
        throw new InvalidRequestException(
            field,
            "is " + bytes + " bytes in UTF-8, the limit is " + limits.maxPayloadBytes() + " bytes");
      }
    }
    return value;
  }

  void taskSpec(TaskSpec spec) {
    InvalidRequestException.requireNonNull(spec, "spec");
    required(spec.tenant(), "tenant");
    required(spec.type(), "type");
    optional(spec.invokeId(), "invokeId");
    optional(spec.resourceId(), "resourceId");
    optional(spec.resourceName(), "resourceName");
    optional(spec.operator(), "operator");
    payload(spec.param(), "param");
    clientToken(spec.clientToken());
  }

  void batchSpec(BatchSpec spec) {
    InvalidRequestException.requireNonNull(spec, "spec");
    required(spec.tenant(), "tenant");
    required(spec.type(), "type");
    optional(spec.invokeId(), "invokeId");
    optional(spec.operator(), "operator");
    payload(spec.param(), "param");
    clientToken(spec.clientToken());
    children(spec.children(), 0);
  }

  /**
   * A spec's deadline and run-time limit: a deadline after {@code now} and within {@link
   * #MAX_HORIZON}, a run-time limit positive and within it. (A retry policy checks itself.)
   */
  void work(Instant deadline, Duration maxRunTime, Instant now) {
    if (deadline != null) {
      if (!deadline.isAfter(now)) {
        throw new InvalidRequestException(
            "deadline", "must be in the future, was " + deadline + " at " + now);
      }
      if (deadline.isAfter(now.plus(MAX_HORIZON))) {
        throw new InvalidRequestException(
            "deadline", "must be within " + MAX_HORIZON.toDays() + " days, was " + deadline);
      }
    }
    if (maxRunTime != null) {
      duration(maxRunTime, MAX_HORIZON, "maxRunTime");
    }
  }

  /** A claim: owner and tenant short strings, lease and size within limits, filters bounded. */
  void claim(ClaimRequest request) {
    InvalidRequestException.requireNonNull(request, "claim");
    required(request.owner(), "claim.owner");
    optional(request.tenant(), "claim.tenant");
    duration(request.lease(), limits.maxLease(), "claim.lease");
    if (request.limit() < 1 || request.limit() > limits.maxClaimSize()) {
      throw new InvalidRequestException(
          "claim.limit",
          "must be between 1 and " + limits.maxClaimSize() + ", was " + request.limit());
    }
    values(request.types(), "claim.types");
    values(request.resourceIds(), "claim.resourceIds");
  }

  /** A lease named by a worker: its fields are short strings. */
  void lease(Lease lease) {
    InvalidRequestException.requireNonNull(lease, "lease");
    required(lease.tenant(), "lease.tenant");
    required(lease.taskId(), "lease.taskId");
    required(lease.owner(), "lease.owner");
  }

  /**
   * A lease holder's finishing report: its texts within the limits, then its lease; the record
   * itself checked the rest. The single calls and each report of a bulk call check the same.
   */
  void report(HolderReport report) {
    InvalidRequestException.requireNonNull(report, "report");
    payload(report.result(), "result");
    optional(report.errorCode(), "errorCode");
    payload(report.errorMessage(), "errorMessage");
    lease(report.lease());
  }

  /** The reports of one bulk call: between 1 and {@code maxReportSize}. */
  void reports(List<HolderReport> reports) {
    InvalidRequestException.requireNonNull(reports, "reports");
    if (reports.isEmpty() || reports.size() > limits.maxReportSize()) {
      throw new InvalidRequestException(
          "reports",
          "must hold between 1 and " + limits.maxReportSize() + " reports, held " + reports.size());
    }
  }

  /** A heartbeat's lease extension: positive, at most {@code maxLease}. */
  void extension(Duration extension) {
    duration(extension, limits.maxLease(), "extension");
  }

  /** A sweep's size: between 1 and {@code maxSweepSize}. */
  void sweepLimit(int limit) {
    if (limit < 1 || limit > limits.maxSweepSize()) {
      throw new InvalidRequestException(
          "limit", "must be between 1 and " + limits.maxSweepSize() + ", was " + limit);
    }
  }

  private static void duration(Duration value, Duration max, String field) {
    InvalidRequestException.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
    if (value.compareTo(max) > 0) {
      throw new InvalidRequestException(field, "must be at most " + max + ", was " + value);
    }
  }

  private void values(Collection<String> values, String field) {
    if (values.size() > limits.maxFilterValues()) {
      throw new InvalidRequestException(
          field, "has " + values.size() + " values, the limit is " + limits.maxFilterValues());
    }
    for (String value : values) {
      optional(value, field + "[]");
    }
  }

  /** The children of one request; {@code existing} is how many the batch already has. */
  void children(List<ChildSpec> children, int existing) {
    InvalidRequestException.requireNonNull(children, "children");
    if (children.isEmpty()) {
      throw new InvalidRequestException("children", "at least one child is required");
    }
    long after = (long) existing + children.size();
    if (after > limits.maxChildrenPerBatch()) {
      throw new InvalidRequestException(
          "children",
          "the batch would have "
              + after
              + " children, the limit is "
              + limits.maxChildrenPerBatch());
    }
    for (int i = 0; i < children.size(); i++) {
      ChildSpec child = InvalidRequestException.requireNonNull(children.get(i), child(i, ""));
      required(child.resourceId(), child(i, ".resourceId"));
      optional(child.resourceName(), child(i, ".resourceName"));
      payload(child.param(), child(i, ".param"));
    }
  }

  private static String child(int index, String field) {
    return "children[" + index + "]" + field;
  }

  private void clientToken(String clientToken) {
    if (clientToken != null) {
      required(clientToken, "clientToken");
    }
  }

  /**
   * A query's filters: at most {@code maxFilterValues} values in a list filter, every text value a
   * short string; errors name the filter as {@code query.<parameter>}, for example {@code
   * query.resourceIds}. Instants and enum values have nothing to check here.
   */
  void query(TaskQuery query) {
    InvalidRequestException.requireNonNull(query, "query");
    required(query.tenant(), "tenant");
    for (Criterion criterion : query.criteria()) {
      Collection<?> values =
          switch (criterion.field().kind()) {
            case ANY_OF -> {
              Collection<?> set = ((Criterion.AnyOf) criterion).values();
              if (set.size() > limits.maxFilterValues()) {
                throw new InvalidRequestException(
                    field(criterion),
                    "has " + set.size() + " values, the limit is " + limits.maxFilterValues());
              }
              yield set;
            }
            case EQUAL_TO -> List.of(((Criterion.EqualTo) criterion).value());
            case BETWEEN -> List.of(); // instants; TaskQuery already rejects a reversed range
          };
      for (Object value : values) {
        // The field's name is only built for the error: this runs for every value of a query.
        if (value instanceof String text && text.length() > limits.maxShortStringLength()) {
          optional(text, field(criterion));
        }
      }
    }
  }

  private static String field(Criterion criterion) {
    return "query." + criterion.field().parameter();
  }

  int pageSize(Integer requested) {
    int size = requested == null ? limits.defaultPageSize() : requested;
    if (size < 1 || size > limits.maxPageSize()) {
      throw new InvalidRequestException(
          "pageSize", "must be between 1 and " + limits.maxPageSize() + ", was " + size);
    }
    return size;
  }

  void offsetWindow(int offset, int limit) {
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must not be negative, was " + offset);
    }
    if (limit < 1 || limit > limits.maxPageSize()) {
      throw new InvalidRequestException(
          "limit", "must be between 1 and " + limits.maxPageSize() + ", was " + limit);
    }
    if ((long) offset + limit > limits.maxOffsetWindow()) {
      throw new InvalidRequestException(
          "offset",
          "offset + limit is "
              + ((long) offset + limit)
              + ", the limit is "
              + limits.maxOffsetWindow()
              + "; use page tokens to read further");
    }
  }

  /**
   * The UTF-8 length without encoding the string. An unpaired surrogate counts 3 bytes, never fewer
   * than an encoder would write for it.
   */
  static long utf8Length(String value) {
    long bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
