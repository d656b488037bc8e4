package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocketServer;
import dev.anemone.bench.load.LoadGenerator;
import dev.anemone.bench.load.LoadShape;
import dev.anemone.bench.load.Message;
import dev.anemone.bench.load.Snapshot;
import dev.anemone.bench.load.Target;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS scenarios' generator against a real TLS server (Anemone's, as its bench peer serves it):
 * it must finish handshakes, carry pipelined echoes of small and large messages through records,
 * and complete storm cycles of full handshakes, all without an error. Correctness only; speed is
 * for {@code ./bench}.
 */
class TlsScenarioTest {

    @TempDir
    Path dir;
    private BenchCertificate certificate;
    private WebSocketServer server;

    @BeforeEach
    void startServer() throws Exception {
        certificate = BenchCertificate.create(dir);
        server = WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .connectionsPerSecondPerAddress(0)
                .handshakesPerSecondPerAddress(0)
                .tls(TlsOptions.fromPkcs12(certificate.keyStore(), BenchCertificate.PASSWORD.toCharArray()))
                .endpoint("/echo", new EchoListener())
                .start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Target target() throws Exception {
        return new Target("127.0.0.1", server.port(), "/echo", null, certificate.clientContext());
    }

    @Test
    void pipelinedEchoesOfSmallAndLargeMessagesCrossTls() throws Exception {
        for (Message message : new Message[] {Message.text(16), Message.binary(20_000)}) {
            try (LoadGenerator generator = new LoadGenerator(target(), new LoadShape.Echo(message, 8), 2)) {
                generator.connect(10);
                assertThat(generator.awaitOpened(10, Duration.ofSeconds(30))).as("TLS and WebSocket handshakes").isTrue();
                generator.begin();
                assertThat(generator.awaitMessages(200, Duration.ofSeconds(60))).as("echoes").isTrue();
                Snapshot end = generator.snapshot();
                assertThat(end.errors()).as("first error: %s", end.firstError()).isZero();
            }
        }
    }

    @Test
    void everyStormCycleIsAFullHandshakeUpgradeAndClose() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(target(), new LoadShape.Storm(4, 16), 1)) {
            generator.begin();
            assertThat(generator.awaitMessages(16, Duration.ofSeconds(60))).as("cycles").isTrue();
            Snapshot end = generator.snapshot();
            assertThat(end.errors()).as("first error: %s", end.firstError()).isZero();
        }
    }
}
