package dev.anemone.bench;

import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.WebSocketEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The receive path of an open server-role {@link WebSocketEngine}: masked client frames in,
 * whole messages out to a listener that hands the payload view to a {@link Blackhole} without
 * copying it. Nothing is written back (no pongs on this path); the {@link Outbound} discards.
 *
 * <p>Each invocation first copies the masked bytes from a read-only pristine copy into the same
 * preallocated input buffer (the decoder unmasks in place), so the score includes that copy.
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the engine's allocation per frame,
 * which must be ~0 B/op.
 *
 * <ul>
 *   <li>{@code text16}, {@code binary16}: one 16-byte message (a 22-byte frame) per read.</li>
 *   <li>{@code batch64}: 64 such frames, text and binary alternating, in one read; the score is
 *       per frame.</li>
 *   <li>{@code batch64Chunked}: the same 1408 bytes delivered in reads of {@code chunk} bytes, as
 *       TCP may cut them, so that headers and payloads are split across reads; per frame.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EngineReceiveBenchmark {

    private static final int BATCH = 64;

    /** Where the input buffer lives: a transport reading from a socket often uses a direct one. */
    @Param({"false", "true"})
    public boolean direct;

    /** Read size for {@code batch64Chunked}; 100 is coprime with the 22-byte frame. */
    @Param({"100"})
    public int chunk;

    private WebSocketEngine engine;
    private CountingListener listener;
    private ByteBuffer text;
    private ByteBuffer textPristine;
    private ByteBuffer binary;
    private ByteBuffer binaryPristine;
    private ByteBuffer batch;
    private ByteBuffer batchPristine;

    @Setup
    public void setUp(Blackhole blackhole) {
        listener = new CountingListener(blackhole);
        engine = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), listener, DiscardingOutbound.INSTANCE, null);
        engine.open();

        text = Frames.allocate(direct, 64);
        Frames.putMaskedFrame(text, Opcode.TEXT, Frames.TEXT_16);
        textPristine = Frames.pristine(text);

        binary = Frames.allocate(direct, 64);
        Frames.putMaskedFrame(binary, Opcode.BINARY, Frames.BINARY_16);
        binaryPristine = Frames.pristine(binary);

        batch = Frames.allocate(direct, BATCH * 32);
        for (int i = 0; i < BATCH; i++) {
            if (i % 2 == 0) {
                Frames.putMaskedFrame(batch, Opcode.TEXT, Frames.TEXT_16);
            } else {
                Frames.putMaskedFrame(batch, Opcode.BINARY, Frames.BINARY_16);
            }
        }
        batchPristine = Frames.pristine(batch);

        // Sanity, twice to prove the reset: each buffer decodes to the expected whole messages.
        for (int round = 0; round < 2; round++) {
            long before = listener.messages;
            engine.receive(reset(text, textPristine));
            engine.receive(reset(binary, binaryPristine));
            engine.receive(reset(batch, batchPristine));
            batch64Chunked();
            check(engine.failure() == null && listener.messages - before == 2 + 2 * BATCH,
                    "expected " + (2 + 2 * BATCH) + " messages, failure " + engine.failure());
        }
    }

    @TearDown
    public void tearDown() {
        check(engine.failure() == null, "engine failed: " + engine.failure());
        check(engine.readyState() == ReadyState.OPEN, "engine state " + engine.readyState());
    }

    @Benchmark
    public void text16() {
        engine.receive(reset(text, textPristine));
    }

    @Benchmark
    public void binary16() {
        engine.receive(reset(binary, binaryPristine));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch64() {
        engine.receive(reset(batch, batchPristine));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch64Chunked() {
        ByteBuffer in = reset(batch, batchPristine);
        int end = in.limit();
        for (int at = 0; at < end; at += chunk) {
            in.limit(Math.min(end, at + chunk)).position(at);
            engine.receive(in);
        }
    }

    /** Copies the pristine masked bytes back into {@code target}, allocating nothing. */
    private static ByteBuffer reset(ByteBuffer target, ByteBuffer pristine) {
        int length = pristine.limit();
        target.clear();
        target.put(0, pristine, 0, length);
        return target.limit(length);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Hands every message view to the blackhole, uncopied, and counts them. */
    static final class CountingListener implements EngineListener {
        private final Blackhole blackhole;
        long messages;

        CountingListener(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void onText(ByteBuffer utf8) {
            messages++;
            blackhole.consume(utf8);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            messages++;
            blackhole.consume(data);
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
        }
    }
}
