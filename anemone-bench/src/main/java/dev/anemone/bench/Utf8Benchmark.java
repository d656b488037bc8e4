package dev.anemone.bench;

import dev.anemone.protocol.Utf8Validator;
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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@link Utf8Validator} checking one whole, valid text message of {@code size} bytes, as the
 * engine does for a text frame. {@code ascii} is pure ASCII (the eight-bytes-at-a-time path);
 * {@code mixed} cycles through Latin, Greek, Cyrillic, CJK and emoji text, so that one- to
 * four-byte sequences alternate with short ASCII runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class Utf8Benchmark {

    private static final String ASCII = "The quick brown fox jumps over the lazy dog. 0123456789 {}[]<>";
    private static final String MIXED = "Grüße, café! Καλημέρα. Привет, мир. 你好，世界。 🌊🐙 ok ";

    @Param({"ascii", "mixed"})
    public String text;

    @Param({"16", "1024", "65536"})
    public int size;

    private final Utf8Validator validator = new Utf8Validator();
    private ByteBuffer buffer;

    @Setup
    public void setUp() {
        buffer = ByteBuffer.wrap(exactly(size, text.equals("ascii") ? ASCII : MIXED));
        if (validate() >= 0 || !validator.isComplete()) {
            throw new IllegalStateException("test text is not valid UTF-8");
        }
    }

    @Benchmark
    public int validate() {
        validator.reset();
        int invalidAt = validator.validate(buffer, 0, size);
        return validator.isComplete() ? invalidAt : Integer.MIN_VALUE;
    }

    /** {@code size} bytes of {@code sample} repeated, cut at a character and padded with ASCII. */
    private static byte[] exactly(int size, String sample) {
        byte[] bytes = new byte[size];
        int length = 0;
        for (int i = 0; ; i = sample.offsetByCodePoints(i, 1) % sample.length()) {
            byte[] character = new String(Character.toChars(sample.codePointAt(i)))
                    .getBytes(StandardCharsets.UTF_8);
            if (length + character.length > size) {
                break;
            }
            System.arraycopy(character, 0, bytes, length, character.length);
            length += character.length;
        }
        while (length < size) {
            bytes[length++] = '.';
        }
        return bytes;
    }
}
