package dev.anemone.interop;

import static dev.anemone.interop.Scenarios.PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Our client against a peer's echo server, both compressing with the same {@link Compression}. */
final class OurClientLink implements CompressedLink {

    private final ExternalPeer server;
    private final WireCounter wire;
    private final EventLog events = new EventLog("our client");
    private final WebSocket ours;
    private final Event peerOpened;

    OurClientLink(PeerRuntime runtime, Compression settings) {
        server = runtime.server(List.of(PROTOCOL), settings.peerOption());
        WireCounter relay = null;
        try {
            relay = WireCounter.inFrontOf(Integer.parseInt(server.awaitLine().strip()));
            ours = WebSocketClient.shared()
                    .connect(relay.uri("/echo"), ClientOptions.builder().protocols(PROTOCOL)
                            .perMessageDeflate(settings.ours()).build(), new Recorder(events, false))
                    .get(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            events.await("open");
            peerOpened = server.events().await("open");
        } catch (Exception | AssertionError e) {
            if (relay != null) {
                relay.close();
            }
            server.close();
            throw new AssertionError("our client cannot connect to " + server + " with " + settings + ": "
                    + server.events(), e);
        }
        wire = relay;
    }

    @Override
    public String peerExtensions() {
        return peerOpened.text("extensions");
    }

    @Override
    public WebSocket ours() {
        return ours;
    }

    @Override
    public WireCounter wire() {
        return wire;
    }

    @Override
    public void echo(String type, int size) {
        byte[] payload = Payloads.of(type, size);

        assertThat(type.equals("text") ? ours.send(new String(payload, StandardCharsets.UTF_8)) : ours.send(payload))
                .as("send accepted").isTrue();

        Expect.message(server.events().await("message"), type, size);
        Expect.message(events.await("message"), type, size);
    }

    @Override
    public void close() {
        try {
            ours.terminate();
        } finally {
            wire.close();
            server.close();
        }
    }
}
