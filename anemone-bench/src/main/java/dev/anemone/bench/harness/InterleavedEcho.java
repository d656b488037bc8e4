package dev.anemone.bench.harness;

import dev.anemone.bench.load.NativeEchoGenerator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One echo section on the C generator with every peer running at once, measured in turns: each
 * peer has its own generator, and only one generator runs at a time, for {@code --interleave}
 * seconds, in alternating order (A B C, C B A, …); the others are stopped (SIGSTOP) and their peers
 * sit idle in their selectors.
 *
 * <p>Why: on a shared host the machine's speed changes over seconds to minutes (uWebSockets' 16 B
 * echo measured 67,000–90,000 messages per CPU-second in one run and 117,000–120,000 in another),
 * so peers measured
 * one after the other, a round each, are compared across different machines. Turns of a few
 * seconds put every peer on the same machine, and the ratio between two peers holds still where
 * their own figures move: eight turns of 2 s gave Anemone ÷ uWebSockets between 0.83 and 0.85
 * while both moved by 10 %.
 *
 * <p>Each peer is warmed up first, in turns of the same length, for its scenario's warm-up. Every
 * turn is one {@link Measurement}, so the report's cells are medians over turns.
 */
final class InterleavedEcho {

    /** After a turn starts, how long the generator runs before the window opens: the echoes that waited while it was stopped come back first. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /** A peer with its generator, both running until the section ends. */
    private record Running(Peer peer, PeerProcess process, NativeEchoGenerator generator) {
    }

    private InterleavedEcho() {
    }

    /**
     * Runs {@code section} for {@code peers} (those that cannot serve it are left out) and hands
     * every turn's measurement, or a peer's failure to start, to {@code sink} with the peer's name.
     */
    static void run(Results.Section section, List<Peer> peers, ScenarioRunner runner, Options options,
                    BiConsumer<String, Measurement> sink) throws InterruptedException {
        Scenario scenario = section.scenario();
        List<Running> running = new ArrayList<>();
        try {
            for (Peer peer : peers) {
                if (scenario.tls() && !peer.servesTls()) {
                    continue;
                }
                Running started = start(section, peer, runner, sink);
                if (started != null) {
                    running.add(started);
                }
            }
            long warmupTurns = Math.max(1, (options.warmup(scenario).toMillis() + options.interleave.toMillis() - 1)
                    / options.interleave.toMillis());
            for (long turn = 0; turn < warmupTurns; turn++) {
                for (Running each : running) {
                    load(each, options.interleave);
                }
            }
            List<Running> rotation = new ArrayList<>(running);
            int turns = options.interleavedTurns();
            for (int turn = 0; turn < turns && !rotation.isEmpty(); turn++) {
                List<Running> order = new ArrayList<>(rotation);
                if (turn % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Running each : order) {
                    try {
                        sink.accept(each.peer().name(), measure(each, runner, options.interleave));
                    } catch (IOException e) {
                        sink.accept(each.peer().name(), Measurement.failed(each.peer().name() + ": " + e.getMessage()));
                        rotation.remove(each);   // its generator is gone: every later turn would wait out a timeout
                    }
                }
            }
        } finally {
            for (Running each : running) {
                each.generator().close();
                each.process().close();
            }
        }
    }

    /** Starts the peer and its generator, every connection open and the load stopped; null when it failed, said to {@code sink}. */
    private static Running start(Results.Section section, Peer peer, ScenarioRunner runner,
                                 BiConsumer<String, Measurement> sink) throws InterruptedException {
        PeerProcess process = null;
        NativeEchoGenerator generator = null;
        try {
            int port = ScenarioRunner.freePort();
            process = runner.startPeer(section.scenario(), section.variant(), peer, port);
            generator = runner.startGenerator(section.scenario(), port, section.depth());
            generator.go();
            generator.pause();
            return new Running(peer, process, generator);
        } catch (IOException e) {
            if (generator != null) {
                generator.close();
            }
            if (process != null) {
                process.close();
            }
            sink.accept(peer.name(), Measurement.failed(peer.name() + ": " + e.getMessage()));
            return null;
        }
    }

    /** Lets the peer's generator run for {@code length}, unmeasured; a failure shows in its first measured turn. */
    private static void load(Running each, Duration length) throws InterruptedException {
        try {
            each.generator().resume();
            Thread.sleep(length.toMillis());
            each.generator().pause();
        } catch (IOException e) {
            // Its first measured turn reports it and takes it out of the rotation.
        }
    }

    /** One measured turn: the generator resumes, settles, and runs for {@code length}. */
    private static Measurement measure(Running each, ScenarioRunner runner, Duration length)
            throws IOException, InterruptedException {
        NativeEchoGenerator generator = each.generator();
        generator.resume();
        Thread.sleep(SETTLE.toMillis());
        NativeEchoGenerator.Snap start = generator.snapshot();
        CpuWindow cpu = CpuWindow.start(each.process().pid(), generator.pid());
        Thread.sleep(length.toMillis());
        NativeEchoGenerator.Snap end = generator.snapshot();
        cpu.end();
        generator.pause();
        return runner.echoWindow(cpu, start, end);
    }
}
