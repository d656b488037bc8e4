package dev.anemone.cli;

import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import dev.anemone.stomp.StompRelay;
import dev.anemone.stomp.StompRelayOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anemone broker}: STOMP over WebSocket at {@code ws://HOST:PORT/stomp}, served by the
 * embedded broker, or with {@code --relay} relayed to an external broker such as RabbitMQ.
 */
@Command(name = "broker",
        header = "Runs a STOMP broker over WebSocket at ws://HOST:PORT/stomp, embedded or relaying to RabbitMQ.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Without --relay the embedded broker serves /topic/NAME (every subscriber) and /queue/NAME (one subscriber each,"
                + " round-robin). With --relay each WebSocket session gets its own STOMP connection to that broker;"
                + " credentials in the URL log every session in as that user, without them the clients' own pass through.",
            "Ctrl-C stops it."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "61614", paramLabel = "PORT",
            description = "The port to listen on (default: ${DEFAULT-VALUE}); 0 picks a free one, which is printed.")
    private int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "HOST", description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--relay", paramLabel = "stomp://[USER:PASS@]HOST[:PORT][/VHOST]",
            description = "Relay to this STOMP broker instead, such as stomp://guest:guest@127.0.0.1:61613 (port 61613 and virtual host / by default).")
    private String relay;

    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private volatile WebSocketServer server;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        WebSocketServer.Builder builder = WebSocketServer.builder().host(host).port(port).stopOnShutdown(Duration.ofSeconds(2));
        String what;
        if (relay == null) {
            StompBroker.create().mount(builder, "/stomp");
            what = "embedded broker";
        } else {
            StompRelayOptions options = relayOptions(relay);
            StompRelay.create(options).mount(builder, "/stomp");
            what = "relaying to " + options.host() + ":" + options.port();
        }
        try {
            server = builder.start();
            out.println("STOMP over WebSocket on ws://" + host + ":" + server.port() + "/stomp (" + what + ")");
            out.flush();
        } finally {
            started.complete(server == null ? -1 : server.port());
        }
        server.awaitTermination();
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** The relay's options from a {@code stomp://} URL. */
    StompRelayOptions relayOptions(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--relay: not a URL: " + url);
        }
        if (!"stomp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--relay must look like stomp://guest:guest@127.0.0.1:61613");
        }
        String path = uri.getRawPath();
        String virtualHost = path == null || path.isEmpty() || path.equals("/") ? "/" : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        StompRelayOptions options = StompRelayOptions.to(uri.getHost(), uri.getPort() < 0 ? 61613 : uri.getPort()).withVirtualHost(virtualHost);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String login = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            String passcode = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
            options = options.withLogin(login, passcode);
        }
        return options;
    }

    /** Completes with the port once listening (-1 if it failed to start). */
    CompletableFuture<Integer> started() {
        return started;
    }

    /** Stops the server, as Ctrl-C does. */
    void stop() {
        WebSocketServer running = server;
        if (running != null) {
            running.stop(Duration.ofSeconds(1));
        }
    }
}
