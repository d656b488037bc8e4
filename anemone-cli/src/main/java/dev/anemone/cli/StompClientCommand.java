package dev.anemone.cli;

import dev.anemone.stomp.HeartBeat;
import dev.anemone.stomp.StompAckMode;
import dev.anemone.stomp.StompClient;
import dev.anemone.stomp.StompClientOptions;
import dev.anemone.stomp.StompException;
import dev.anemone.stomp.StompMessage;
import dev.anemone.stomp.StompSubscription;
import dev.anemone.stomp.StompTransaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anemone stomp URL}: an interactive STOMP client for debugging, as {@code anemone connect}
 * is for raw WebSocket. Each line is a command; messages are printed as they arrive.
 */
@Command(name = "stomp",
        header = "Talks STOMP over WebSocket from the terminal.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Commands, one a line (each waits for the server's receipt):",
            "  subscribe DEST [auto|client|client-individual]   prints the subscription id",
            "  unsubscribe ID",
            "  send DEST TEXT...",
            "  ack ACK-ID | nack ACK-ID                            ids as printed with each message",
            "  begin | commit | abort                              sends and acks between begin and commit go together",
            "  disconnect                                          also at the end of input (Ctrl-D)",
            "Messages print as: < DEST [ACK-ID] TEXT"
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:disconnected", "1:the server sent ERROR or the connection was lost", "2:could not connect"})
public final class StompClientCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The STOMP endpoint, such as ws://localhost:61614/stomp or ws://127.0.0.1:15674/ws.")
    private String url;

    @Option(names = "--login", paramLabel = "LOGIN", description = "The CONNECT frame's login.")
    private String login;

    @Option(names = "--passcode", paramLabel = "PASSCODE", description = "The CONNECT frame's passcode.")
    private String passcode;

    @Option(names = "--vhost", paramLabel = "HOST", description = "The CONNECT frame's host (RabbitMQ: the virtual host, /); default: the URL's host.")
    private String vhost;

    private final InputStream in;
    private final Map<String, StompMessage> unacked = new ConcurrentHashMap<>();
    private final Map<String, StompSubscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean failed;

    /** Reads standard input. */
    public StompClientCommand() {
        this(System.in);
    }

    /** Reads {@code in} instead (tests feed it a script). */
    StompClientCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StompClientOptions options = StompClientOptions.defaults().withLogin(login, passcode).withHost(vhost)
                .withHeartBeat(new HeartBeat(10_000, 10_000))
                .withErrorHandler(frame -> {
                    failed = true;
                    print(err, "ERROR: " + frame.headers().get("message", "") + (frame.body().length > 0 ? " — " + frame.bodyText() : ""));
                });
        StompClient client;
        try {
            client = StompClient.connect(URI.create(url.contains("://") ? url : "ws://" + url), options).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            print(err, "cannot connect to " + url + ": " + Main.describe(e instanceof ExecutionException ? e.getCause() : e));
            return 2;
        }
        print(out, "connected: STOMP " + client.version().text() + ", session " + client.session());
        StompTransaction transaction = null;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null && client.isConnected(); ) {
            String[] words = line.trim().split("\\s+", 3);
            try {
                switch (words[0]) {
                    case "" -> { }
                    case "subscribe" -> {
                        StompAckMode ack = words.length > 2 ? StompAckMode.parse(words[2]) : StompAckMode.AUTO;
                        StompSubscription subscription = await(client.subscribe(words[1], ack, message -> received(out, message)));
                        subscriptions.put(subscription.id(), subscription);
                        print(out, "subscribed " + subscription.id() + " to " + subscription.destination());
                    }
                    case "unsubscribe" -> {
                        StompSubscription subscription = subscriptions.remove(words[1]);
                        if (subscription == null) {
                            print(err, "no subscription " + words[1]);
                        } else {
                            await(subscription.unsubscribe());
                            print(out, "unsubscribed " + words[1]);
                        }
                    }
                    case "send" -> {
                        String text = words.length > 2 ? words[2] : "";
                        await(transaction == null ? client.send(words[1], text) : transaction.send(words[1], text));
                        print(out, "sent");
                    }
                    case "ack", "nack" -> {
                        StompMessage message = unacked.remove(words[1]);
                        if (message == null) {
                            print(err, "no message with ack id " + words[1]);
                        } else {
                            await(words[0].equals("nack") ? message.nack() : transaction == null ? message.ack() : transaction.ack(message));
                            print(out, words[0] + "ed " + words[1]);
                        }
                    }
                    case "begin" -> {
                        transaction = client.begin();
                        print(out, "began " + transaction.id());
                    }
                    case "commit", "abort" -> {
                        if (transaction == null) {
                            print(err, "no transaction: begin first");
                        } else {
                            await(words[0].equals("commit") ? transaction.commit() : transaction.abort());
                            print(out, words[0] + (words[0].equals("commit") ? "ted " : "ed ") + transaction.id());
                            transaction = null;
                        }
                    }
                    case "disconnect" -> {
                        break;
                    }
                    default -> print(err, "unknown command " + words[0] + " (see --help)");
                }
                if (words[0].equals("disconnect")) {
                    break;
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                print(err, words[0] + ": missing argument (see --help)");
            } catch (StompException e) {
                print(err, words[0] + ": " + e.getMessage());
            }
        }
        if (!client.isConnected()) {
            return 1;
        }
        client.close();
        print(out, "disconnected");
        return failed ? 1 : 0;
    }

    private void received(PrintWriter out, StompMessage message) {
        String ackId = "";
        if (message.subscription().ack() != StompAckMode.AUTO) {
            unacked.put(message.ackId(), message);
            ackId = "[" + message.ackId() + "] ";
        }
        print(out, "< " + message.header("destination") + " " + ackId + message.text());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StompException(Main.describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new StompException("no receipt within 15 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StompException("interrupted");
        }
    }

    private static void print(PrintWriter writer, String line) {
        synchronized (writer) {
            writer.println(line);
            writer.flush();
        }
    }
}
