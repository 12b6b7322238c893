package dev.taskengine.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One line of the JMH results, in microseconds per operation: what the report checks, tabulates and
 * charts.
 *
 * <p>A paired benchmark ({@link Sides}) gives two figures, one per side, named with the suffixes
 * {@link #MEASURED} and {@link #BASELINE}; a side has a mean but no error or percentiles.
 */
record Figure(Figure.Key key, int threads, double mean, double error, double p50, double p99) {

  /** Suffixes of the two sides of a paired benchmark ({@link Sides}) in figure names. */
  static final String MEASURED = ":measured";

  static final String BASELINE = ":baseline";

  /** The stores, in the order of the report's tables and the chart's legend. */
  static final List<String> STORES = List.of("memory", "sqlite", "postgresql");

  /** One benchmark method with the exact parameters JMH ran it with. */
  record Key(String benchmark, Map<String, String> params) {
    Key {
      params = Map.copyOf(params);
    }

    static Key of(String benchmark, String store) {
      return new Key(benchmark, Map.of("store", store));
    }

    /** One side of {@link PairedReadBenchmark}'s {@code pair} on {@code store}. */
    static Key pairedRead(String pair, String store, String side) {
      return new Key(
          PairedReadBenchmark.class.getSimpleName() + ".interleaved" + side,
          Map.of("store", store, "pair", pair));
    }

    /** One side of {@link PairedWriteBenchmark}'s {@code method} on {@code store}. */
    static Key pairedWrite(String method, String store, String side) {
      return paired(PairedWriteBenchmark.class, method, store, side);
    }

    /** One side of a paired benchmark's {@code method} on {@code store}, without other params. */
    static Key paired(Class<?> benchmark, String method, String store, String side) {
      return of(benchmark.getSimpleName() + "." + method + side, store);
    }

    static Key deep(String benchmark, String store) {
      return new Key(
          benchmark, Map.of("store", store, "depth", Long.toString(DepthBenchmark.DEEP)));
    }

    String store() {
      return params.getOrDefault("store", Numbers.NONE);
    }

    Optional<Long> depth() {
      String depth = params.get("depth");
      if (depth == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(Long.parseLong(depth));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The benchmark and every parameter but the store, which has a column of its own. */
    String label() {
      String others =
          new TreeMap<>(params)
              .entrySet().stream()
                  .filter(entry -> !entry.getKey().equals("store"))
                  .map(entry -> entry.getKey() + "=" + entry.getValue())
                  .collect(Collectors.joining(", "));
      return others.isEmpty() ? benchmark : benchmark + " (" + others + ")";
    }
  }
}
