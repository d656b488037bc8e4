package dev.anemone.bench;

import dev.anemone.bench.harness.BenchCertificate;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JDK's TLS 1.3 costs per echoed record, without sockets: a client engine encrypts a
 * message, the server decrypts it and encrypts it back, the client decrypts the answer, all in
 * memory with the certificate of {@code ./bench}'s TLS scenarios. A server's share is half the
 * figure. It is the floor under the TLS scenarios: no transport can spend less on the JDK provider.
 *
 * <pre>java -jar anemone-bench/target/benchmarks.jar TlsRecord</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsRecordBenchmark {

    /** Plaintext bytes a record carries: a small message, the 4 KiB scenario's, a full record. */
    @Param({"16", "4096", "16384"})
    public int size;

    private SSLEngine client;
    private SSLEngine server;
    private ByteBuffer message;
    private final ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer serverPlain = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer clientPlain = ByteBuffer.allocate(64 * 1024);

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("tls-record-bench");
        BenchCertificate certificate = BenchCertificate.create(dir);
        client = certificate.clientContext().createSSLEngine("127.0.0.1", 443);
        client.setUseClientMode(true);
        server = certificate.serverContext().createSSLEngine();
        server.setUseClientMode(false);
        handshake();
        message = ByteBuffer.allocate(size);
        certificate.deleteFiles();
        Files.delete(dir);
    }

    @Benchmark
    public int echo() throws SSLException {
        toServer.clear();
        client.wrap(message.clear(), toServer);
        serverPlain.clear();
        server.unwrap(toServer.flip(), serverPlain);
        toClient.clear();
        server.wrap(serverPlain.flip(), toClient);
        clientPlain.clear();
        client.unwrap(toClient.flip(), clientPlain);
        return clientPlain.position();
    }

    /** Runs both sides' handshake in memory, each one's records handed straight to the other. */
    private void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        // Until both are done and each has read what the other sent (the server's session ticket
        // comes after its handshake: a record skipped would put the sequence numbers out of step).
        for (int step = 0; step < 64 && !(finished(client) && finished(server)
                && toClient.position() == 0 && toServer.position() == 0); step++) {
            step(client, toClient, toServer, clientPlain);
            step(server, toServer, toClient, serverPlain);
        }
        if (!finished(client) || !finished(server)) {
            throw new SSLException("the in-memory handshake did not finish");
        }
        toServer.clear();
        toClient.clear();
    }

    /** {@code engine} reads what waits in {@code in} (write mode), then writes what it has to say to {@code out}. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer plain) throws SSLException {
        runTasks(engine);
        in.flip();
        while (in.hasRemaining()) {
            plain.clear();
            int consumed = engine.unwrap(in, plain).bytesConsumed();
            runTasks(engine);
            if (consumed == 0) {
                break;
            }
        }
        in.compact();
        ByteBuffer empty = ByteBuffer.allocate(0);
        while (engine.wrap(empty, out).bytesProduced() > 0) {
            runTasks(engine);
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
