package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The client's connect and handshake failures arrive as failed futures, in bounded time. */
class ClientTimeoutTest {

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsItAfterTheHandshakeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<WebSocket> connecting = WebSocketClient.shared().connect(
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"),
                    ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).handshakeTimeout(Duration.ofMillis(300)).build(), new Events());
            try (Socket accepted = silent.accept()) {
                assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("handshake");
                assertThat(accepted.getInputStream().readAllBytes()).asString().startsWith("GET / HTTP/1.1");
            }
        }
    }

    @Test
    void aClosedPortFailsTheConnect() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<WebSocket> connecting = WebSocketClient.shared().connect(
                URI.create("ws://127.0.0.1:" + port + "/"), new Events());
        assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class);
    }

    @Test
    void aUriWithAFragmentIsRefusedBeforeConnecting() {
        CompletableFuture<WebSocket> connecting = WebSocketClient.shared().connect(
                URI.create("ws://127.0.0.1:1/chat#top"), new Events());
        assertThatThrownBy(connecting::join).cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
    }
}
