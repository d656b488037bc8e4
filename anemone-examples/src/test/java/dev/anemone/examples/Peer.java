package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.HandshakeException;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's WebSocket client: what it hears, in order, as lines ("open", "text ...", "close CODE REASON"). */
final class Peer implements WebSocketListener {

    /** A line, and when it was heard ({@link System#nanoTime()}). */
    private record Heard(String line, long at) {
    }

    private final BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
    private WebSocket socket;
    private long lastHeardAt;

    /** Connects and waits for the open. */
    static Peer connect(URI uri, ClientOptions options) {
        Peer peer = new Peer();
        peer.socket = WebSocketClient.shared().connect(uri, options, peer).join();
        assertThat(peer.next()).isEqualTo("open");
        return peer;
    }

    static Peer connect(URI uri) {
        return connect(uri, ClientOptions.defaults());
    }

    /** The status of the server's refusal of the handshake. */
    static int refusal(URI uri, ClientOptions options) {
        try {
            WebSocketClient.shared().connect(uri, options, new Peer()).join().close();
            throw new AssertionError("the server accepted " + uri);
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(HandshakeException.class);
            return ((HandshakeException) e.getCause()).status();
        }
    }

    WebSocket socket() {
        return socket;
    }

    void send(String text) {
        socket.send(text);
    }

    /** The next thing heard, within 10 seconds. */
    String next() {
        try {
            Heard next = heard.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("something heard within 10 s").isNotNull();
            lastHeardAt = next.at();
            return next.line();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next text heard. */
    String nextText() {
        String line = next();
        assertThat(line).startsWith("text ");
        return line.substring(5);
    }

    /** When what {@link #next()} returned last was heard, in {@link System#nanoTime()}'s terms. */
    long lastHeardAt() {
        return lastHeardAt;
    }

    /** Whether nothing more is heard for {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        return heard.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    private void hear(String line) {
        heard.add(new Heard(line, System.nanoTime()));
    }

    @Override
    public void onOpen(WebSocket socket) {
        hear("open");
    }

    @Override
    public void onText(WebSocket socket, String text) {
        hear("text " + text);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        hear("close " + code + " " + reason);
    }
}
