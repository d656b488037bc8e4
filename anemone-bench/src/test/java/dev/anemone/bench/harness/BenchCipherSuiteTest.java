package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anemone.bench.load.LoadGenerator;
import dev.anemone.bench.load.LoadShape;
import dev.anemone.bench.load.Message;
import dev.anemone.bench.load.NativeEchoGenerator;
import dev.anemone.bench.load.Target;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both generators offer one TLS 1.3 suite, so that every server in a TLS row runs the same
 * cipher: a JDK server left to its own order, which picks AES-256-GCM for a client offering the
 * defaults, must end up on {@link Target#CIPHER_SUITE} with either generator.
 */
class BenchCipherSuiteTest {

    private static final Path NATIVE_GENERATOR = Path.of("target", "anemone-load");

    @TempDir
    Path dir;
    private BenchCertificate certificate;
    private SSLServerSocket server;

    @BeforeEach
    void listen() throws Exception {
        certificate = BenchCertificate.create(dir);
        SSLContext context = certificate.serverContext();
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    /** Accepts one connection, completes its TLS handshake and returns the suite agreed. */
    private CompletableFuture<String> suiteOfNextConnection() {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                return socket.getSession().getCipherSuite();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aClientOfferingTheDefaultsGetsAnotherSuite() throws Exception {
        CompletableFuture<String> suite = suiteOfNextConnection();
        try (SSLSocket client = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            client.startHandshake();
            assertThat(suite.get(30, TimeUnit.SECONDS)).isNotEqualTo(Target.CIPHER_SUITE);
        }
    }

    @Test
    void theJavaGeneratorOffersTheBenchSuiteAlone() throws Exception {
        CompletableFuture<String> suite = suiteOfNextConnection();
        Target target = new Target("127.0.0.1", server.getLocalPort(), "/echo", null, certificate.clientContext());
        try (LoadGenerator generator = new LoadGenerator(target, new LoadShape.Echo(Message.text(16), 1), 1)) {
            generator.connect(1);
            assertThat(suite.get(30, TimeUnit.SECONDS)).isEqualTo(Target.CIPHER_SUITE);
        }
    }

    @Test
    void theNativeGeneratorOffersTheBenchSuiteAlone() throws Exception {
        assumeTrue(Files.isExecutable(NATIVE_GENERATOR), NATIVE_GENERATOR + " was not built (gcc or OpenSSL's headers missing)");
        CompletableFuture<String> suite = suiteOfNextConnection();
        try (NativeEchoGenerator generator = NativeEchoGenerator.start(NATIVE_GENERATOR, null, server.getLocalPort(),
                "/echo", true, 1, Message.text(16), 1, dir.resolve("anemone-load.log"))) {
            assertThat(suite.get(30, TimeUnit.SECONDS)).isEqualTo(Target.CIPHER_SUITE);
        }
    }
}
