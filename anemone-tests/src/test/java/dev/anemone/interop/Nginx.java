package dev.anemone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, installed by scripts/install-test-deps.sh) running the
 * docs' recipe ({@link NginxRecipe}) in front of Anemone servers on 127.0.0.1, for one test:
 * <pre>{@code
 * try (Nginx nginx = Nginx.inFrontOf(server.port())) {
 *     connect(nginx.uri("wss", "/echo"));   // TLS ends at nginx, ws:// to the server
 * }
 * }</pre>
 * It runs as the current user in the foreground from a temporary prefix folder that holds its
 * configuration, logs, pid file and temp files, listens on two free loopback ports (plain and
 * TLS, serving the interop tests' certificate, {@link InteropTls}), and is stopped by its pid:
 * SIGTERM to the master, which ends its worker before it exits. It never touches the system's
 * nginx, its folders or its service.
 */
public final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 5;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A test that fails to close its nginx still leaves none behind: SIGTERM, never SIGKILL,
        // since a killed master would leave its worker holding the ports.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Nginx::terminate), "nginx-reaper"));
    }

    private final Path prefix;
    private final Process process;
    private final int port;
    private final int tlsPort;

    private Nginx(Path prefix, Process process, int port, int tlsPort) {
        this.prefix = prefix;
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** nginx with the recipe as the docs have it, in front of the servers on 127.0.0.1 at {@code upstreamPorts}. */
    public static Nginx inFrontOf(int... upstreamPorts) {
        return start(recipe -> recipe, upstreamPorts);
    }

    /**
     * nginx with the recipe, changed by {@code changes} (such as a shorter timeout), in front of
     * the servers on 127.0.0.1 at {@code upstreamPorts}. Fails, never skips, when nginx is not
     * installed or does not start, with its error log.
     */
    public static Nginx start(UnaryOperator<NginxRecipe> changes, int... upstreamPorts) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is not installed as the reverse-proxy tests need it: run"
                    + " scripts/install-test-deps.sh, which installs Debian's nginx (and starts no service)");
        }
        NginxRecipe recipe = changes.apply(NginxRecipe.fromDocs().upstreams(upstreamPorts)
                .certificate(InteropTls.certificate(), InteropTls.key()));
        Path prefix = temporaryFolder();
        String failures = "";
        // The ports are free when picked and taken a moment later; another test may take one
        // first, and then nginx says so and gets two more.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            Nginx nginx = launch(prefix, recipe.listen(ports[0], ports[1]), ports[0], ports[1]);
            String problem = nginx.awaitListening();
            if (problem == null) {
                return nginx;
            }
            nginx.close(false);
            failures += "\nattempt " + attempt + ": " + problem;
            if (!problem.contains("Address already in use")) {
                break;
            }
        }
        deleteRecursively(prefix);
        throw new AssertionError("nginx did not start:" + failures);
    }

    /** The plain HTTP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The TLS port on 127.0.0.1. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code path} through nginx: {@code ws} and {@code http} to the plain port, {@code wss} and {@code https} to TLS. */
    public URI uri(String scheme, String path) {
        int to = switch (scheme) {
            case "ws", "http" -> port;
            case "wss", "https" -> tlsPort;
            default -> throw new IllegalArgumentException("not a scheme nginx serves here: " + scheme);
        };
        return URI.create(scheme + "://127.0.0.1:" + to + path);
    }

    /** What nginx has logged so far, for a failing test's message. */
    public String errorLog() {
        return read(prefix.resolve("error.log"));
    }

    /** Stops nginx by its pid and removes its folder. */
    @Override
    public void close() {
        close(true);
    }

    private void close(boolean removeFolder) {
        terminate(process);
        LIVE.remove(process);
        if (removeFolder) {
            deleteRecursively(prefix);
        }
    }

    @Override
    public String toString() {
        return "nginx (pid " + process.pid() + ") on 127.0.0.1:" + port + " and :" + tlsPort + " (TLS)";
    }

    private static Nginx launch(Path prefix, NginxRecipe recipe, int port, int tlsPort) {
        try {
            Files.writeString(prefix.resolve("anemone.conf"), recipe.text(), StandardCharsets.UTF_8);
            Files.writeString(prefix.resolve("nginx.conf"), mainConfiguration(prefix), StandardCharsets.UTF_8);
            Files.deleteIfExists(prefix.resolve("error.log"));
            Path errorLog = prefix.resolve("error.log");
            Process process = new ProcessBuilder(BINARY.toString(),
                    "-p", prefix + "/",
                    "-e", errorLog.toString(),
                    "-c", prefix.resolve("nginx.conf").toString(),
                    "-g", "daemon off; pid " + prefix.resolve("nginx.pid") + "; error_log " + errorLog + " notice;")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("output.log").toFile()))
                    .start();
            LIVE.add(process);
            return new Nginx(prefix, process, port, tlsPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    /**
     * The main configuration around the recipe, as Debian's /etc/nginx/nginx.conf holds a file of
     * conf.d: one worker, and every file nginx writes inside the prefix folder (Debian's build
     * puts its temp folders under /var/lib/nginx, which only root may write).
     */
    private static String mainConfiguration(Path prefix) {
        StringBuilder conf = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            // Run as root, nginx would hand its worker to "nobody", who cannot enter the prefix folder.
            conf.append("user root;\n");
        }
        conf.append("worker_processes 1;\n")
                .append("events {\n    worker_connections 1024;\n}\n")
                .append("http {\n")
                .append("    access_log ").append(prefix.resolve("access.log")).append(";\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            conf.append("    ").append(temp).append("_temp_path ").append(prefix.resolve("temp").resolve(temp))
                    .append(";\n");
        }
        return conf.append("    include ").append(prefix.resolve("anemone.conf")).append(";\n}\n").toString();
    }

    /**
     * Waits until both ports take connections: null then, or else what went wrong, with the
     * error log (nginx binds its ports before it starts its worker, and a connection waits in the
     * backlog until the worker accepts it, so one accepted connect means nginx serves).
     */
    private String awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int to : new int[] {port, tlsPort}) {
            while (!accepts(to)) {
                if (!process.isAlive()) {
                    return "nginx exited with " + process.exitValue() + ":\n" + errorLog() + read(prefix.resolve("output.log"));
                }
                if (System.nanoTime() - deadline > 0) {
                    return "nginx did not listen on 127.0.0.1:" + to + " within " + START_TIMEOUT + ":\n" + errorLog();
                }
                // Polling a port has nothing to wait on but time: nginx tells no one it listens.
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted while nginx started";
                }
            }
        }
        return null;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void terminate(Process process) {
        process.destroy();   // SIGTERM to the master's pid: a fast shutdown, worker included
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // it was only holding the number
                    }
                }
            }
        }
    }

    private static Path temporaryFolder() {
        try {
            Path prefix = Files.createTempDirectory("anemone-nginx-");
            Files.createDirectories(prefix.resolve("temp"));
            return prefix;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make nginx's folder", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is no failure
        }
    }
}
