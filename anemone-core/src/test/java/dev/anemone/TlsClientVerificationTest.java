package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Our client checks whom it talks to: the chain must lead to a trusted certificate and the
 * certificate must name the host of the URI, by default; a custom trust store replaces the JDK's;
 * only the option named for it trusts anything. It sends the host as SNI.
 */
class TlsClientVerificationTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.get();

    @Test
    void aCertificateNoAuthorityVouchesForIsRefusedByDefault() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start()) {
            assertRefused(connect("127.0.0.1", server, ClientOptions.defaults()), "PKIX path");
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.otherName.pem()).start()) {
            ClientOptions trustingIt = CERTIFICATES.otherName.trusted();
            assertRefused(connect("127.0.0.1", server, trustingIt), "No subject alternative names matching IP address 127.0.0.1");
            assertRefused(connect("localhost", server, trustingIt), "No subject alternative DNS name matching localhost");
        }
    }

    @Test
    void onlyTheLoudOptionAcceptsAnyCertificate() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.otherName.pem()).start()) {
            WebSocket socket = connect("127.0.0.1", server, ClientOptions.builder().insecureTrustAllCertificates().build())
                    .get(10, TimeUnit.SECONDS);
            assertThat(socket.uri().getScheme()).isEqualTo("wss");
            socket.close();
            assertThat(ClientOptions.defaults().tls().verifiesHostName()).isTrue();
            assertThat(ClientOptions.builder().insecureTrustAllCertificates().build().tls().verifiesHostName()).isFalse();
        }
    }

    @Test
    void aChainIsCheckedUpToTheTrustedAuthorityByNameAndAddress() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.signed.pem()).start()) {
            ClientOptions trustingTheCa = ClientOptions.builder().trustedCertificates(CERTIFICATES.ca.certificate()).build();
            for (String host : List.of("localhost", "127.0.0.1")) {
                WebSocket socket = connect(host, server, trustingTheCa).get(10, TimeUnit.SECONDS);
                socket.close();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(CERTIFICATES.ca.keyStore())) {
                store.load(in, TestCertificates.PASSWORD);
            }
            connect("localhost", server, ClientOptions.builder().trustStore(store).build()).get(10, TimeUnit.SECONDS).close();
            // Trusting some other certificate is not trusting this chain.
            assertRefused(connect("localhost", server, CERTIFICATES.ec.trusted()), "PKIX path");
        }
    }

    @Test
    void theHostNameGoesOutAsSniButAnAddressDoesNot() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(CERTIFICATES.ec.keyStore())) {
            keys.load(in, TestCertificates.PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance("NewSunX509");
        factory.init(keys, TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                CompletableFuture<List<SNIServerName>> requested = CompletableFuture.supplyAsync(() -> {
                    try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                        accepted.startHandshake();
                        return ((ExtendedSSLSession) accepted.getSession()).getRequestedServerNames();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<WebSocket> client = WebSocketClient.shared().connect(
                        URI.create("wss://" + host + ":" + listener.getLocalPort() + "/"), CERTIFICATES.ec.trusted(),
                        new WebSocketListener() { });
                List<SNIServerName> names = requested.get(10, TimeUnit.SECONDS);
                assertThat(names).as(host).isEqualTo(host.equals("localhost") ? List.of(new SNIHostName("localhost")) : List.of());
                // That server answers no WebSocket handshake: the client fails, which is all right here.
                assertThatThrownBy(() -> client.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }
        }
    }

    private static CompletableFuture<WebSocket> connect(String host, WebSocketServer server, ClientOptions options) {
        return WebSocketClient.shared().connect(URI.create("wss://" + host + ":" + server.port() + "/echo"), options,
                new WebSocketListener() { });
    }

    private static void assertRefused(CompletableFuture<WebSocket> connecting, String why) {
        assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining(why);
    }
}
