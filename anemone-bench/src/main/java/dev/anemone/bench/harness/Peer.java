package dev.anemone.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * A server to measure: its name and how to start it on a port in a variant. JVM peers run from
 * the harness's own jar with the same JVM options; Node {@code ws} runs from anemone-bench/node;
 * an external peer is any command line with {@code {port}} in it, and with {@code {cert}} and
 * {@code {key}} too if it serves TLS.
 */
record Peer(String name, Kind kind, String mainClass, String externalCommand, String classPath) {

    enum Kind { JVM, NODE, EXTERNAL }

    /** The peers built into the harness, by the names the command line uses. */
    static final List<String> BUILT_IN = List.of("anemone", "anemone-epoll", "netty", "jetty", "java-websocket", "ws");

    static Peer builtIn(String name) {
        return switch (name) {
            case "anemone" -> new Peer(name, Kind.JVM, ANEMONE_MAIN, null, null);
            // The same server with its loops on the optional epoll library rather than the JDK's selector.
            case "anemone-epoll" -> new Peer(name, Kind.JVM, ANEMONE_MAIN, null, null);
            case "netty" -> new Peer(name, Kind.JVM, "dev.anemone.bench.peers.NettyEchoPeer", null, null);
            case "jetty" -> new Peer(name, Kind.JVM, "dev.anemone.bench.peers.JettyEchoPeer", null, null);
            case "java-websocket", "jws" -> new Peer("java-websocket", Kind.JVM,
                    "dev.anemone.bench.peers.JavaWebSocketEchoPeer", null, null);
            case "ws", "node" -> new Peer("ws", Kind.NODE, null, null, null);
            default -> throw new IllegalArgumentException("unknown peer " + name + "; known: " + BUILT_IN);
        };
    }

    private static final String ANEMONE_MAIN = "dev.anemone.bench.peers.AnemoneEchoPeer";

    static Peer external(String name, String command) {
        if (!command.contains("{port}")) {
            throw new IllegalArgumentException("an external command needs {port} in it: " + command);
        }
        return new Peer(name, Kind.EXTERNAL, null, command, null);
    }

    /**
     * Anemone's echo peer from another build's benchmarks jar (an earlier commit's, say), run
     * like the built-in one, so that a change is measured against where it started in one run.
     */
    static Peer baseline(String name, String benchmarksJar) {
        return new Peer(name, Kind.JVM, ANEMONE_MAIN, null, benchmarksJar);
    }

    /**
     * Whether it serves {@code /topic} with a pub/sub of its own (scenario 8): Anemone's topics,
     * Netty's ChannelGroup, and an external peer, which is trusted to (uWebSockets' publish, say).
     * An earlier build given as a baseline may predate topics, so it is left out.
     */
    boolean servesTopics() {
        return kind == Kind.EXTERNAL || (classPath == null && (isAnemone() || name.equals("netty")));
    }

    /**
     * Whether it serves TLS with the run's certificate (scenarios 9 to 11): Anemone's and Netty's
     * peers, both on the JDK's TLS provider, Anemone's from an earlier build too (one that
     * predates TLS fails those rows, and the report says so), and an external command that takes
     * the certificate's PEM files.
     */
    boolean servesTls() {
        if (kind == Kind.EXTERNAL) {
            return externalCommand.contains(CERT) && externalCommand.contains(KEY);
        }
        return kind == Kind.JVM && (classPath != null || isAnemone() || name.equals("netty"));
    }

    /** Whether it is this build's Anemone, on either transport. */
    private boolean isAnemone() {
        return ANEMONE_MAIN.equals(mainClass) && classPath == null;
    }

    /** Where an external command takes the certificate's PEM file; empty in plain-text scenarios. */
    static final String CERT = "{cert}";
    /** Where an external command takes the private key's PEM file; empty in plain-text scenarios. */
    static final String KEY = "{key}";

    /** Whether it prints "READY" and answers "mem" (the external command need not). */
    boolean speaksHarness() {
        return kind != Kind.EXTERNAL;
    }

    /**
     * The command line starting it on {@code port}, pinned with taskset when {@code pinCpu} is
     * set; a JVM peer gets {@code extraJvmOptions} after the shared ones, and the certificate's
     * PKCS#12 file and its password as its third and fourth arguments when {@code tls} is not
     * null (plain TCP when it is); an external command gets the PEM files in place of
     * {@code {cert}} and {@code {key}}, or nothing there for plain TCP.
     */
    List<String> command(int port, Variant variant, Environment env, String pinCpu, List<String> extraJvmOptions,
                         BenchCertificate tls) {
        List<String> command = new ArrayList<>();
        if (pinCpu != null) {
            command.addAll(List.of("taskset", "-c", pinCpu));
        }
        switch (kind) {
            case JVM -> {
                command.add(env.java());
                command.addAll(env.peerJvmOptions());
                command.addAll(extraJvmOptions);
                if (name.equals("netty")) {
                    // As Netty benchmarks are usually run: no sampling of buffers for leaks.
                    command.add("-Dio.netty.leakDetection.level=disabled");
                }
                if (isAnemone()) {
                    command.add("-Danemone.transport=" + (name.equals("anemone-epoll") ? "epoll" : "nio"));
                }
                command.addAll(List.of("-cp", classPath != null ? classPath : env.classPath(), mainClass,
                        Integer.toString(port), variant.argument));
                if (tls != null) {
                    command.addAll(List.of(tls.keyStore().toString(), BenchCertificate.PASSWORD));
                }
            }
            case NODE -> command.addAll(List.of(env.node(), "--expose-gc",
                    env.nodeDir().resolve("echo-server.js").toString(), Integer.toString(port), variant.argument));
            case EXTERNAL -> command.addAll(List.of("bash", "-c", "exec " + externalCommand
                    .replace("{port}", Integer.toString(port))
                    .replace(CERT, tls == null ? "" : tls.certificatePem().toString())
                    .replace(KEY, tls == null ? "" : tls.privateKeyPem().toString())));
        }
        return command;
    }
}
