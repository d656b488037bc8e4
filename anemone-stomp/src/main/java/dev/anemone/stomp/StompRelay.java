package dev.anemone.stomp;

import dev.anemone.Endpoint;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.internal.RelayListener;

/**
 * Relays STOMP over WebSocket to an external broker's STOMP port, as Spring's broker relay does:
 * each WebSocket session gets its own TCP STOMP connection (RabbitMQ: port 61613), with the
 * client's credentials passed through or mapped ({@link StompRelayOptions#credentials()}), the
 * heart-beats the two ends agreed passed along, and the broker's frames, ERROR included, passed
 * back one per WebSocket message. Each session costs a TCP connection and two threads, one that
 * connects and writes to the broker (never the event loop) and one that reads it.
 *
 * <pre>{@code
 * WebSocketServer.Builder builder = WebSocketServer.builder().port(61614);
 * StompRelay.create(StompRelayOptions.to("127.0.0.1", 61613).withVirtualHost("/")).mount(builder, "/stomp");
 * builder.start();
 * }</pre>
 */
public final class StompRelay {

    private final StompRelayOptions options;

    private StompRelay(StompRelayOptions options) {
        this.options = options;
    }

    /** A relay with {@code options}. */
    public static StompRelay create(StompRelayOptions options) {
        return new StompRelay(options);
    }

    /** Relays the WebSocket connections at {@code path} of the server {@code builder} builds; returns this relay. */
    public StompRelay mount(WebSocketServer.Builder builder, String path) {
        builder.endpoint(path, Endpoint.of(new RelayListener(options)).withProtocols(StompBroker.protocolSelector()));
        return this;
    }

    /** The options in force. */
    public StompRelayOptions options() {
        return options;
    }
}
