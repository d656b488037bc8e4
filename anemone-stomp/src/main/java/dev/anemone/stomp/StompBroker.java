package dev.anemone.stomp;

import dev.anemone.Endpoint;
import dev.anemone.ProtocolSelector;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.internal.Broker;
import dev.anemone.stomp.internal.BrokerListener;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded STOMP broker on Anemone's server: STOMP 1.0, 1.1 and 1.2 over WebSocket (subprotocols
 * {@code v10.stomp}, {@code v11.stomp}, {@code v12.stomp}, or none), with {@code /topic/…}
 * destinations that fan out on the server's topics and {@code /queue/…} destinations that hand
 * each message to one subscriber, round-robin, holding it while nobody can take it.
 *
 * <pre>{@code
 * WebSocketServer.Builder builder = WebSocketServer.builder().port(61614);
 * StompBroker broker = StompBroker.create(StompBrokerOptions.defaults()).mount(builder, "/stomp");
 * WebSocketServer server = builder.start();
 * broker.send("/topic/news", "hello");
 * }</pre>
 *
 * <p>Sessions support SEND, SUBSCRIBE and UNSUBSCRIBE with ids, acknowledgement modes
 * {@code auto}, {@code client} and {@code client-individual} with ACK and NACK (a queue's
 * unacknowledged messages go back to it, marked {@code redelivered}, when their subscriber leaves
 * or NACKs them), transactions, receipts, heart-beats both ways, and DISCONNECT. A frame that
 * breaks STOMP, a limit or the {@link StompGuard} gets an ERROR frame naming the problem (with
 * {@code receipt-id} when it asked for a receipt), then its connection closes; other sessions are
 * not affected. Header values are carried as data and never evaluated.
 */
public final class StompBroker {

    private static final AtomicInteger BROKERS = new AtomicInteger();

    private final Broker broker;

    private StompBroker(StompBrokerOptions options) {
        this.broker = new Broker(options, Integer.toString(BROKERS.incrementAndGet()));
    }

    /** A broker with {@code options}; it serves nothing until {@linkplain #mount mounted}. */
    public static StompBroker create(StompBrokerOptions options) {
        return new StompBroker(options);
    }

    /** A broker with the default options. */
    public static StompBroker create() {
        return create(StompBrokerOptions.defaults());
    }

    /**
     * Serves STOMP over WebSocket at {@code path} on the server {@code builder} builds: the
     * handshake picks the newest STOMP subprotocol the client offers. Returns this broker.
     */
    public StompBroker mount(WebSocketServer.Builder builder, String path) {
        builder.endpoint(path, Endpoint.of(new BrokerListener(broker)).withProtocols(StompBroker::newestOffered));
        return this;
    }

    private static String newestOffered(java.util.List<String> offered, dev.anemone.HandshakeInfo info) {
        for (String name : StompVersion.subprotocols()) {
            if (offered.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The subprotocol selector the broker's endpoint uses: the newest STOMP version offered. */
    public static ProtocolSelector protocolSelector() {
        return StompBroker::newestOffered;
    }

    /** Sends a message from the application, as a client's SEND would: to a topic's subscribers or into a queue. */
    public void send(String destination, String text, String... headerNamesAndValues) {
        broker.send(destination, StompHeaders.of(headerNamesAndValues), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a message to every present subscriber of {@code destination}, be it a queue or a
     * topic, and keeps nothing for later subscribers: how the book's ticker pushes a price to
     * everyone watching {@code /queue/stocks.SYMBOL}.
     */
    public void sendToSubscribers(String destination, String text, String... headerNamesAndValues) {
        broker.sendToSubscribers(destination, StompHeaders.of(headerNamesAndValues), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The destinations that have subscribers now. */
    public Set<String> subscribedDestinations() {
        return broker.subscribedDestinations();
    }

    /** How many subscriptions {@code destination} has. */
    public int subscriberCount(String destination) {
        return broker.subscriberCount(destination);
    }

    /** How many messages wait in queues for a subscriber. */
    public int queuedMessages() {
        return broker.queuedMessages();
    }

    /** The options in force. */
    public StompBrokerOptions options() {
        return broker.options();
    }
}
