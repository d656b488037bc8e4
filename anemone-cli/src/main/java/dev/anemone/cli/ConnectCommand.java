package dev.anemone.cli;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Utf8Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anemone connect URL}: a terminal WebSocket client in the manner of {@code wscat}. Each
 * line of standard input goes out as a text message; each message that arrives is printed after
 * {@code "< "}. Two lines are commands: {@code /ping [text]} and {@code /close [code] [reason]}.
 * The end of input closes with 1000.
 *
 * <p>Input is read on a thread of its own, because a blocked read cannot be interrupted: when
 * the server closes first, the command returns without waiting for the next line.
 */
@Command(name = "connect",
        header = "Talks to a WebSocket server from the terminal, like wscat.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Each line of input is sent as a text message; each message received is printed after \"< \""
                + " (a binary one as hex). Two lines are commands:",
            "  /ping [text]            sends a ping; the pong is printed",
            "  /close [code] [reason]  closes (code 1000 or 3000-4999, default 1000)",
            "The end of input (Ctrl-D) closes with 1000."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:the connection closed cleanly",
            "1:the connection ended without a closing handshake",
            "2:bad arguments, or the connection or its handshake failed"
        })
public final class ConnectCommand implements Callable<Integer> {

    /** Binary messages are shown up to this many bytes; the rest is only counted. */
    static final int BINARY_PREVIEW_BYTES = 64;

    /** How long Ctrl-C waits for the server to answer the Close frame before giving up. */
    private static final long CLOSE_ON_EXIT_WAIT_MILLIS = 2_000;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The server, such as ws://localhost:8080/echo (ws:// may be left out).")
    private String url;

    @Option(names = {"-p", "--protocol"}, paramLabel = "PROTOCOL",
            description = "A subprotocol to offer (Sec-WebSocket-Protocol); repeat for several, most preferred first.")
    private List<String> protocols = new ArrayList<>();

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'",
            description = "An extra request header, such as 'Origin: https://example.com'; repeatable.")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--deflate", description = "Offer permessage-deflate (off by default).")
    private boolean deflate;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For wss://, trust the certificates of this PEM file instead of the JDK's authorities"
                + " (a private CA, or the development certificate of `anemone cert`). The host name is still checked.")
    private Path caCertificates;

    @Option(names = {"-k", "--insecure"},
            description = "For wss://, check NOTHING of the server's certificate or name: anyone in between can read"
                + " and change the traffic. For a development server only; prefer --cacert.")
    private boolean insecure;

    private final InputStream in;

    /** Reads standard input. */
    public ConnectCommand() {
        this(System.in);
    }

    /** Reads {@code in} instead of standard input (tests feed it a script). */
    ConnectCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws InterruptedException {
        URI uri = parseUrl();
        ClientOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Session session = new Session(out, err);

        WebSocket socket;
        try {
            // The client's connect and handshake timeouts bound this wait.
            socket = WebSocketClient.shared().connect(uri, options, session).get();
        } catch (ExecutionException failed) {
            reportFailure(uri, failed, err);
            return 2;
        }

        Thread reader = new Thread(() -> readInput(socket, out, err), "anemone-connect-input");
        reader.setDaemon(true);   // it may be stuck in a read that will never return
        reader.start();

        // Ctrl-C ends the JVM; closing first lets the server see 1000 instead of a dropped connection.
        Thread hook = new Thread(() -> closeOnExit(socket, session), "anemone-connect-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Closed closed;
        try {
            closed = session.closed.get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible.getCause());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
        return closed.wasClean() ? 0 : 1;
    }

    private URI parseUrl() {
        // wscat takes "localhost:8080/echo"; so does this, by assuming ws://.
        String full = url.contains("://") ? url : "ws://" + url;
        try {
            return new URI(full);
        } catch (java.net.URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "bad URL '" + url + "': " + e.getMessage());
        }
    }

    private ClientOptions options() {
        ClientOptions.Builder options = ClientOptions.builder().protocols(protocols.toArray(String[]::new))
                .perMessageDeflate(deflate ? DeflateOptions.defaults() : null);
        if (insecure && caCertificates != null) {
            throw new ParameterException(spec.commandLine(), "--insecure and --cacert contradict each other: choose one");
        }
        if (caCertificates != null) {
            try {
                options.trustedCertificates(caCertificates);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), "--cacert: " + Main.describe(e));
            }
        }
        if (insecure) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: --insecure: the server's certificate and name are not checked");
            err.flush();
            options.insecureTrustAllCertificates();
        }
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).strip();
            // A line break in a value would end the header early and smuggle in another.
            if (!HttpHeaders.isToken(name) || header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
                throw new ParameterException(spec.commandLine(), "a header is written 'Name: value', not '" + header + "'");
            }
            options.header(name, header.substring(colon + 1).strip());
        }
        return options.build();
    }


    /** Says why the connection could not be made, as precisely as the failure allows. */
    private static void reportFailure(URI uri, Throwable failure, PrintWriter err) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HandshakeException refused && refused.status() > 0) {
            err.println("anemone connect: the server refused the WebSocket handshake with HTTP " + refused.status()
                    + " (" + refused.getMessage() + ")");
            String body = new String(refused.body(), StandardCharsets.UTF_8).strip();
            if (!body.isEmpty()) {
                err.println("response body: " + body);
            }
        } else if (cause instanceof javax.net.ssl.SSLHandshakeException tls) {
            err.println("anemone connect: the TLS handshake with " + uri + " failed: " + Main.describe(tls));
            err.println("(a development certificate? trust it with --cacert FILE)");
        } else if (cause instanceof HandshakeException bad) {
            err.println("anemone connect: bad handshake answer from " + uri + ": " + bad.getMessage());
        } else if (cause instanceof IOException || cause instanceof TimeoutException) {
            err.println("anemone connect: cannot connect to " + uri + ": " + Main.describe(cause));
        } else {
            err.println("anemone connect: " + Main.describe(cause));
        }
        err.flush();
    }

    /** Sends each line, or runs it when it is a command, until the input ends or the connection closes. */
    private void readInput(WebSocket socket, PrintWriter out, PrintWriter err) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && socket.readyState() == ReadyState.OPEN) {
                handleLine(socket, line, err);
            }
        } catch (IOException e) {
            err.println("anemone connect: cannot read input: " + Main.describe(e));
            err.flush();
        }
        // The end of input is the end of the conversation; close() does nothing if it is closing already.
        socket.close(CloseStatus.NORMAL_CLOSURE, "");
    }

    private static void handleLine(WebSocket socket, String line, PrintWriter err) {
        try {
            if (isCommand(line, "/ping")) {
                byte[] payload = argument(line, "/ping").getBytes(StandardCharsets.UTF_8);
                socket.ping(payload);
            } else if (isCommand(line, "/close")) {
                close(socket, argument(line, "/close"));
            } else if (!socket.send(line)) {
                err.println("not sent (the connection is closing): " + line);
            }
        } catch (IllegalArgumentException refused) {
            // A ping over 125 bytes, a close code the application may not use, a reason too long.
            err.println("error: " + refused.getMessage());
        }
        err.flush();
    }

    /** "/close", "/close 4000", "/close 4000 some reason"; a reason alone keeps the default code. */
    private static void close(WebSocket socket, String arguments) {
        if (arguments.isEmpty()) {
            socket.close(CloseStatus.NORMAL_CLOSURE, "");
            return;
        }
        String[] codeAndReason = arguments.split(" ", 2);
        int code;
        try {
            code = Integer.parseInt(codeAndReason[0]);
        } catch (NumberFormatException notACode) {
            socket.close(CloseStatus.NORMAL_CLOSURE, arguments);
            return;
        }
        socket.close(code, codeAndReason.length > 1 ? codeAndReason[1].strip() : "");
    }

    private static boolean isCommand(String line, String command) {
        return line.equals(command) || line.startsWith(command + " ");
    }

    private static String argument(String line, String command) {
        return line.substring(command.length()).strip();
    }

    /** On Ctrl-C: close with 1000 and give the server a moment to answer, so it sees a clean close. */
    private static void closeOnExit(WebSocket socket, Session session) {
        if (session.closed.isDone()) {
            return;
        }
        socket.close(CloseStatus.NORMAL_CLOSURE, "");
        try {
            session.closed.get(CLOSE_ON_EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException givingUp) {
            // Exiting anyway.
        }
    }

    /** A payload shown as text when it is UTF-8, as hex when it is not. */
    static String describePayload(byte[] bytes) {
        if (Utf8Validator.isValid(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return "hex " + Hex.format(bytes);
    }

    /** How the connection ended. */
    record Closed(int code, String reason, boolean wasClean) {
    }

    /** Prints what arrives, and completes {@link #closed} when the connection ends. */
    private static final class Session implements WebSocketListener {
        private final PrintWriter out;
        private final PrintWriter err;
        final CompletableFuture<Closed> closed = new CompletableFuture<>();

        Session(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onOpen(WebSocket socket) {
            // Printed here rather than after connect returns, so it always comes before the first message.
            String protocol = socket.protocol().isEmpty() ? "" : " (subprotocol " + socket.protocol() + ")";
            print(out, "Connected to " + socket.uri() + protocol
                    + ". Type a line to send it; /ping [text], /close [code] [reason], or end of input (Ctrl-D) to close.");
        }

        @Override
        public void onText(WebSocket socket, String text) {
            print(out, "< " + text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            int length = data.remaining();
            byte[] preview = new byte[Math.min(length, BINARY_PREVIEW_BYTES)];
            data.get(data.position(), preview);
            print(out, "< binary " + length + " bytes: " + Hex.format(preview) + (length > preview.length ? "..." : ""));
        }

        @Override
        public void onPing(WebSocket socket, ByteBuffer payload) {
            print(out, "< ping" + payloadSuffix(payload) + " (pong sent)");
        }

        @Override
        public void onPong(WebSocket socket, ByteBuffer payload) {
            print(out, "< pong" + payloadSuffix(payload));
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            print(err, "error: " + Main.describe(error));
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            String because = reason == null || reason.isEmpty() ? "" : ", reason \"" + reason + "\"";
            print(out, "Closed: " + code + " (" + CloseStatus.describe(code) + ")" + because
                    + (wasClean ? "" : "; not a clean close: there was no closing handshake"));
            closed.complete(new Closed(code, reason, wasClean));
        }

        private static String payloadSuffix(ByteBuffer payload) {
            if (!payload.hasRemaining()) {
                return "";
            }
            byte[] bytes = new byte[payload.remaining()];
            payload.get(payload.position(), bytes);
            return ": " + describePayload(bytes);
        }

        private static void print(PrintWriter writer, String line) {
            writer.println(line);
            writer.flush();
        }
    }
}
