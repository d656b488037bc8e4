package dev.anemone.bench.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 as a benchmark peer, with its Jetty WebSocket API: echo at {@code /echo}, relay to the
 * other open sessions at {@code /broadcast}. Jetty offers permessage-deflate whenever a client
 * asks; the mode argument is reported but changes nothing. See {@link PeerMain} for the arguments.
 */
public final class JettyEchoPeer {

    private JettyEchoPeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerMain peer = PeerMain.parse(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(peer.port);
        connector.setAcceptQueueSize(1024);
        connector.setIdleTimeout(Duration.ofHours(1).toMillis());
        server.addConnector(connector);
        Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, context, container -> {
            // Idle connections stay (the default closes them after 30 s).
            container.setIdleTimeout(Duration.ofHours(1));
            container.setMaxTextMessageSize(16 * 1024 * 1024);
            container.setMaxBinaryMessageSize(16 * 1024 * 1024);
            container.addMapping("/echo", (request, response, callback) -> new Echo());
            container.addMapping("/broadcast", (request, response, callback) -> new Relay(subscribers));
        });
        context.setHandler(upgrade);
        server.setHandler(context);
        server.start();
        peer.ready("deflate=" + peer.deflate);
    }

    /** Echoes every message; a binary buffer goes back out before its callback releases it. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session value) {
            session = value;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer data, Callback callback) {
            session.sendBinary(data, callback);
        }
    }

    /** Relays every message to the other sessions of {@code /broadcast}. */
    public static final class Relay implements Session.Listener.AutoDemanding {
        private final Set<Session> subscribers;
        private Session session;

        Relay(Set<Session> subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void onWebSocketOpen(Session value) {
            session = value;
            subscribers.add(value);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            subscribers.remove(session);
        }

        @Override
        public void onWebSocketText(String text) {
            for (Session other : subscribers) {
                if (other != session) {
                    other.sendText(text, Callback.NOOP);
                }
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer data, Callback callback) {
            for (Session other : subscribers) {
                if (other != session) {
                    other.sendBinary(data.slice(), Callback.NOOP);
                }
            }
            callback.succeed();
        }
    }
}
