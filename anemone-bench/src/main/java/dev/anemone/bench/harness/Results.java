package dev.anemone.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every measurement of a run, by section (scenario, variant, depth), then by peer, in round order. */
final class Results {

    /**
     * One table of the report.
     *
     * @param depth messages in flight per connection, or 0 where the scenario has no such figure
     */
    record Section(Scenario scenario, Variant variant, int depth) {
    }

    private final Map<Section, Map<String, List<Measurement>>> measurements = new LinkedHashMap<>();

    void add(Section section, String peer, Measurement measurement) {
        measurements.computeIfAbsent(section, s -> new LinkedHashMap<>())
                .computeIfAbsent(peer, p -> new ArrayList<>())
                .add(measurement);
    }

    List<Section> sections() {
        return new ArrayList<>(measurements.keySet());
    }

    /** The peers measured in {@code section}, in the order of the first round. */
    Map<String, List<Measurement>> of(Section section) {
        return measurements.getOrDefault(section, Map.of());
    }
}
