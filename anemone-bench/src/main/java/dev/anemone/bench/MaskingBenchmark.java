package dev.anemone.bench;

import dev.anemone.protocol.Masking;
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

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link Masking#maskInPlace} over a whole payload of {@code size} bytes in a heap or direct buffer
 * (masking is its own inverse, so repeating it in place is fine). The payload starts at
 * {@code offset}, by default 6, where it follows a masked frame's 2 + 4 byte header in a read
 * buffer, so the eight-byte loop works on unaligned longs as it does in the decoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MaskingBenchmark {

    @Param({"16", "1024", "65536"})
    public int size;

    @Param({"false", "true"})
    public boolean direct;

    @Param({"6"})
    public int offset;

    private ByteBuffer buffer;

    @Setup
    public void setUp() {
        buffer = Frames.allocate(direct, offset + size);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) random.nextInt());
        }
    }

    @Benchmark
    public ByteBuffer maskInPlace() {
        Masking.maskInPlace(buffer, offset, offset + size, Frames.MASK_KEY, 0);
        return buffer;
    }
}
