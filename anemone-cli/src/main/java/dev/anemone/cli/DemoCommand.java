package dev.anemone.cli;

import dev.anemone.TlsOptions;
import dev.anemone.examples.DemoHub;
import dev.anemone.examples.Example;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anemone demo}: the book's applications (anemone-examples) with an index page, or one of
 * them. Those that need TLS get a second port and a development certificate, made on first run.
 * Ctrl-C says goodbye to every client and closes it with 1001.
 */
@Command(name = "demo",
        header = "Runs the book's applications: echo, stock ticker, chat, time server, cookie auth.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Without APP, every example with an index page at / ; with APP, that one alone.",
            "The cookie-auth example speaks https and wss on --tls-port, with a development certificate kept in"
                + " --cert-dir (made on first run; browsers warn about it until told to trust it)."
        })
public final class DemoCommand implements Callable<Integer> {

    /** How long a certificate made here is valid; a new one is made when less than a day is left. */
    private static final Duration CERTIFICATE_LIFE = Duration.ofDays(365);

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "APP", description = "One of: echo, ticker, chat, time, auth, stomp (default: all; stomp takes its prices from RabbitMQ on 127.0.0.1:5672).")
    private String app;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "The port of the pages and plain WebSockets (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--tls-port", defaultValue = "8443", paramLabel = "PORT",
            description = "The https and wss port of the examples that need TLS (default: ${DEFAULT-VALUE}).")
    private int tlsPort;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    private String host;

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "Where the development certificate is kept (default: ~/.anemone/demo).")
    private Path certDir = Path.of(System.getProperty("user.home"), ".anemone", "demo");

    private final CompletableFuture<DemoHub> started = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } finally {
            started.completeExceptionally(new IllegalStateException("the demo did not start"));
        }
    }

    private int run() throws Exception {
        List<Example> examples = DemoHub.all().stream().filter(example -> app == null || example.name().equals(app)).toList();
        if (examples.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no example called '" + app + "': try "
                    + DemoHub.all().stream().map(Example::name).toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        TlsOptions tls = examples.stream().anyMatch(Example::secure) ? certificate(out) : null;
        DemoHub hub;
        try {
            hub = DemoHub.start(examples, host, port, tls, tlsPort);
        } catch (UncheckedIOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("anemone demo: " + Main.describe(e) + ": " + Main.describe(e.getCause())
                    + " (another program on the port? choose one with --port and --tls-port)");
            err.flush();
            return 1;
        }
        out.println("Anemone demo: http://localhost:" + hub.port() + "/");
        for (Example example : examples) {
            out.println("  " + example.name() + "  " + (example.secure() ? "https://localhost:" + hub.tlsPort() : "http://localhost:"
                    + hub.port()) + "/" + example.name() + "/");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        started.complete(hub);
        // Ctrl-C lets every example say goodbye before the connections close with 1001.
        UntilStopped.await(stopped, () -> stop(hub), "anemone-demo-shutdown");
        return 0;
    }

    /** The hub, once it listens. */
    CompletableFuture<DemoHub> started() {
        return started;
    }

    /** Stops the demo as Ctrl-C does, and lets {@link #call()} return. */
    void stop() {
        started.thenAccept(this::stop);
    }

    private synchronized void stop(DemoHub hub) {
        if (stopped.getCount() == 0) {
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Stopping: telling every client, then closing with 1001 (going away)...");
        out.flush();
        hub.close();
        out.println("Stopped.");
        out.flush();
        stopped.countDown();
    }

    /** The development certificate of {@code --cert-dir}, made there first when it is missing or about to expire. */
    private TlsOptions certificate(PrintWriter out) throws IOException, GeneralSecurityException {
        Path certificateFile = certDir.resolve("cert.pem");
        Path keyFile = certDir.resolve("key.pem");
        X509Certificate certificate = lasting(certificateFile);
        if (certificate == null || !Files.exists(keyFile)) {
            Files.createDirectories(certDir);
            DevCertificate made = DevCertificate.generate(List.of(), CERTIFICATE_LIFE);
            made.write(certificateFile, keyFile);
            certificate = made.certificate();
            out.println("Made a development certificate for " + String.join(", ", DevCertificate.DEFAULT_NAMES) + ":");
        } else {
            out.println("Using the development certificate:");
        }
        out.println("  " + certificateFile + " (key: " + keyFile + ")");
        out.println("  Browsers warn about it until told to trust it; Chromium: --ignore-certificate-errors-spki-list="
                + DevCertificate.spkiSha256(certificate.getPublicKey()));
        return TlsOptions.fromPem(certificateFile, keyFile);
    }

    /** The certificate in {@code file} if it is valid for another day, else null. */
    private static X509Certificate lasting(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            certificate.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
            return certificate;
        } catch (CertificateException | ClassCastException unusable) {
            return null;
        }
    }
}
