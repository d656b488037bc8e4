package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocketServer;
import dev.anemone.bench.load.LoadGenerator;
import dev.anemone.bench.load.LoadShape;
import dev.anemone.bench.load.Message;
import dev.anemone.bench.load.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external peer serves the TLS scenarios from the PEM files the harness writes: they must be
 * the very key and certificate the generator trusts, and reach the command only where it asks.
 */
class ExternalTlsPeerTest {

    @TempDir
    Path dir;

    @Test
    void aServerOnThePemFilesIsTheOneTheGeneratorTrusts() throws Exception {
        BenchCertificate certificate = BenchCertificate.create(dir);
        WebSocketServer server = WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .tls(TlsOptions.fromPem(certificate.certificatePem(), certificate.privateKeyPem()))
                .endpoint("/echo", new EchoListener())
                .start();
        try (LoadGenerator generator = new LoadGenerator(
                new Target("127.0.0.1", server.port(), "/echo", null, certificate.clientContext()),
                new LoadShape.Echo(Message.text(16), 1), 1)) {
            generator.connect(2);
            assertThat(generator.awaitOpened(2, Duration.ofSeconds(30))).as("TLS handshakes on the PEM pair").isTrue();
            generator.begin();
            assertThat(generator.awaitMessages(10, Duration.ofSeconds(30))).as("echoes").isTrue();
            assertThat(generator.snapshot().errors()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void theCommandGetsThePemFilesOverTlsAndNothingThereOtherwise() {
        BenchCertificate certificate = new BenchCertificate(dir.resolve("bench.p12"), dir.resolve("bench.crt"),
                dir.resolve("bench.key"));
        Peer peer = Peer.external("uws", "/opt/peer {port} {cert} {key}");
        Environment env = new Environment("java", "cp", null, dir, List.of(), List.of(), null, null);

        assertThat(peer.servesTls()).isTrue();
        assertThat(peer.command(9001, Variant.OFF, env, null, List.of(), certificate))
                .containsExactly("bash", "-c", "exec /opt/peer 9001 " + certificate.certificatePem()
                        + " " + certificate.privateKeyPem());
        assertThat(peer.command(9001, Variant.OFF, env, null, List.of(), null))
                .containsExactly("bash", "-c", "exec /opt/peer 9001  ");
        assertThat(Peer.external("plain", "/opt/peer {port}").servesTls()).isFalse();
    }
}
