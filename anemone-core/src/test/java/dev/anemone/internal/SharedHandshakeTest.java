package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.BackpressurePolicy;
import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An endpoint lends its connections one copy of a handshake they all packed alike. */
class SharedHandshakeTest {

    private final ServerEndpoint endpoint = new ServerEndpoint(null, PathPattern.parse("/echo"),
            Endpoint.of(new WebSocketListener() { }),
            new SessionSettings(EngineConfig.defaults(), 1024, BackpressurePolicy.CLOSE, Duration.ZERO, Duration.ZERO, 1),
            ClientVerifier.acceptAll(), closed -> { });

    private static byte[] packed(String uri, String protocol) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Host", "example.com");
        return PackedHandshake.withoutHeaders(PackedHandshake.pack(URI.create(uri), protocol, List.of(), headers));
    }

    @Test
    void equalHandshakesShareOneArray() {
        byte[] first = endpoint.shared(packed("ws://example.com/echo", null));
        byte[] second = endpoint.shared(packed("ws://example.com/echo", null));
        assertThat(second).isSameAs(first);
        assertThat(PackedHandshake.uri(second)).isEqualTo(URI.create("ws://example.com/echo"));
    }

    @Test
    void aDifferentHandshakeKeepsItsOwn() {
        byte[] first = endpoint.shared(packed("ws://example.com/echo", null));
        byte[] other = packed("ws://example.com/echo?room=2", "chat");
        assertThat(endpoint.shared(other)).isSameAs(other).isNotSameAs(first);
        assertThat(PackedHandshake.protocol(endpoint.shared(packed("ws://example.com/echo?room=2", "chat")))).isEqualTo("chat");
    }
}
