package dev.anemone.sockjs.internal;

import dev.anemone.WebSocketListener;
import dev.anemone.sockjs.SockJsOptions;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of one SockJS service shares: its settings, the application's listener,
 * the timer thread, the session table and the topics.
 *
 * @param prefix the path the service answers under, without a trailing slash ({@code /sockjs})
 * @param server the server the service is mounted on, once it has started (for {@code WebSocket.server()})
 */
public record SockJsContext(String prefix, WebSocketListener listener, SockJsOptions options,
                            ScheduledExecutorService timer, Sessions sessions, Topics topics,
                            ServerHolder server) {
}
