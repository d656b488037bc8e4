package dev.anemone.stomp.internal;

import dev.anemone.ScheduledTask;
import dev.anemone.WebSocket;
import dev.anemone.protocol.ReadyState;
import dev.anemone.stomp.HeartBeat;
import dev.anemone.stomp.StompAckMode;
import dev.anemone.stomp.StompCommand;
import dev.anemone.stomp.StompDecoder;
import dev.anemone.stomp.StompEncoder;
import dev.anemone.stomp.StompException;
import dev.anemone.stomp.StompFrame;
import dev.anemone.stomp.StompHeaders;
import dev.anemone.stomp.StompVersion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One WebSocket connection speaking STOMP to the broker. Frames are read and handled on the
 * connection's event loop; other sessions reach it only through {@link #write} and through the
 * broker's lock, which guards {@link #subscriptions}.
 */
final class StompSession {

    /** Headers the broker sets on MESSAGE, or that belong to the SEND alone: never copied from a sender. */
    private static final Set<String> RESERVED = Set.of("destination", "message-id", "subscription", "ack", "receipt",
            "transaction", "content-length", "redelivered");

    final Broker broker;
    final WebSocket socket;
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final StompDecoder decoder;
    private final Map<String, List<StompFrame>> transactions = new HashMap<>();
    private volatile StompVersion version;
    private volatile boolean failed;
    private boolean connected;
    private String user;
    private long lastReceived = System.nanoTime();
    private final List<ScheduledTask> timers = new ArrayList<>(2);

    StompSession(Broker broker, WebSocket socket) {
        this.broker = broker;
        this.socket = socket;
        this.decoder = new StompDecoder(broker.options.frameLimits());
        broker.serverIs(socket.server());
    }

    StompVersion version() {
        return version;
    }

    boolean isOpen() {
        return !failed && socket.readyState() == ReadyState.OPEN;
    }

    /** Bytes of one WebSocket message arrived. */
    void receive(ByteBuffer bytes) {
        if (failed) {
            return;
        }
        lastReceived = System.nanoTime();
        try {
            decoder.decode(bytes, this::handleSafely);
        } catch (StompException e) {
            fail(e.getMessage(), null);
        }
    }

    private void handleSafely(StompFrame frame) {
        if (failed) {
            return;
        }
        try {
            handle(frame);
        } catch (StompException e) {
            fail(e.getMessage(), frame.header("receipt"));
        }
    }

    private void handle(StompFrame frame) {
        StompCommand command = frame.command();
        if (!command.fromClient()) {
            throw new StompException(command + " is sent by servers, not clients");
        }
        if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
            connect(frame);
            return;
        }
        if (!connected) {
            throw new StompException("the first frame must be CONNECT or STOMP");
        }
        String transaction = frame.header("transaction");
        if (transaction != null && (command == StompCommand.SEND || command == StompCommand.ACK || command == StompCommand.NACK)) {
            List<StompFrame> held = transactions.get(transaction);
            if (held == null) {
                throw new StompException("no transaction " + transaction);
            }
            held.add(frame);
        } else {
            perform(frame);
        }
        String receipt = frame.header("receipt");
        if (receipt != null) {
            write(StompFrame.of(StompCommand.RECEIPT, "receipt-id", receipt));
        }
        if (command == StompCommand.DISCONNECT) {
            failed = true;
            socket.close(1000, "DISCONNECT");
        }
    }

    private void perform(StompFrame frame) {
        switch (frame.command()) {
            case SEND -> send(frame);
            case SUBSCRIBE -> subscribe(frame);
            case UNSUBSCRIBE -> unsubscribe(frame);
            case ACK, NACK -> settle(frame);
            case BEGIN -> {
                if (transactions.putIfAbsent(required(frame, "transaction"), new ArrayList<>()) != null) {
                    throw new StompException("transaction " + frame.header("transaction") + " already begun");
                }
            }
            case COMMIT -> {
                List<StompFrame> held = takeTransaction(frame);
                for (StompFrame inside : held) {
                    perform(inside);
                }
            }
            case ABORT -> takeTransaction(frame);
            case DISCONNECT -> { }
            default -> throw new StompException("unexpected " + frame.command());
        }
    }

    private List<StompFrame> takeTransaction(StompFrame frame) {
        List<StompFrame> held = transactions.remove(required(frame, "transaction"));
        if (held == null) {
            throw new StompException("no transaction " + frame.header("transaction"));
        }
        return held;
    }

    private void connect(StompFrame frame) {
        if (connected) {
            throw new StompException("already connected");
        }
        StompVersion agreed = StompVersion.negotiate(frame.header("accept-version"), socket.protocol());
        if (agreed == null) {
            write(StompFrame.text(StompCommand.ERROR, "Supported protocol versions are 1.0 1.1 1.2",
                    "version", "1.0,1.1,1.2", "content-type", "text/plain", "message", "unsupported STOMP version"));
            failed = true;
            socket.close(1000, "unsupported STOMP version");
            return;
        }
        version = agreed;
        HeartBeat client = HeartBeat.parse(frame.header("heart-beat"));
        user = broker.options.guard().authenticate(frame.header("login"), frame.header("passcode"), socket);
        if (user == null) {
            throw new StompException("authentication failed");
        }
        decoder.version(agreed);
        connected = true;
        HeartBeat ours = broker.options.heartBeat();
        String session = broker.nextId("session-");
        write(StompFrame.of(StompCommand.CONNECTED, "version", agreed.text(), "session", session,
                "server", broker.options.serverName(), "heart-beat", ours.header()));
        startHeartBeats(ours.sendInterval(client), ours.receiveInterval(client));
    }

    private void startHeartBeats(long sendEvery, long expectEvery) {
        if (sendEvery > 0) {
            timers.add(socket.scheduleAtFixedRate(Duration.ofMillis(sendEvery), Duration.ofMillis(sendEvery),
                    () -> socket.sendText(ByteBuffer.wrap(StompEncoder.HEART_BEAT))));
        }
        if (expectEvery > 0) {
            long allowed = (long) (expectEvery * broker.options.heartBeatGrace()) * 1_000_000L;
            timers.add(socket.scheduleAtFixedRate(Duration.ofMillis(expectEvery), Duration.ofMillis(expectEvery), () -> {
                if (System.nanoTime() - lastReceived > allowed) {
                    fail("no heart-beat from the client within " + allowed / 1_000_000 + " ms", null);
                }
            }));
        }
    }

    private void send(StompFrame frame) {
        String destination = required(frame, "destination");
        check(StompCommand.SEND, destination);
        List<Map.Entry<String, String>> kept = new ArrayList<>(frame.headers().size());
        for (Map.Entry<String, String> header : frame.headers().entries()) {
            if (!RESERVED.contains(header.getKey())) {
                kept.add(header);
            }
        }
        broker.send(destination, StompHeaders.ofEntries(kept), frame.body());
    }

    private void subscribe(StompFrame frame) {
        String destination = required(frame, "destination");
        String id = frame.header("id");
        if (id == null) {
            if (version != StompVersion.V1_0) {
                throw new StompException("SUBSCRIBE needs an id header");
            }
            id = destination;
        }
        StompAckMode ack = StompAckMode.parse(frame.header("ack"));
        check(StompCommand.SUBSCRIBE, destination);
        if (!destination.startsWith("/topic/")) {
            Destinations.checkQueue(destination);
        }
        Subscription subscription = new Subscription(this, id, destination, ack);
        synchronized (broker.lock) {
            if (subscriptions.containsKey(id)) {
                throw new StompException("subscription id " + id + " is already in use");
            }
            if (subscriptions.size() >= broker.options.maxSubscriptionsPerSession()) {
                throw new StompException("more than " + broker.options.maxSubscriptionsPerSession() + " subscriptions");
            }
            subscriptions.put(id, subscription);
        }
        broker.subscribe(subscription);
    }

    private void unsubscribe(StompFrame frame) {
        String id = frame.header("id");
        if (id == null && version == StompVersion.V1_0) {
            id = frame.header("destination");
        }
        if (id == null) {
            throw new StompException("UNSUBSCRIBE needs an id header");
        }
        Subscription subscription;
        synchronized (broker.lock) {
            subscription = subscriptions.remove(id);
        }
        if (subscription == null) {
            throw new StompException("no subscription " + id);
        }
        broker.unsubscribe(subscription);
    }

    private void settle(StompFrame frame) {
        String deliveryId = frame.header("id");
        if (deliveryId == null || version != StompVersion.V1_2) {
            deliveryId = frame.headers().get("message-id", deliveryId);
        }
        if (deliveryId == null) {
            throw new StompException(frame.command() + " needs an " + (version == StompVersion.V1_2 ? "id" : "message-id") + " header");
        }
        String subscriptionId = frame.header("subscription");
        synchronized (broker.lock) {
            for (Subscription subscription : subscriptions.values()) {
                if ((subscriptionId == null || subscription.id.equals(subscriptionId)) && subscription.unacked.containsKey(deliveryId)) {
                    broker.settle(subscription, deliveryId, frame.command() == StompCommand.NACK);
                    return;
                }
            }
        }
        throw new StompException("no unacknowledged message with id " + deliveryId);
    }

    private void check(StompCommand command, String destination) {
        if (!broker.options.guard().allows(user, command, destination)) {
            throw new StompException(command + " to " + destination + " is not allowed");
        }
    }

    private static String required(StompFrame frame, String header) {
        String value = frame.header(header);
        if (value == null || value.isEmpty()) {
            throw new StompException(frame.command() + " needs a " + header + " header");
        }
        return value;
    }

    /** Sends a frame to the client, from any thread. */
    void write(StompFrame frame) {
        Wire.send(socket, StompEncoder.encode(frame, version));
    }

    /** Sends ERROR naming {@code message} (with {@code receipt-id} when the frame asked for a receipt), then closes; from any thread. */
    void fail(String message, String receipt) {
        if (failed) {
            return;
        }
        failed = true;
        List<String> headers = new ArrayList<>(List.of("message", message, "content-type", "text/plain"));
        if (receipt != null) {
            headers.add("receipt-id");
            headers.add(receipt);
        }
        write(StompFrame.text(StompCommand.ERROR, message, headers.toArray(String[]::new)));
        socket.close(1000, "STOMP ERROR");
    }

    /** The connection closed: subscriptions end, queue messages held unacknowledged go back. */
    void closed() {
        failed = true;
        timers.forEach(ScheduledTask::cancel);
        List<Subscription> ended;
        synchronized (broker.lock) {
            ended = new ArrayList<>(subscriptions.values());
            subscriptions.clear();
        }
        for (Subscription subscription : ended) {
            broker.unsubscribe(subscription);
        }
    }

    void drained() {
        broker.drained(this);
    }
}
