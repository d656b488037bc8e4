package dev.anemone.interop;

import static dev.anemone.interop.Scenarios.PROTOCOL;

import dev.anemone.WebSocket;
import java.util.List;

/** A peer's client against our server, both compressing with the same {@link Compression}. */
final class PeerClientLink implements CompressedLink {

    private final OurServer server;
    private final WireCounter wire;
    private final ExternalPeer client;
    private final Event peerOpened;
    private final WebSocket ours;

    PeerClientLink(PeerRuntime runtime, Compression settings) {
        server = new OurServer(settings.ours());
        wire = WireCounter.inFrontOf(server.server().port());
        try {
            client = runtime.client(wire.uri("/echo"), List.of(PROTOCOL), settings.peerOption());
            peerOpened = client.events().await("open");
            ours = server.events().await("open").object("socket", WebSocket.class);
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
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
        client.command(Commands.send(type, size));

        Expect.message(server.events().await("message"), type, size);
        Expect.message(client.events().await("message"), type, size);
    }

    @Override
    public void close() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            wire.close();
            server.close();
        }
    }
}
