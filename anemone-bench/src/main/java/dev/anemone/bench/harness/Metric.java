package dev.anemone.bench.harness;

/** One figure a run reports. */
enum Metric {
    /** Messages echoed, deliveries, or cycles completed per second; the scenario names which. */
    THROUGHPUT("", true),
    P50("p50 µs", false),
    P99("p99 µs", false),
    P999("p99.9 µs", false),
    SERVER_CPU("server CPU %", false),
    /** Throughput divided by the server's CPU seconds in the same window. */
    PER_CPU_SECOND("per server-CPU-s", true),
    GENERATOR_CPU("generator CPU %", false),
    /** CPU used on the machine by everything else during the window: the noise. */
    OTHER_CPU("other CPU %", false),
    RSS_PER_CONNECTION("RSS / conn KiB", false),
    HEAP_PER_CONNECTION("heap / conn KiB", false),
    RSS_TOTAL("RSS MiB", false),
    ERRORS("errors", false);

    final String label;
    /** Whether more is better, which the ratio tables say. */
    final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }
}
