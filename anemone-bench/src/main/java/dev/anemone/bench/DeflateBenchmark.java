package dev.anemone.bench;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.PerMessageDeflate;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.WebSocketEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * permessage-deflate per message size: {@code deflate} is a server engine sending one JSON-like
 * text message through its codec; {@code inflate} is a server engine receiving the same message
 * compressed by a client, in one masked frame. Both without context takeover, the server's
 * default, so each message borrows a pooled deflater or inflater. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DeflateBenchmark {

    private static final String AGREEMENT = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @Param({"64", "1024", "16384", "65536"})
    public int size;

    private WebSocketEngine sender;
    private WebSocketEngine receiver;
    private ByteBuffer message;
    private ByteBuffer compressedFrame;
    private ByteBuffer input;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        String tick = "{\"symbol\":\"ACME\",\"price\":101.25,\"volume\":1200} ";
        byte[] text = tick.repeat(size / tick.length() + 1).substring(0, size).getBytes(StandardCharsets.US_ASCII);
        message = ByteBuffer.wrap(text);
        sender = engine(Role.SERVER, new DiscardingOutbound());
        receiver = engine(Role.SERVER, new DiscardingOutbound());
        compressedFrame = clientFrame(text);
        input = ByteBuffer.allocate(compressedFrame.remaining());
    }

    private WebSocketEngine engine(Role role, Outbound out) {
        WebSocketEngine engine = new WebSocketEngine(role, EngineConfig.defaults(), new Consumer(), out,
                new java.util.SplittableRandom(1));
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults().withThreshold(0));
        engine.setMessageCodec(ExtensionNegotiation.serverSide(List.of(AGREEMENT), List.of(deflate)).newCodec(role));
        engine.open();
        return engine;
    }

    /** The message as a client sends it: compressed by a client engine, captured off its Outbound. */
    private ByteBuffer clientFrame(byte[] text) {
        ByteBuffer wire = ByteBuffer.allocate(FrameHeader.MAX_SIZE + text.length + 1024);
        WebSocketEngine client = engine(Role.CLIENT, new Outbound() {
            @Override
            public void write(ByteBuffer header, ByteBuffer payload) {
                wire.put(header).put(payload);
            }

            @Override
            public void closeTransport() {
            }
        });
        client.sendText(ByteBuffer.wrap(text));
        return wire.flip().asReadOnlyBuffer();
    }

    @Benchmark
    public void deflate() {
        sender.sendText(message.duplicate());
    }

    @Benchmark
    public void inflate() {
        input.clear();
        input.put(compressedFrame.duplicate()).flip();
        receiver.receive(input);
    }

    /** Consumes each delivered message without copying it. */
    private final class Consumer implements EngineListener {
        @Override
        public void onText(ByteBuffer utf8) {
            sink.consume(utf8.remaining());
        }

        @Override
        public void onBinary(ByteBuffer data) {
            sink.consume(data.remaining());
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
        }
    }
}
