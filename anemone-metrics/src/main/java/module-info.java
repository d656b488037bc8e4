/**
 * A Micrometer binding of an Anemone server's metrics: {@link dev.anemone.metrics.AnemoneMetrics}
 * is the one type, a {@code MeterBinder}. Micrometer and Anemone's API come along transitively,
 * since the binder is used with both.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.anemone.metrics {
    requires transitive dev.anemone;
    requires transitive micrometer.core;

    exports dev.anemone.metrics;
}
