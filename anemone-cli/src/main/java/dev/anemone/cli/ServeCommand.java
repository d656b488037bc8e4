package dev.anemone.cli;

import dev.anemone.EchoListener;
import dev.anemone.StaticFiles;
import dev.anemone.HttpRoutes;
import dev.anemone.TlsOptions;
import dev.anemone.sockjs.SockJsService;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.DeflateOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anemone serve}: an echo server with a page to try it from, the first thing to run when
 * learning WebSockets. The page and the endpoint share one port, as they do in the browser
 * examples. It runs until Ctrl-C, then closes every connection with 1001 and waits for the
 * closing handshakes before exiting.
 */
@Command(name = "serve",
        header = "Runs an echo server, with a page at / to try it from.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Every message sent to the WebSocket endpoint comes straight back. The page at / has a text box,"
                + " a Send button and a log of what went out and what came back.",
            "Stop it with Ctrl-C: open connections are closed with 1001 (going away) first."
        })
public final class ServeCommand implements Callable<Integer> {

    /** How long connections get to finish their closing handshakes when the server stops. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** Where {@code --metrics} serves them. */
    static final String METRICS_PATH = "/metrics";

    /** A path a URL can carry as it is: no query, fragment, spaces or quotes. */
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "The port to listen on (default: ${DEFAULT-VALUE}); 0 picks a free one, which is printed.")
    private int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    private String host;

    @Option(names = "--static", paramLabel = "DIR",
            description = "Serve the files of this folder instead of the built-in page.")
    private Path staticDir;

    @Option(names = "--path", defaultValue = "/echo", paramLabel = "PATH",
            description = "The WebSocket endpoint's path (default: ${DEFAULT-VALUE}).")
    private String path;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve over TLS (https://, wss://) with this PEM certificate chain; needs --tls-key."
                + " `anemone cert` writes one for development.")
    private Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key (PKCS#8, BEGIN PRIVATE KEY) of --tls-cert.")
    private Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve over TLS with the key and chain of this PKCS#12 key store (.p12, .pfx).")
    private Path tlsKeyStore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD",
            description = "The password of --tls-keystore (default: none).")
    private String tlsPassword;

    @Option(names = "--metrics",
            description = "Serve the server's metrics as Prometheus text at /metrics, on the same port.")
    private boolean metrics;

    @Option(names = "--stats", paramLabel = "SECONDS", defaultValue = "0",
            description = "Print a one-line summary of the metrics to stderr every SECONDS (fractions allowed;"
                + " default: never).")
    private double statsSeconds;

    @Option(names = "--deflate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Offer permessage-deflate (on by default, as browsers ask for it; --no-deflate turns it off).")
    private boolean deflate;

    @Option(names = "--sockjs",
            description = "Also serve the echo endpoint through SockJS at --sockjs-prefix, for sockjs-client and"
                    + " browsers behind proxies that block WebSocket.")
    private boolean sockjs;

    @Option(names = "--sockjs-prefix", defaultValue = "/sockjs", paramLabel = "PATH",
            description = "Where --sockjs serves SockJS (default: ${DEFAULT-VALUE}).")
    private String sockjsPrefix;

    /** Completes with the bound port once the server listens: how a test knows where to connect. */
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lock = new Object();
    private WebSocketServer server;
    private SockJsService sockjsService;
    private StatsTicker stats;
    private boolean stopping;

    @Override
    public Integer call() throws InterruptedException {
        try {
            return serve();
        } finally {
            // Whatever happened, anyone waiting for the start must not wait forever.
            started.completeExceptionally(new IllegalStateException("the server did not start"));
        }
    }

    private int serve() throws InterruptedException {
        checkOptions();
        TlsOptions tls = tlsOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PageHandler page;
        if (staticDir == null) {
            page = PageHandler.builtIn(path);
        } else {
            page = PageHandler.folder(StaticFiles.fromFolder(staticDir), path);
        }
        synchronized (lock) {
            if (stopping) {
                return 0;
            }
            try {
                WebSocketServer.Builder builder = WebSocketServer.builder()
                        .host(host)
                        .port(port)
                        .endpoint(path, new Echo(out))
                        .http(page)
                        .perMessageDeflate(deflate ? DeflateOptions.defaults() : null)
                        .tls(tls);
                if (metrics) {
                    builder.metrics(METRICS_PATH);
                }
                if (sockjs) {
                    HttpRoutes routes = new HttpRoutes().fallback(page);
                    builder.http(routes);
                    sockjsService = SockJsService.create(sockjsPrefix, new Echo(out));
                    sockjsService.mount(builder, routes);
                }
                server = builder.start();
            } catch (UncheckedIOException e) {
                err.println("anemone serve: cannot listen on " + host + ":" + port + ": " + Main.describe(e.getCause()));
                err.flush();
                return 1;
            }
        }
        String authority = displayHost(host) + ":" + server.port();
        String secure = tls == null ? "" : "s";
        out.println("Anemone echo server: page http" + secure + "://" + authority + "/ , WebSocket ws" + secure + "://"
                + authority + path);
        if (metrics) {
            out.println("Metrics: http" + secure + "://" + authority + METRICS_PATH);
        }
        if (sockjs) {
            out.println("SockJS: http" + secure + "://" + authority + sockjsPrefix);
        }
        if (statsSeconds > 0) {
            synchronized (lock) {
                if (!stopping) {
                    stats = new StatsTicker(server, err, Math.max(1, Math.round(statsSeconds * 1000)));
                }
            }
        }
        if (staticDir != null) {
            out.println("Serving the files of " + staticDir.toAbsolutePath().normalize());
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();

        started.complete(server.port());
        UntilStopped.await(stopped, this::stop, "anemone-serve-shutdown");
        return 0;
    }

    /** The port, once the server listens. */
    CompletableFuture<Integer> started() {
        return started;
    }

    /** Stops the server gracefully, as Ctrl-C does, and lets {@link #call()} return 0. */
    void stop() {
        WebSocketServer running;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            running = server;
            if (stats != null) {
                stats.close();
            }
        }
        try {
            if (running != null) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("Stopping: closing connections with 1001 (going away)...");
                out.flush();
                running.stop(GRACE).join();
                if (sockjsService != null) {
                    sockjsService.close();
                }
                out.println("Stopped.");
                out.flush();
            }
        } finally {
            stopped.countDown();
        }
    }

    private void checkOptions() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        if (!URL_PATH.matcher(path).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "--path must start with '/' and hold only URL path characters (no query or spaces), not '" + path + "'");
        }
        if (statsSeconds < 0 || Double.isNaN(statsSeconds)) {
            throw new ParameterException(spec.commandLine(), "--stats must be a number of seconds, not " + statsSeconds);
        }
        if (metrics && path.equals(METRICS_PATH)) {
            throw new ParameterException(spec.commandLine(), "--metrics serves " + METRICS_PATH
                    + ": give the WebSocket endpoint another --path");
        }
        if (sockjs && (!URL_PATH.matcher(sockjsPrefix).matches() || sockjsPrefix.endsWith("/")
                || sockjsPrefix.equals(path) || sockjsPrefix.equals(METRICS_PATH))) {
            throw new ParameterException(spec.commandLine(), "--sockjs-prefix must start with '/', not end with one,"
                    + " hold only URL path characters and differ from --path and " + METRICS_PATH + ", not '" + sockjsPrefix + "'");
        }
        if (staticDir != null && !Files.isDirectory(staticDir)) {
            throw new ParameterException(spec.commandLine(), "--static: no such folder: " + staticDir);
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        if (tlsCertificate != null && tlsKeyStore != null) {
            throw new ParameterException(spec.commandLine(), "either --tls-cert and --tls-key, or --tls-keystore, not both");
        }
        if (tlsPassword != null && tlsKeyStore == null) {
            throw new ParameterException(spec.commandLine(), "--tls-password goes with --tls-keystore");
        }
    }

    /** The TLS identity the options name, read now so that a bad file fails before listening; null for none. */
    private TlsOptions tlsOptions() {
        try {
            if (tlsCertificate != null) {
                return TlsOptions.fromPem(tlsCertificate, tlsKey);
            }
            if (tlsKeyStore != null) {
                return TlsOptions.fromPkcs12(tlsKeyStore, tlsPassword == null ? new char[0] : tlsPassword.toCharArray());
            }
            return null;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "cannot use the TLS files: " + Main.describe(e));
        }
    }

    /** The host to print in URLs: a wildcard address is reachable as localhost from this machine. */
    private static String displayHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Sends every message back as it came, and notes who comes and goes. */
    private static final class Echo extends EchoListener {
        private final PrintWriter out;

        Echo(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onOpen(WebSocket socket) {
            log("+ " + peer(socket.remoteAddress()) + " connected to " + socket.uri().getPath());
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            log("- " + peer(socket.remoteAddress()) + " closed: " + code + " " + CloseStatus.describe(code)
                    + (reason == null || reason.isEmpty() ? "" : " \"" + reason + "\""));
        }

        private void log(String line) {
            out.println(line);
            out.flush();
        }

        private static String peer(SocketAddress address) {
            return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort() : String.valueOf(address);
        }
    }
}
