package dev.anemone.stomp;

import dev.anemone.ClientOptions;
import dev.anemone.ScheduledTask;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.stomp.internal.Wire;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A STOMP client over Anemone's WebSocket client: subscribe with a handler, send, receipts as
 * futures, ACK and NACK, transactions, heart-beats, and reconnecting with its subscriptions.
 *
 * <pre>{@code
 * StompClient client = StompClient.connect(URI.create("ws://localhost:61614/stomp")).join();
 * client.subscribe("/topic/news", message -> System.out.println(message.text())).join();
 * client.send("/topic/news", "hello").join();   // completes on the server's RECEIPT
 * }</pre>
 *
 * <p>Handlers run on the connection's event loop: keep them short. Every method may be called
 * from any thread. A future that waits for a receipt fails when the server answers with ERROR or
 * the connection is lost first.
 */
public final class StompClient implements AutoCloseable {

    private final URI uri;
    private final StompClientOptions options;
    private final Map<String, StompSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile WebSocket socket;
    private volatile StompVersion version;
    private volatile String session;
    private volatile boolean closing;
    private volatile boolean connected;

    private StompClient(URI uri, StompClientOptions options) {
        this.uri = uri;
        this.options = options;
    }

    /** Connects to {@code uri} with the default options; completes on CONNECTED. */
    public static CompletableFuture<StompClient> connect(URI uri) {
        return connect(uri, StompClientOptions.defaults());
    }

    /** Connects to {@code uri} with {@code options}; completes on CONNECTED, fails on ERROR or when the connection fails. */
    public static CompletableFuture<StompClient> connect(URI uri, StompClientOptions options) {
        return new StompClient(uri, options).open();
    }

    private CompletableFuture<StompClient> open() {
        CompletableFuture<StompClient> done = new CompletableFuture<>();
        ClientOptions webSocket = options.webSocket().toBuilder().protocols(StompVersion.subprotocols()).build();
        WebSocketClient.shared().connect(uri, webSocket, new Connection(done)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** The version agreed on the current connection. */
    public StompVersion version() {
        return version;
    }

    /** The server's session id on the current connection. */
    public String session() {
        return session;
    }

    /** Whether the client is connected now (false between a loss and a reconnect). */
    public boolean isConnected() {
        return connected;
    }

    /** Subscribes to {@code destination}, acknowledging automatically; completes on the server's receipt. */
    public CompletableFuture<StompSubscription> subscribe(String destination, Consumer<StompMessage> handler) {
        return subscribe(destination, StompAckMode.AUTO, handler);
    }

    /**
     * Subscribes to {@code destination} in acknowledgement mode {@code ack}, with further SUBSCRIBE
     * headers; completes on the server's receipt.
     */
    public CompletableFuture<StompSubscription> subscribe(String destination, StompAckMode ack, Consumer<StompMessage> handler,
                                                         String... headerNamesAndValues) {
        StompSubscription subscription = new StompSubscription(this, "sub-" + ids.incrementAndGet(), destination, ack,
                StompHeaders.of(headerNamesAndValues), handler);
        subscriptions.put(subscription.id(), subscription);
        return request(subscribeFrame(subscription)).thenApply(ignored -> subscription);
    }

    private static StompFrame subscribeFrame(StompSubscription subscription) {
        StompHeaders headers = subscription.headers().with("ack", subscription.ack().header())
                .with("destination", subscription.destination()).with("id", subscription.id());
        return new StompFrame(StompCommand.SUBSCRIBE, headers, null);
    }

    CompletableFuture<Void> unsubscribe(StompSubscription subscription) {
        subscriptions.remove(subscription.id());
        return request(StompFrame.of(StompCommand.UNSUBSCRIBE, "id", subscription.id(), "destination", subscription.destination()));
    }

    /** Sends {@code text} to {@code destination}; completes on the server's receipt. */
    public CompletableFuture<Void> send(String destination, String text, String... headerNamesAndValues) {
        return send(destination, StompHeaders.of(headerNamesAndValues), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code body} to {@code destination} with {@code headers}; completes on the server's receipt. */
    public CompletableFuture<Void> send(String destination, StompHeaders headers, byte[] body) {
        return request(new StompFrame(StompCommand.SEND, headers.with("destination", destination), body));
    }

    /** Sends {@code text} to {@code destination} asking no receipt; false when the connection is down. */
    public boolean sendWithoutReceipt(String destination, String text, String... headerNamesAndValues) {
        return write(new StompFrame(StompCommand.SEND, StompHeaders.of(headerNamesAndValues).with("destination", destination),
                text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Begins a transaction. */
    public StompTransaction begin() {
        StompTransaction transaction = new StompTransaction(this, "tx-" + ids.incrementAndGet());
        write(StompFrame.of(StompCommand.BEGIN, "transaction", transaction.id()));
        return transaction;
    }

    CompletableFuture<Void> settle(StompMessage message, boolean nack, String transaction) {
        StompCommand command = nack ? StompCommand.NACK : StompCommand.ACK;
        List<String> headers = new ArrayList<>();
        if (version == StompVersion.V1_2) {
            headers.addAll(List.of("id", message.ackId()));
        } else {
            headers.addAll(List.of("message-id", message.header("message-id"), "subscription", message.subscription().id()));
        }
        if (transaction != null) {
            headers.addAll(List.of("transaction", transaction));
        }
        return request(StompFrame.of(command, headers.toArray(String[]::new)));
    }

    /** Sends {@code frame} with a {@code receipt} header; the future completes when the RECEIPT comes. */
    CompletableFuture<Void> request(StompFrame frame) {
        String receipt = "r-" + ids.incrementAndGet();
        CompletableFuture<Void> future = new CompletableFuture<>();
        receipts.put(receipt, future);
        if (!write(frame.withHeader("receipt", receipt))) {
            receipts.remove(receipt);
            future.completeExceptionally(new StompException("not connected"));
        }
        return future;
    }

    private boolean write(StompFrame frame) {
        WebSocket current = socket;
        return current != null && connected && Wire.send(current, StompEncoder.encode(frame, version));
    }

    /** Sends DISCONNECT and closes once the server's receipt comes; subscriptions end and no reconnect follows. */
    public CompletableFuture<Void> disconnect() {
        closing = true;
        WebSocket current = socket;
        return request(StompFrame.of(StompCommand.DISCONNECT)).whenComplete((ignored, failure) -> {
            if (current != null) {
                current.close(1000, "DISCONNECT");
            }
        });
    }

    /** Disconnects, waiting up to five seconds for the receipt, then closes the connection. */
    @Override
    public void close() {
        try {
            disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            WebSocket current = socket;
            if (current != null) {
                current.terminate();
            }
        }
    }

    private void lost(CompletableFuture<StompClient> attempt, String why) {
        connected = false;
        StompException failure = new StompException(why);
        attempt.completeExceptionally(failure);
        receipts.values().forEach(future -> future.completeExceptionally(failure));
        receipts.clear();
        Duration delay = options.reconnectDelay();
        if (!closing && delay != null && attempt.isDone() && !attempt.isCompletedExceptionally()) {
            reconnectAfter(delay);
        }
    }

    private void reconnectAfter(Duration delay) {
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!closing) {
                open().whenComplete((client, failure) -> {
                    if (failure != null && !closing) {
                        reconnectAfter(delay);
                    }
                });
            }
        });
    }

    /** One WebSocket connection's STOMP session. */
    private final class Connection implements WebSocketListener {
        private final CompletableFuture<StompClient> attempt;
        private final StompDecoder decoder = new StompDecoder(options.frameLimits());
        private final List<ScheduledTask> timers = new ArrayList<>(2);
        private volatile long lastReceived = System.nanoTime();
        private boolean everConnected;

        Connection(CompletableFuture<StompClient> attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            List<String> headers = new ArrayList<>(List.of("accept-version", "1.2,1.1,1.0",
                    "host", options.host() != null ? options.host() : uri.getHost(),
                    "heart-beat", options.heartBeat().header()));
            if (options.login() != null) {
                headers.addAll(List.of("login", options.login()));
            }
            if (options.passcode() != null) {
                headers.addAll(List.of("passcode", options.passcode()));
            }
            Wire.send(webSocket, StompEncoder.encode(StompFrame.of(StompCommand.CONNECT, headers.toArray(String[]::new)), null));
        }

        @Override
        public void onTextUtf8(WebSocket webSocket, ByteBuffer utf8) {
            receive(webSocket, utf8);
        }

        @Override
        public void onBinary(WebSocket webSocket, ByteBuffer data) {
            receive(webSocket, data);
        }

        private void receive(WebSocket webSocket, ByteBuffer bytes) {
            lastReceived = System.nanoTime();
            try {
                decoder.decode(bytes, frame -> handle(webSocket, frame));
            } catch (StompException e) {
                webSocket.close(1000, "bad STOMP frame");
            }
        }

        private void handle(WebSocket webSocket, StompFrame frame) {
            switch (frame.command()) {
                case CONNECTED -> connected(webSocket, frame);
                case MESSAGE -> {
                    StompSubscription subscription = subscriptions.get(frame.headers().get("subscription", ""));
                    if (subscription != null) {
                        subscription.handler().accept(new StompMessage(frame, subscription));
                    }
                }
                case RECEIPT -> {
                    CompletableFuture<Void> future = receipts.remove(frame.headers().get("receipt-id", ""));
                    if (future != null) {
                        future.complete(null);
                    }
                }
                case ERROR -> {
                    options.onError().accept(frame);
                    StompException failure = new StompException(frame.headers().get("message", frame.bodyText()));
                    String receipt = frame.header("receipt-id");
                    if (receipt != null) {
                        CompletableFuture<Void> future = receipts.remove(receipt);
                        if (future != null) {
                            future.completeExceptionally(failure);
                        }
                    } else {
                        // No receipt-id (RabbitMQ leaves it out): the client cannot tell which frame failed, so every wait ends.
                        receipts.values().forEach(future -> future.completeExceptionally(failure));
                        receipts.clear();
                    }
                    attempt.completeExceptionally(failure);
                }
                default -> { }
            }
        }

        private void connected(WebSocket webSocket, StompFrame frame) {
            StompVersion agreed = StompVersion.ofText(frame.headers().get("version", "1.0"));
            version = agreed == null ? StompVersion.V1_0 : agreed;
            decoder.version(version);
            session = frame.header("session");
            connected = true;
            everConnected = true;
            HeartBeat server = HeartBeat.parse(frame.header("heart-beat"));
            startHeartBeats(webSocket, options.heartBeat().sendInterval(server), options.heartBeat().receiveInterval(server));
            for (StompSubscription subscription : subscriptions.values()) {
                if (attempt.isDone()) {
                    break;
                }
                write(subscribeFrame(subscription));
            }
            attempt.complete(StompClient.this);
            options.onConnected().accept(StompClient.this);
        }

        private void startHeartBeats(WebSocket webSocket, long sendEvery, long expectEvery) {
            if (sendEvery > 0) {
                timers.add(webSocket.scheduleAtFixedRate(Duration.ofMillis(sendEvery), Duration.ofMillis(sendEvery),
                        () -> webSocket.sendText(ByteBuffer.wrap(StompEncoder.HEART_BEAT))));
            }
            if (expectEvery > 0) {
                long allowed = expectEvery * 2_000_000L;
                timers.add(webSocket.scheduleAtFixedRate(Duration.ofMillis(expectEvery), Duration.ofMillis(expectEvery), () -> {
                    if (System.nanoTime() - lastReceived > allowed) {
                        webSocket.terminate();
                    }
                }));
            }
        }

        @Override
        public void onClose(WebSocket webSocket, int code, String reason, boolean wasClean) {
            timers.forEach(ScheduledTask::cancel);
            if (socket == webSocket) {
                lost(attempt, "connection closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
            }
            if (!everConnected) {
                attempt.completeExceptionally(new StompException("connection closed before CONNECTED"));
            }
        }
    }
}
