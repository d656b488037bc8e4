package dev.anemone.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the results as markdown: per section a table of medians with min–max over the rounds,
 * then ratio tables (row ÷ column) of the figures compared, then notes.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(String header, Results results, Options options, EchoGenerator echoGenerator) {
        StringBuilder out = new StringBuilder(header);
        for (Results.Section section : results.sections()) {
            section(out, section, results.of(section), options, echoGenerator);
        }
        return out.toString();
    }

    private static void section(StringBuilder out, Results.Section section, Map<String, List<Measurement>> byPeer,
                                Options options, EchoGenerator echoGenerator) {
        Scenario scenario = section.scenario();
        out.append("\n## ").append(scenario.number).append(" · ").append(title(scenario, options))
                .append(" · ").append(section.variant().title)
                .append(section.depth() > 0 ? " · " + section.depth() + " in flight per connection" : "").append("\n\n");
        out.append("Generator: ").append(echoGenerator.name(scenario, section.variant())).append("\n\n");
        List<Metric> columns = scenario.columns();
        out.append("| peer |");
        for (Metric metric : columns) {
            out.append(' ').append(label(scenario, metric)).append(" |");
        }
        out.append("\n|---|");
        out.append("---:|".repeat(columns.size())).append('\n');
        for (Map.Entry<String, List<Measurement>> entry : byPeer.entrySet()) {
            out.append("| ").append(entry.getKey()).append(" |");
            for (Metric metric : columns) {
                out.append(' ').append(cell(metric, values(entry.getValue(), metric))).append(" |");
            }
            out.append('\n');
        }
        if (byPeer.size() > 1) {
            for (Metric metric : scenario.compared()) {
                ratios(out, scenario, metric, byPeer);
            }
        }
        List<String> notes = new ArrayList<>();
        byPeer.forEach((peer, list) -> {
            for (int round = 0; round < list.size(); round++) {
                String note = list.get(round).note();
                if (note != null) {
                    notes.add("- " + peer + ", round " + (round + 1) + ": " + note);
                }
            }
        });
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(note -> out.append(note).append('\n'));
        }
    }

    private static String title(Scenario scenario, Options options) {
        return switch (scenario) {
            case IDLE -> "idle memory at " + String.format(Locale.ROOT, "%,d", options.idleConnections) + " connections";
            case LATENCY -> "latency at a fixed " + String.format(Locale.ROOT, "%,.0f", options.rate)
                    + " msg/s, 100 connections × 16 B text";
            default -> scenario.title;
        };
    }

    private static String label(Scenario scenario, Metric metric) {
        if (metric == Metric.THROUGHPUT) {
            return scenario.kind == Scenario.Kind.PACED ? "achieved msg/s" : scenario.throughputLabel;
        }
        if (metric == Metric.PER_CPU_SECOND) {
            return scenario.throughputLabel.replace("/s", "") + " per server-CPU-s";
        }
        return metric.label;
    }

    private static void ratios(StringBuilder out, Scenario scenario, Metric metric, Map<String, List<Measurement>> byPeer) {
        out.append("\nRatios of ").append(label(scenario, metric)).append(", row ÷ column (")
                .append(metric.higherIsBetter ? "higher" : "lower").append(" is better):\n\n| |");
        byPeer.keySet().forEach(peer -> out.append(' ').append(peer).append(" |"));
        out.append("\n|---|").append("---:|".repeat(byPeer.size())).append('\n');
        for (Map.Entry<String, List<Measurement>> row : byPeer.entrySet()) {
            double mine = Stats.of(values(row.getValue(), metric)).median();
            out.append("| ").append(row.getKey()).append(" |");
            for (List<Measurement> column : byPeer.values()) {
                double theirs = Stats.of(values(column, metric)).median();
                double ratio = mine / theirs;
                out.append(' ').append(Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "–").append(" |");
            }
            out.append('\n');
        }
    }

    private static List<Double> values(List<Measurement> measurements, Metric metric) {
        return measurements.stream().map(m -> m.get(metric)).toList();
    }

    private static String cell(Metric metric, List<Double> values) {
        Stats stats = Stats.of(values);
        if (stats.count() == 0) {
            return "–";
        }
        if (metric == Metric.ERRORS) {
            return number(metric, Stats.sum(values));
        }
        String median = number(metric, stats.median());
        return stats.count() == 1 ? median : median + " (" + number(metric, stats.min()) + "–" + number(metric, stats.max()) + ")";
    }

    private static String number(Metric metric, double value) {
        return switch (metric) {
            case THROUGHPUT, PER_CPU_SECOND, P50, P99, P999 ->
                    String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.1f", value);
            case SERVER_CPU, GENERATOR_CPU, OTHER_CPU, RSS_TOTAL, ERRORS -> String.format(Locale.ROOT, "%,.0f", value);
            case RSS_PER_CONNECTION, HEAP_PER_CONNECTION ->
                    String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
        };
    }
}
