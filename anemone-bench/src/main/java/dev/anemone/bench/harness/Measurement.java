package dev.anemone.bench.harness;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one run of one scenario against one peer gave: its figures, and a note when something
 * is off (the run failed, or the peer did not agree to compress).
 */
record Measurement(Map<Metric, Double> values, String note) {

    static Measurement failed(String why) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        values.put(Metric.ERRORS, 1.0);
        return new Measurement(values, why);
    }

    double get(Metric metric) {
        return values.getOrDefault(metric, Double.NaN);
    }
}
