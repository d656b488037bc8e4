package dev.anemone.bench.harness;

import java.util.List;

/** The scenarios of the side-by-side benchmark, by the numbers the command line uses. */
enum Scenario {
    ECHO_100(1, "100 connections × 16 B text echo", Kind.ECHO, "msg/s"),
    ECHO_1000(2, "1000 connections × 16 B text echo", Kind.ECHO, "msg/s"),
    BINARY_100(3, "100 connections × 4 KiB binary echo", Kind.ECHO, "msg/s"),
    BROADCAST(4, "broadcast: 1 publisher, 1000 subscribers, 16 B text", Kind.BROADCAST, "deliveries/s"),
    STORM(5, "connection storm: connect, upgrade, close", Kind.STORM, "cycles/s"),
    IDLE(6, "idle memory", Kind.IDLE, ""),
    LATENCY(7, "latency at a fixed rate, 100 connections × 16 B text", Kind.PACED, "msg/s"),
    /**
     * Pub/sub: every connection subscribes to one topic, and each message the publisher sends is
     * published to it with the server's own topics (Anemone's and uWebSockets' publish, Netty's
     * ChannelGroup), at {@code /topic}. Only peers that serve topics run it.
     */
    TOPIC(8, "topic publish: 1 publisher, 1000 subscribers, 16 B text", Kind.BROADCAST, "deliveries/s"),
    /** Scenario 1 over TLS 1.3: what encryption costs beside the plain figure. */
    TLS_ECHO_100(9, "TLS 1.3: 100 connections × 16 B text echo", Kind.ECHO, "msg/s"),
    /** Scenario 3 over TLS 1.3. */
    TLS_BINARY_100(10, "TLS 1.3: 100 connections × 4 KiB binary echo", Kind.ECHO, "msg/s"),
    /**
     * Scenario 5 over TLS 1.3 with no session resumption: each cycle is a full handshake (EC P-256
     * certificate) before the upgrade and the close.
     */
    TLS_HANDSHAKES(11, "TLS 1.3 full handshakes: connect, handshake, upgrade, close", Kind.STORM, "handshakes/s");

    enum Kind { ECHO, BROADCAST, STORM, IDLE, PACED }

    final int number;
    final String title;
    final Kind kind;
    /** What {@link Metric#THROUGHPUT} counts here. */
    final String throughputLabel;

    Scenario(int number, String title, Kind kind, String throughputLabel) {
        this.number = number;
        this.title = title;
        this.kind = kind;
        this.throughputLabel = throughputLabel;
    }

    /** Whether it runs over TLS; only the peers that serve TLS run it. */
    boolean tls() {
        return this == TLS_ECHO_100 || this == TLS_BINARY_100 || this == TLS_HANDSHAKES;
    }

    static Scenario numbered(int number) {
        for (Scenario scenario : values()) {
            if (scenario.number == number) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("no scenario " + number + " (1 to " + values().length + ")");
    }

    /** The path the load generator connects to. */
    String path() {
        return switch (this) {
            case BROADCAST -> "/broadcast";
            case TOPIC -> "/topic";
            default -> "/echo";
        };
    }

    /** The columns its table shows, in order. */
    List<Metric> columns() {
        return switch (kind) {
            case ECHO -> List.of(Metric.THROUGHPUT, Metric.P50, Metric.P99, Metric.P999, Metric.SERVER_CPU,
                    Metric.PER_CPU_SECOND, Metric.GENERATOR_CPU, Metric.OTHER_CPU, Metric.ERRORS);
            case BROADCAST, STORM -> List.of(Metric.THROUGHPUT, Metric.SERVER_CPU, Metric.PER_CPU_SECOND,
                    Metric.GENERATOR_CPU, Metric.OTHER_CPU, Metric.ERRORS);
            case IDLE -> List.of(Metric.RSS_PER_CONNECTION, Metric.HEAP_PER_CONNECTION, Metric.RSS_TOTAL,
                    Metric.ERRORS);
            case PACED -> List.of(Metric.P50, Metric.P99, Metric.P999, Metric.THROUGHPUT, Metric.SERVER_CPU,
                    Metric.PER_CPU_SECOND, Metric.OTHER_CPU, Metric.ERRORS);
        };
    }

    /** The figures compared peer against peer in ratio tables. */
    List<Metric> compared() {
        return switch (kind) {
            case ECHO, BROADCAST, STORM -> List.of(Metric.THROUGHPUT, Metric.PER_CPU_SECOND);
            case IDLE -> List.of(Metric.RSS_PER_CONNECTION, Metric.HEAP_PER_CONNECTION);
            case PACED -> List.of(Metric.P99, Metric.PER_CPU_SECOND);
        };
    }
}
