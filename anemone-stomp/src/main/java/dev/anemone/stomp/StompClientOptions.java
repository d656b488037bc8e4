package dev.anemone.stomp;

import dev.anemone.ClientOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link StompClient} connects.
 *
 * @param login the CONNECT frame's {@code login}, or null
 * @param passcode its {@code passcode}, or null
 * @param host its {@code host} (null: the URI's host; RabbitMQ reads it as the virtual host, so
 *     give {@code "/"} there)
 * @param heartBeat what the client offers: how often it can send, how often it wants to hear
 *     from the server (milliseconds; 0 for never)
 * @param reconnectDelay how long to wait before connecting again after the connection was lost,
 *     re-subscribing every live subscription; null never reconnects
 * @param webSocket the WebSocket client's options (headers such as {@code Origin}, TLS, limits);
 *     the STOMP subprotocols are added to them
 * @param onError what hears the server's ERROR frames (after which the connection closes)
 * @param frameLimits the largest frame accepted from the server
 * @param onConnected what hears of each CONNECTED, the first and every reconnect's (after the
 *     subscriptions were sent again)
 */
public record StompClientOptions(String login, String passcode, String host, HeartBeat heartBeat, Duration reconnectDelay,
                                 ClientOptions webSocket, Consumer<StompFrame> onError, StompLimits frameLimits,
                                 Consumer<StompClient> onConnected) {

    /** Checks the values. */
    public StompClientOptions {
        Objects.requireNonNull(heartBeat, "heartBeat");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(frameLimits, "frameLimits");
        Objects.requireNonNull(onConnected, "onConnected");
    }

    /** No login, heart-beats 10 s both ways, no reconnecting, 16 MiB frames. */
    public static StompClientOptions defaults() {
        return new StompClientOptions(null, null, null, new HeartBeat(10_000, 10_000), null, ClientOptions.defaults(),
                frame -> { }, new StompLimits(16 << 20, 1024, 64 * 1024), client -> { });
    }

    /** These options with {@code login} and {@code passcode}. */
    public StompClientOptions withLogin(String newLogin, String newPasscode) {
        return new StompClientOptions(newLogin, newPasscode, host, heartBeat, reconnectDelay, webSocket, onError, frameLimits, onConnected);
    }

    /** These options with the CONNECT frame's {@code host}. */
    public StompClientOptions withHost(String newHost) {
        return new StompClientOptions(login, passcode, newHost, heartBeat, reconnectDelay, webSocket, onError, frameLimits, onConnected);
    }

    /** These options with {@code heartBeat}. */
    public StompClientOptions withHeartBeat(HeartBeat value) {
        return new StompClientOptions(login, passcode, host, value, reconnectDelay, webSocket, onError, frameLimits, onConnected);
    }

    /** These options reconnecting after {@code delay}. */
    public StompClientOptions withReconnect(Duration delay) {
        return new StompClientOptions(login, passcode, host, heartBeat, delay, webSocket, onError, frameLimits, onConnected);
    }

    /** These options with the WebSocket client's options. */
    public StompClientOptions withWebSocket(ClientOptions value) {
        return new StompClientOptions(login, passcode, host, heartBeat, reconnectDelay, value, onError, frameLimits, onConnected);
    }

    /** These options sending ERROR frames to {@code handler}. */
    public StompClientOptions withErrorHandler(Consumer<StompFrame> handler) {
        return new StompClientOptions(login, passcode, host, heartBeat, reconnectDelay, webSocket, handler, frameLimits, onConnected);
    }

    /** These options telling {@code handler} of every CONNECTED. */
    public StompClientOptions withConnectedHandler(Consumer<StompClient> handler) {
        return new StompClientOptions(login, passcode, host, heartBeat, reconnectDelay, webSocket, onError, frameLimits, handler);
    }
}
