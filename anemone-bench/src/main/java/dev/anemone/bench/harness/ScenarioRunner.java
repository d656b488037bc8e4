package dev.anemone.bench.harness;

import dev.anemone.bench.load.LoadGenerator;
import dev.anemone.bench.load.LoadShape;
import dev.anemone.bench.load.Message;
import dev.anemone.bench.load.NativeEchoGenerator;
import dev.anemone.bench.load.Snapshot;
import dev.anemone.bench.load.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario once against one peer: starts the peer pinned to its core, drives the load
 * generator (in echo scenarios the C one when {@link EchoGenerator} says so) through connect,
 * warm-up and the measured window, reads the server's CPU time (or memory) around that window,
 * and kills the peer.
 */
final class ScenarioRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(90);
    private static final int BROADCAST_SUBSCRIBERS = 1000;
    private static final int BROADCAST_WINDOW = 16;
    private static final int PRIMING_CONNECTIONS = 100;
    /**
     * How long scenario 6 lets a peer settle before each reading of its memory, and again between
     * its live-heap reading and its resident one. The JIT's compiler threads keep the arena chunks
     * they freed in a pool that a cleaner empties every 5 s, and
     * {@code -XX:TrimNativeHeapInterval=1000} hands them to the system a second later; read sooner,
     * a JVM peer's resident memory counted a compilation's 10 MiB in some rounds and not in others
     * (1.0–1.4 against 2.1–2.5 KiB per connection at 2 s; 1.13–1.66 at 7 s). The live-heap reading
     * (three full collections) leaves memory of its own behind for a while: read right after it, the
     * epoll peer's resident memory was 63.2–69.5 MiB over five rounds, the difference in one of the
     * C library's arenas (4–12 MiB of it resident), and 61.7–62.6 MiB 7 s later.
     */
    private static final long IDLE_SETTLE_MILLIS = 7000;

    private final Options options;
    private final Environment env;
    private final Path logDir;
    private final EchoGenerator echoGenerator;
    /** What each peer's READY line said (transport, loops, versions), for the report. */
    final Map<String, String> peerDetails = new ConcurrentHashMap<>();

    ScenarioRunner(Options options, Environment env, Path logDir, EchoGenerator echoGenerator) {
        this.options = options;
        this.env = env;
        this.logDir = logDir;
        this.echoGenerator = echoGenerator;
    }

    /**
     * The certificate of the TLS scenarios, made on first use; null until then.
     */
    private BenchCertificate certificate;

    /** @param depth messages in flight per connection in an echo scenario (ignored elsewhere) */
    Measurement run(Scenario scenario, Variant variant, int depth, Peer peer) throws InterruptedException {
        int port;
        try {
            port = freePort();
        } catch (IOException e) {
            return Measurement.failed("no free port: " + e.getMessage());
        }
        try {
            if (scenario.tls()) {
                certificate();
            }
        } catch (IOException e) {
            return Measurement.failed("no certificate for TLS: " + e.getMessage());
        }
        try (PeerProcess process = startPeer(scenario, variant, peer, port)) {
            if (echoGenerator.isNative(scenario, variant)) {
                return nativeEcho(scenario, port, process, depth);
            }
            Target target = new Target("127.0.0.1", port, scenario.path(), variant.offer,
                    scenario.tls() ? certificate.clientContext() : null);
            return scenario == Scenario.IDLE ? idle(target, process, variant) : loaded(scenario, target, process, variant, depth);
        } catch (IOException e) {
            return Measurement.failed(peer.name() + ": " + e.getMessage());
        }
    }

    /** Whether {@code scenario} in {@code variant} is driven by the C generator. */
    boolean runsNativeEcho(Scenario scenario, Variant variant) {
        return echoGenerator.isNative(scenario, variant);
    }

    /**
     * Starts {@code peer} for {@code scenario} on {@code port}, pinned to the server's core, and
     * waits for it to say it is ready; a TLS scenario's peer gets {@link #certificate()}.
     */
    PeerProcess startPeer(Scenario scenario, Variant variant, Peer peer, int port) throws IOException, InterruptedException {
        PeerProcess process = PeerProcess.start(peer.command(port, variant, env, env.serverCpu(),
                scenario == Scenario.IDLE ? env.idleJvmOptions() : List.of(), scenario.tls() ? certificate() : null), port,
                peer.speaksHarness(), logDir.resolve(peer.name() + ".log"), READY_TIMEOUT);
        peerDetails.putIfAbsent(peer.name(), process.readyDetail());
        return process;
    }

    /** The certificate of the TLS scenarios, made on first use. */
    BenchCertificate certificate() throws IOException, InterruptedException {
        if (certificate == null) {
            certificate = BenchCertificate.create(logDir.getParent());
        }
        return certificate;
    }

    /**
     * Starts the C generator of an echo scenario against {@code port}, pinned to the generator's
     * core, and waits until every connection is open; the load starts with {@code go()}.
     */
    NativeEchoGenerator startGenerator(Scenario scenario, int port, int depth) throws IOException, InterruptedException {
        NativeEchoGenerator generator = NativeEchoGenerator.start(echoGenerator.binary(), env.generatorCpu(), port,
                scenario.path(), scenario.tls(), connections(scenario), echoMessage(scenario), depth,
                logDir.resolve("anemone-load.log"));
        try {
            generator.awaitOpened(OPEN_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            generator.close();
            throw e;
        }
        return generator;
    }

    /** Connections the generator opens before it starts the load (0: the scenario opens its own). */
    private static int connections(Scenario scenario) {
        return switch (scenario) {
            case ECHO_100, BINARY_100, LATENCY, TLS_ECHO_100, TLS_BINARY_100 -> 100;
            case ECHO_1000 -> 1000;
            case BROADCAST, TOPIC -> 1 + BROADCAST_SUBSCRIBERS;
            default -> 0;
        };
    }

    /** What an echo scenario's connections send. */
    private static Message echoMessage(Scenario scenario) {
        return switch (scenario) {
            case BINARY_100, TLS_BINARY_100 -> Message.binary(4096);
            default -> Message.text(16);
        };
    }

    /**
     * An echo scenario driven by the C generator, a child process pinned to the generator's core:
     * the same phases and figures as {@link #loaded}, its CPU share the child's own.
     */
    private Measurement nativeEcho(Scenario scenario, int port, PeerProcess process, int depth)
            throws IOException, InterruptedException {
        try (NativeEchoGenerator generator = startGenerator(scenario, port, depth)) {
            generator.go();
            Thread.sleep(options.warmup(scenario).toMillis());
            NativeEchoGenerator.Snap start = generator.snapshot();
            CpuWindow cpu = CpuWindow.start(process.pid(), generator.pid());
            Thread.sleep(options.duration.toMillis());
            NativeEchoGenerator.Snap end = generator.snapshot();
            cpu.end();
            return echoWindow(cpu, start, end);
        }
    }

    /** The figures of a window of C-generated echoes, between two of its snapshots. */
    Measurement echoWindow(CpuWindow cpu, NativeEchoGenerator.Snap start, NativeEchoGenerator.Snap end) {
        Map<Metric, Double> values = cpu.figures(end.messages() - start.messages(),
                (end.nanoTime() - start.nanoTime()) / 1e9);
        values.put(Metric.ERRORS, (double) end.errors());
        if (!Double.isNaN(end.p50Micros())) {
            values.put(Metric.P50, end.p50Micros());
            values.put(Metric.P99, end.p99Micros());
            values.put(Metric.P999, end.p999Micros());
        }
        return new Measurement(values, end.errors() > 0
                ? end.errors() + " errors (see " + logDir.resolve("anemone-load.log") + ")" : null);
    }

    private Measurement loaded(Scenario scenario, Target target, PeerProcess process, Variant variant, int depth)
            throws InterruptedException {
        int connections = connections(scenario);
        LoadShape shape = switch (scenario) {
            case ECHO_100, ECHO_1000, TLS_ECHO_100, BINARY_100, TLS_BINARY_100 ->
                    new LoadShape.Echo(echoMessage(scenario), depth);
            case BROADCAST, TOPIC -> new LoadShape.Broadcast(Message.text(16), BROADCAST_SUBSCRIBERS, BROADCAST_WINDOW);
            case STORM, TLS_HANDSHAKES -> new LoadShape.Storm(options.stormConcurrency, options.stormMax);
            case LATENCY -> new LoadShape.Paced(Message.text(16), options.rate);
            default -> throw new IllegalArgumentException(scenario.name());
        };
        try (LoadGenerator generator = new LoadGenerator(target, shape, options.loops)) {
            if (connections > 0) {
                generator.connect(connections);
                if (!generator.awaitOpened(connections, OPEN_TIMEOUT)) {
                    Snapshot now = generator.snapshot();
                    return Measurement.failed(now.opened() + " of " + connections + " connections opened; "
                            + now.firstError());
                }
            }
            generator.begin();
            Thread.sleep(options.warmup(scenario).toMillis());
            Snapshot start = generator.snapshot();
            CpuWindow cpu = CpuWindow.start(process.pid(), ProcessHandle.current().pid());
            long deadline = start.nanoTime() + options.duration.toNanos();
            while (System.nanoTime() < deadline && !generator.exhausted()) {
                Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
            }
            Snapshot end = generator.snapshot();
            cpu.end();
            Map<Metric, Double> values = cpu.figures(end.messages() - start.messages(),
                    (end.nanoTime() - start.nanoTime()) / 1e9);
            values.put(Metric.ERRORS, (double) end.errors());
            Histogram latency = end.latency();
            if (latency.getTotalCount() > 0) {
                values.put(Metric.P50, latency.getValueAtPercentile(50) / 1e3);
                values.put(Metric.P99, latency.getValueAtPercentile(99) / 1e3);
                values.put(Metric.P999, latency.getValueAtPercentile(99.9) / 1e3);
            }
            return new Measurement(values, note(variant, end, connections));
        }
    }

    private Measurement idle(Target target, PeerProcess process, Variant variant) throws InterruptedException {
        LoadShape shape = new LoadShape.Idle(Message.text(16));
        // A first batch opens and closes so that classes load and pools fill before the baseline.
        try (LoadGenerator priming = new LoadGenerator(target, shape, options.loops)) {
            priming.connect(PRIMING_CONNECTIONS);
            priming.awaitMessages(PRIMING_CONNECTIONS, OPEN_TIMEOUT);
        }
        Thread.sleep(IDLE_SETTLE_MILLIS);
        long heapBefore = process.liveHeap();
        Thread.sleep(IDLE_SETTLE_MILLIS);
        long rssBefore = ProcStats.residentBytes(process.pid());
        int connections = options.idleConnections;
        try (LoadGenerator generator = new LoadGenerator(target, shape, options.loops)) {
            generator.connect(connections);
            if (!generator.awaitMessages(connections, Duration.ofSeconds(180))) {
                Snapshot now = generator.snapshot();
                return Measurement.failed(now.messages() + " of " + connections + " idle connections echoed ("
                        + now.opened() + " opened, " + now.errors() + " errors"
                        + (now.firstError() == null ? "" : ", first: " + now.firstError()) + ")");
            }
            Thread.sleep(IDLE_SETTLE_MILLIS);
            long heapAfter = process.liveHeap();
            Thread.sleep(IDLE_SETTLE_MILLIS);
            long rssAfter = ProcStats.residentBytes(process.pid());
            Snapshot end = generator.snapshot();
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            values.put(Metric.RSS_PER_CONNECTION, (rssAfter - rssBefore) / 1024.0 / connections);
            if (heapBefore >= 0 && heapAfter >= 0) {
                values.put(Metric.HEAP_PER_CONNECTION, (heapAfter - heapBefore) / 1024.0 / connections);
            }
            values.put(Metric.RSS_TOTAL, rssAfter / 1024.0 / 1024.0);
            values.put(Metric.ERRORS, (double) end.errors());
            return new Measurement(values, note(variant, end, connections));
        }
    }

    /** Says when compression was asked for and not agreed, or what went wrong first. */
    private static String note(Variant variant, Snapshot end, int connections) {
        if (variant != Variant.OFF && end.deflated() == 0) {
            return "permessage-deflate not agreed";
        }
        if (variant != Variant.OFF && connections > 0 && end.deflated() < end.opened()) {
            return "permessage-deflate agreed on " + end.deflated() + " of " + end.opened() + " connections";
        }
        return end.errors() > 0 ? end.firstError() : null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
