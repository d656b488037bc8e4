package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.protocol.DeflateOptions;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void whatIsSentComesBackWithTheOfferedProtocolAndCompression() {
        try (DemoHub hub = DemoHub.start(List.of(new Echo()), "127.0.0.1", 0, null, 0)) {
            Peer peer = Peer.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/echo/ws"),
                    ClientOptions.builder().protocols("anemone.echo").perMessageDeflate(DeflateOptions.defaults()).build());
            peer.send("héllo <b>echo</b>");
            assertThat(peer.nextText()).isEqualTo("héllo <b>echo</b>");
            assertThat(peer.socket().protocol()).isEqualTo("anemone.echo");
            assertThat(peer.socket().extensions()).singleElement().asString().startsWith("permessage-deflate");
            peer.socket().close(4000, "bye");
            assertThat(peer.next()).isEqualTo("close 4000 bye");
        }
    }
}
