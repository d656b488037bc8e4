package dev.anemone.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side benchmark: runs each chosen scenario against each peer, in alternating order
 * over the rounds (A B C, C B A, A B C …) so that drift on the machine cancels, and writes a
 * markdown report of medians with min–max to stdout and to {@code results/<timestamp>.md}.
 * Started by the {@code bench} script at the repository's root; see {@link Options#USAGE}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Environment env = Environment.detect(options.nodeDir, options.peerJvmOptions, options.idleJvmOptions, options.pin);
        EchoGenerator echoGenerator;
        try {
            echoGenerator = EchoGenerator.choose(options.generator, options.nativeGenerator);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (echoGenerator.binary() == null) {
            System.err.println("echo scenarios: the Java generator runs (" + echoGenerator.why() + ")");
        }
        List<Peer> peers = peers(options, env);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path report = options.resultsDir.resolve(stamp + ".md");
        Path logDir = options.resultsDir.resolve("logs").resolve(stamp);
        Files.createDirectories(logDir);

        ScenarioRunner runner = new ScenarioRunner(options, env, logDir, echoGenerator);
        Results results = new Results();
        long started = System.nanoTime();
        for (Scenario scenario : options.scenarios) {
            for (Variant variant : options.variantsOf(scenario)) {
                for (int depth : options.depthsOf(scenario)) {
                    run(new Results.Section(scenario, variant, depth), options, peers, runner, results, started);
                    // Written after every section, so that an interrupted run leaves what it measured.
                    write(report, MarkdownReport.render(header(options, env, peers, runner, echoGenerator, started),
                            results, options, echoGenerator));
                }
            }
        }
        String markdown = MarkdownReport.render(header(options, env, peers, runner, echoGenerator, started), results,
                options, echoGenerator);
        write(report, markdown);
        System.out.print(markdown);
        System.err.println("written to " + report + " (peer logs in " + logDir + ")");
    }

    /** Runs one section's rounds, the peers in alternating order (A B C, C B A, …). */
    private static void run(Results.Section section, Options options, List<Peer> peers, ScenarioRunner runner,
                            Results results, long started) throws InterruptedException {
        Scenario scenario = section.scenario();
        if (options.interleave != null && runner.runsNativeEcho(scenario, section.variant())) {
            System.err.printf(Locale.ROOT, "[%4.0fs] %s: every peer at once, in turns of %.1f s%n",
                    (System.nanoTime() - started) / 1e9, label(section), options.interleave.toMillis() / 1e3);
            InterleavedEcho.run(section, peers, runner, options, (peer, measurement) -> {
                if (measurement.note() != null) {
                    System.err.println("        " + peer + ": " + measurement.note());
                }
                results.add(section, peer, measurement);
            });
            return;
        }
        for (int round = 1; round <= options.rounds; round++) {
            List<Peer> order = new ArrayList<>(peers);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Peer peer : order) {
                if (scenario == Scenario.TOPIC && !peer.servesTopics() || scenario.tls() && !peer.servesTls()) {
                    continue;
                }
                System.err.printf(Locale.ROOT, "[%4.0fs] %s, round %d: %s%n",
                        (System.nanoTime() - started) / 1e9, label(section), round, peer.name());
                Measurement measurement = runner.run(scenario, section.variant(), section.depth(), peer);
                if (measurement.note() != null) {
                    System.err.println("        " + measurement.note());
                }
                results.add(section, peer.name(), measurement);
            }
        }
    }

    /** A section in the progress lines: "scenario 1, deflate off, 8 in flight". */
    private static String label(Results.Section section) {
        return "scenario " + section.scenario().number + ", " + section.variant().title
                + (section.depth() > 0 ? ", " + section.depth() + " in flight" : "");
    }

    private static List<Peer> peers(Options options, Environment env) {
        List<String> defaults = new ArrayList<>(Peer.BUILT_IN);
        if (!env.hasNode()) {
            System.err.println("Node or anemone-bench/node/node_modules missing: leaving out ws (run npm ci there)");
            defaults.remove("ws");
        }
        if (options.quick) {
            defaults.retainAll(List.of("anemone", "netty", "ws"));
        }
        List<Peer> peers = new ArrayList<>();
        for (String name : options.peerNamesOr(defaults)) {
            if (!name.equals(options.externalName) && !name.equals(options.baselineName)) {
                peers.add(Peer.builtIn(name));
            }
        }
        if (options.baselineJar != null) {
            peers.add(Peer.baseline(options.baselineName, options.baselineJar));
        }
        if (options.externalCommand != null) {
            peers.add(Peer.external(options.externalName, options.externalCommand));
        }
        return peers;
    }

    private static String header(Options options, Environment env, List<Peer> peers, ScenarioRunner runner,
                                 EchoGenerator echoGenerator, long started) {
        StringBuilder out = new StringBuilder("# Anemone side by side\n\n");
        out.append("- Command: `").append(options.commandLine()).append("`\n");
        out.append("- Date: ").append(LocalDateTime.now().withNano(0)).append(", run took ")
                .append(String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9)).append('\n');
        out.append("- Machine: ").append(Environment.hostCpus()).append(" cores (").append(cpuModel()).append("), JDK ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.version")).append('\n');
        out.append("- Pinning: ").append(env.serverCpu() == null
                ? "none (taskset missing, fewer than 2 cores, or --no-pin)"
                : "each peer with `taskset -c " + env.serverCpu() + "`").append("; the generator runs on CPUs ")
                .append(ProcStats.allowedCpus()).append(" with ").append(options.loops).append(" loop thread(s)")
                .append(env.generatorCpu() == null ? "" : ", the C generator with `taskset -c " + env.generatorCpu() + "`")
                .append('\n');
        out.append("- Generator: ").append(echoGenerator.describe()).append('\n');
        out.append("- Rounds: ").append(options.rounds).append(", peers in alternating order (A B C, C B A, …); warm-up ")
                .append(options.warmup.toMillis() / 1000.0).append(" s (TLS scenarios ")
                .append(options.tlsWarmup.toMillis() / 1000.0).append(" s), measured ")
                .append(options.duration.toMillis() / 1000.0)
                .append(" s; cells are medians over rounds with (min–max)\n");
        if (options.interleave != null) {
            out.append("- Interleaved (`--interleave`): the echo scenarios on the C generator run every peer at once, each ")
                    .append("with its own generator, and measure them in turns of ")
                    .append(options.interleave.toMillis() / 1000.0).append(" s (A B C, C B A, …; the generators not ")
                    .append("measured are stopped), ").append(options.interleavedTurns())
                    .append(" turns each after the warm-up, itself taken in turns; their cells are medians over turns\n");
        }
        out.append("- Echo scenarios keep ").append(options.depths.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(" or "))).append(" messages in flight per connection (a table each); latency is ")
                .append("send → echo (scenario 7: intended send → echo, at a fixed rate)\n");
        out.append("- JVM peers: `").append(String.join(" ", env.peerJvmOptions())).append("`; each run starts a fresh peer process");
        if (!env.idleJvmOptions().isEmpty()) {
            out.append("; in scenario 6 also `").append(String.join(" ", env.idleJvmOptions()))
                    .append("`, so that after a full GC the heap gives back what the handshakes' garbage touched");
        }
        out.append("\n");
        out.append("- Peers: ");
        List<String> described = new ArrayList<>();
        for (Peer peer : peers) {
            String detail = runner.peerDetails.get(peer.name());
            described.add(peer.name() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        out.append(String.join("; ", described)).append('\n');
        if (options.externalCommand == null) {
            out.append("- uWebSockets: not in this run (no --external); anemone-bench/README.md says how to build it ")
                    .append("outside the repository and pass it in\n");
        }
        out.append("- Server CPU is utime + stime of the peer's PID over the measured window (/proc/PID/stat); ")
                .append("\"per server-CPU-s\" is the window's count divided by those CPU seconds; a generator CPU ")
                .append("near 100 % would mean the generator, not the server, set the pace\n");
        out.append("- Other CPU % is what the rest of the machine used meanwhile (all cores, from /proc/stat): ")
                .append("the noise in that row\n");
        out.append("- This machine is shared (other builds and tests may run at the same time): figures are noisy, ")
                .append("compare within a run, not across runs\n");
        return out.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void write(Path report, String markdown) throws IOException {
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown, StandardCharsets.UTF_8);
    }
}
