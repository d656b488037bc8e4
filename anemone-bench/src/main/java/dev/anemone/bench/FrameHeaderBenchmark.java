package dev.anemone.bench;

import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Opcode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrameHeader#write} encoding one binary frame header into a reused buffer, for each of the
 * three length encodings (16: 7-bit, 1024: 16-bit, 65536: 64-bit), unmasked as a server sends it
 * and masked as a client does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FrameHeaderBenchmark {

    @Param({"16", "1024", "65536"})
    public long payloadLength;

    private final ByteBuffer header = ByteBuffer.allocate(FrameHeader.MAX_SIZE);

    @Benchmark
    public ByteBuffer unmasked() {
        header.clear();
        FrameHeader.write(header, true, 0, Opcode.BINARY, payloadLength, false, 0);
        return header;
    }

    @Benchmark
    public ByteBuffer masked() {
        header.clear();
        FrameHeader.write(header, true, 0, Opcode.BINARY, payloadLength, true, Frames.MASK_KEY);
        return header;
    }
}
