package dev.anemone.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Java-WebSocket (TooTallNate) as a benchmark peer: echo at {@code /echo}, its
 * {@code broadcast(text, clients)} to the other subscribers at {@code /broadcast}. One decoder
 * thread per available core. See {@link PeerMain} for the arguments.
 */
public final class JavaWebSocketEchoPeer extends WebSocketServer {

    private final Set<WebSocket> subscribers = ConcurrentHashMap.newKeySet();
    private final PeerMain peer;

    private JavaWebSocketEchoPeer(PeerMain peer, List<Draft> drafts) {
        super(new InetSocketAddress("127.0.0.1", peer.port), Runtime.getRuntime().availableProcessors(), drafts);
        this.peer = peer;
    }

    public static void main(String[] args) {
        PeerMain peer = PeerMain.parse(args);
        Draft draft = new Draft_6455();
        if (peer.deflate != PeerMain.Deflate.OFF) {
            PerMessageDeflateExtension deflate = new PerMessageDeflateExtension();
            deflate.setThreshold(0);
            deflate.setServerNoContextTakeover(peer.deflate == PeerMain.Deflate.ON);
            deflate.setClientNoContextTakeover(peer.deflate == PeerMain.Deflate.ON);
            draft = new Draft_6455(deflate);
        }
        JavaWebSocketEchoPeer server = new JavaWebSocketEchoPeer(peer, List.of(draft));
        server.setTcpNoDelay(true);
        server.setReuseAddr(true);
        // No heartbeat pings: the load generator measures messages, not liveness checks.
        server.setConnectionLostTimeout(0);
        server.setMaxPendingConnections(1024);
        server.start();
    }

    @Override
    public void onStart() {
        new Thread(() -> peer.ready("deflate=" + peer.deflate), "stdin").start();
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        if (handshake.getResourceDescriptor().startsWith("/broadcast")) {
            subscribers.add(socket);
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        subscribers.remove(socket);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        if (subscribers.contains(socket)) {
            broadcast(text, others(socket));
        } else {
            socket.send(text);
        }
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer data) {
        if (subscribers.contains(socket)) {
            broadcast(data, others(socket));
        } else {
            socket.send(data);
        }
    }

    private List<WebSocket> others(WebSocket publisher) {
        List<WebSocket> others = new ArrayList<>(subscribers.size());
        for (WebSocket socket : subscribers) {
            if (socket != publisher) {
                others.add(socket);
            }
        }
        return others;
    }

    @Override
    public void onError(WebSocket socket, Exception error) {
        System.err.println("error: " + error);
    }
}
