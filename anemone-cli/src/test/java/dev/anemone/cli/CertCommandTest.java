package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.EchoListener;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anemone cert} writes a certificate and key that a server can use and a client can trust by name and address. */
class CertCommandTest {

    @TempDir
    Path folder;

    @Test
    void writesACertificateForLocalhostThatAServerUsesAndAClientTrusts() throws Exception {
        Captured made = Captured.anemone("cert", "--out", folder.toString(), "--host", "anemone.test");
        assertThat(made.exitCode()).as(made.err()).isZero();
        Path certificateFile = folder.resolve("cert.pem");
        Path keyFile = folder.resolve("key.pem");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
        assertThat(names).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "anemone.test");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        assertThat(made.out()).contains("SPKI SHA-256:  " + spki);

        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", new EchoListener()).tls(TlsOptions.fromPem(certificateFile, keyFile)).start()) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                CompletableFuture<String> echoed = new CompletableFuture<>();
                WebSocket socket = WebSocketClient.shared().connect(URI.create("wss://" + host + ":" + server.port() + "/echo"),
                        ClientOptions.builder().trustedCertificates(certificateFile).build(), new WebSocketListener() {
                            @Override
                            public void onText(WebSocket socket, String text) {
                                echoed.complete(text);
                            }
                        }).get(10, TimeUnit.SECONDS);
                socket.send("hello " + host);
                assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello " + host);
                socket.close();
            }
        }
    }

    @Test
    void doesNotOverwriteWithoutForce() throws Exception {
        assertThat(Captured.anemone("cert", "--out", folder.toString()).exitCode()).isZero();
        String first = Files.readString(folder.resolve("cert.pem"));

        Captured again = Captured.anemone("cert", "--out", folder.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("--force");
        assertThat(Files.readString(folder.resolve("cert.pem"))).isEqualTo(first);

        assertThat(Captured.anemone("cert", "--out", folder.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(folder.resolve("cert.pem"))).isNotEqualTo(first);
    }
}
