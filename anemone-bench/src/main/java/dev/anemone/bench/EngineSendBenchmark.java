package dev.anemone.bench;

import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.WebSocketEngine;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The send path of an open {@link WebSocketEngine}: one 16-byte text or binary message per
 * operation, written to an {@link Outbound} that copies header and payload into a preallocated
 * "wire" buffer, as a transport would into its socket buffer.
 *
 * <p>As a server the engine writes the header and the caller's payload as they are; as a client it
 * draws a masking key and masks the payload through its scratch buffer. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the engine's allocation per message, ~0 B/op for both roles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EngineSendBenchmark {

    @Param({"SERVER", "CLIENT"})
    public Role role;

    private WebSocketEngine engine;
    private CopyingOutbound out;
    private ByteBuffer text;
    private ByteBuffer binary;

    @Setup
    public void setUp() {
        out = new CopyingOutbound();
        engine = new WebSocketEngine(role, EngineConfig.defaults(), NoListener.INSTANCE, out,
                new SplittableRandom(42));
        engine.open();
        text = ByteBuffer.wrap(Frames.TEXT_16.clone());
        binary = ByteBuffer.wrap(Frames.BINARY_16.clone());
        sendText16();
        int expected = 2 + 16 + (role == Role.CLIENT ? 4 : 0);
        if (out.wire.position() != expected) {
            throw new IllegalStateException("wrote " + out.wire.position() + " bytes, expected " + expected);
        }
    }

    @TearDown
    public void tearDown() {
        if (engine.isOutputClosed()) {
            throw new IllegalStateException("engine closed its output");
        }
    }

    @Benchmark
    public boolean sendText16() {
        out.wire.clear();
        text.clear();
        return engine.sendText(text);
    }

    @Benchmark
    public boolean sendBinary16() {
        out.wire.clear();
        binary.clear();
        return engine.sendBinary(binary);
    }

    /** Copies every write into one preallocated buffer; the benchmark clears it per message. */
    static final class CopyingOutbound implements Outbound {
        final ByteBuffer wire = ByteBuffer.allocate(1024);

        @Override
        public void write(ByteBuffer header, ByteBuffer payload) {
            wire.put(header).put(payload);
        }

        @Override
        public void closeTransport() {
        }
    }

    /** Receives nothing in this benchmark. */
    static final class NoListener implements EngineListener {
        static final NoListener INSTANCE = new NoListener();

        @Override
        public void onText(ByteBuffer utf8) {
        }

        @Override
        public void onBinary(ByteBuffer data) {
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
        }
    }
}
