package dev.anemone.internal;

import dev.anemone.WebSocket;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The open connections of one endpoint: a live, unmodifiable view of the server's connections
 * that shows those of the endpoint. It keeps no set of its own, so a connection is tracked once,
 * not once per view; the price is that iterating it or taking its size walks all the server's
 * connections. Thread-safe, and weakly consistent as the server's set is: it never throws
 * {@code ConcurrentModificationException}, and shows each connection open throughout the
 * iteration.
 */
final class EndpointClients extends AbstractSet<WebSocket> {

    private final Set<WebSocketSession> all;
    private final ServerEndpoint endpoint;

    EndpointClients(Set<WebSocketSession> all, ServerEndpoint endpoint) {
        this.all = all;
        this.endpoint = endpoint;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof WebSocketSession session && isOurs(session) && all.contains(session);
    }

    @Override
    public Iterator<WebSocket> iterator() {
        Iterator<WebSocketSession> sessions = all.iterator();
        return new Iterator<>() {
            private WebSocketSession next = advance();

            private WebSocketSession advance() {
                while (sessions.hasNext()) {
                    WebSocketSession candidate = sessions.next();
                    if (isOurs(candidate)) {
                        return candidate;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public WebSocket next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                WebSocketSession current = next;
                next = advance();
                return current;
            }
        };
    }

    @Override
    public int size() {
        int size = 0;
        for (WebSocketSession session : all) {
            if (isOurs(session)) {
                size++;
            }
        }
        return size;
    }

    private boolean isOurs(WebSocketSession session) {
        return session.settings().endpoint() == endpoint;
    }
}
