package dev.taskengine.api;

import java.time.Duration;

/**
 * The engine's configurable limits. Every request past a limit is refused with an {@link
 * InvalidRequestException} naming the field and the limit; nothing is clamped silently. Immutable;
 * start from {@link #defaults()} and change what you need with {@link #toBuilder()}.
 *
 * @param defaultPageSize page size when a request gives none (10)
 * @param maxPageSize largest page size (100)
 * @param maxFilterValues most values in one list filter, for example 100 task ids (100)
 * @param maxChildrenPerBatch most children a batch may ever have (10,000)
 * @param maxPayloadBytes largest {@code param}, {@code result} and {@code errorMessage}, in UTF-8
 *     bytes (65,536)
 * @param maxShortStringLength longest id, type, tenant, resource id and name, invoke id, operator,
 *     error code and client token, in characters (256)
 * @param maxOffsetWindow largest {@code offset + limit} of an offset page (10,000, as
 *     Elasticsearch's max_result_window)
 * @param countCap where {@code count} stops counting and reports {@code capped} (10,000)
 * @param pageTokenTtl how long a page token stays valid after it was issued (24 hours)
 * @param maxClaimSize most tasks one claim may ask for (1,000)
 * @param maxLease longest lease a claim or heartbeat may ask for (24 hours)
 * @param maxSweepSize most tasks one {@code sweepExpired} call may change (10,000)
 * @param maxReportSize most holder reports one {@code report} call may carry (1,000)
 */
public record Limits(
    int defaultPageSize,
    int maxPageSize,
    int maxFilterValues,
    int maxChildrenPerBatch,
    int maxPayloadBytes,
    int maxShortStringLength,
    int maxOffsetWindow,
    long countCap,
    Duration pageTokenTtl,
    int maxClaimSize,
    Duration maxLease,
    int maxSweepSize,
    int maxReportSize) {

  private static final Limits DEFAULTS =
      new Limits(
          10,
          100,
          100,
          10_000,
          64 * 1024,
          256,
          10_000,
          10_000,
          Duration.ofHours(24),
          1_000,
          Duration.ofHours(24),
          10_000,
          1_000);

  public Limits {
    positive(maxPageSize, "limits.maxPageSize");
    positive(defaultPageSize, "limits.defaultPageSize");
    if (defaultPageSize > maxPageSize) {
      throw new InvalidRequestException(
          "limits.defaultPageSize", "must not exceed maxPageSize (" + maxPageSize + ")");
    }
    positive(maxFilterValues, "limits.maxFilterValues");
    positive(maxChildrenPerBatch, "limits.maxChildrenPerBatch");
    positive(maxPayloadBytes, "limits.maxPayloadBytes");
    positive(maxShortStringLength, "limits.maxShortStringLength");
    positive(maxOffsetWindow, "limits.maxOffsetWindow");
    positive(countCap, "limits.countCap");
    positiveDuration(pageTokenTtl, "limits.pageTokenTtl");
    positive(maxClaimSize, "limits.maxClaimSize");
    positiveDuration(maxLease, "limits.maxLease");
    positive(maxSweepSize, "limits.maxSweepSize");
    positive(maxReportSize, "limits.maxReportSize");
  }

  private static void positiveDuration(Duration value, String field) {
    InvalidRequestException.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
  }

  private static void positive(long value, String field) {
    if (value <= 0) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
  }

  /** The defaults listed on this class. */
  public static Limits defaults() {
    return DEFAULTS;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder; checks everything at {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int defaultPageSize;
    private int maxPageSize;
    private int maxFilterValues;
    private int maxChildrenPerBatch;
    private int maxPayloadBytes;
    private int maxShortStringLength;
    private int maxOffsetWindow;
    private long countCap;
    private Duration pageTokenTtl;
    private int maxClaimSize;
    private Duration maxLease;
    private int maxSweepSize;
    private int maxReportSize;

    private Builder(Limits from) {
      defaultPageSize = from.defaultPageSize;
      maxPageSize = from.maxPageSize;
      maxFilterValues = from.maxFilterValues;
      maxChildrenPerBatch = from.maxChildrenPerBatch;
      maxPayloadBytes = from.maxPayloadBytes;
      maxShortStringLength = from.maxShortStringLength;
      maxOffsetWindow = from.maxOffsetWindow;
      countCap = from.countCap;
      pageTokenTtl = from.pageTokenTtl;
      maxClaimSize = from.maxClaimSize;
      maxLease = from.maxLease;
      maxSweepSize = from.maxSweepSize;
      maxReportSize = from.maxReportSize;
    }

    public Builder defaultPageSize(int value) {
      defaultPageSize = value;
      return this;
    }

    public Builder maxPageSize(int value) {
      maxPageSize = value;
      return this;
    }

    public Builder maxFilterValues(int value) {
      maxFilterValues = value;
      return this;
    }

    public Builder maxChildrenPerBatch(int value) {
      maxChildrenPerBatch = value;
      return this;
    }

    public Builder maxPayloadBytes(int value) {
      maxPayloadBytes = value;
      return this;
    }

    public Builder maxShortStringLength(int value) {
      maxShortStringLength = value;
      return this;
    }

    public Builder maxOffsetWindow(int value) {
      maxOffsetWindow = value;
      return this;
    }

    public Builder countCap(long value) {
      countCap = value;
      return this;
    }

    public Builder pageTokenTtl(Duration value) {
      pageTokenTtl = value;
      return this;
    }

    public Builder maxClaimSize(int value) {
      maxClaimSize = value;
      return this;
    }

    public Builder maxLease(Duration value) {
      maxLease = value;
      return this;
    }

    public Builder maxSweepSize(int value) {
      maxSweepSize = value;
      return this;
    }

    public Builder maxReportSize(int value) {
      maxReportSize = value;
      return this;
    }

    public Limits build() {
      return new Limits(
          defaultPageSize,
          maxPageSize,
          maxFilterValues,
          maxChildrenPerBatch,
          maxPayloadBytes,
          maxShortStringLength,
          maxOffsetWindow,
          countCap,
          pageTokenTtl,
          maxClaimSize,
          maxLease,
          maxSweepSize,
          maxReportSize);
    }
  }
}
