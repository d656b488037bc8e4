package dev.anemone.bench.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

/**
 * The one message a run sends over and over, as wire bytes built once: a plain frame, and a
 * frame with the payload compressed on its own (permessage-deflate, no context) and RSV1 set,
 * for connections that agreed to compress. Sending is then a copy of ready bytes.
 */
public final class Message {

    private final int opcode;
    private final int payloadLength;
    private final byte[] plainFrame;
    private final byte[] compressedFrame;

    private Message(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payloadLength = payload.length;
        this.plainFrame = ClientFrames.masked(opcode, false, payload);
        this.compressedFrame = ClientFrames.masked(opcode, true, deflate(payload));
    }

    /** A text message of {@code size} ASCII bytes. */
    public static Message text(int size) {
        byte[] payload = new byte[size];
        byte[] unit = "anemone-bench:0123456789abcdef/".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            payload[i] = unit[i % unit.length];
        }
        return new Message(ClientFrames.TEXT, payload);
    }

    /**
     * A binary message of {@code size} bytes, drawn from a 16-symbol alphabet with a fixed seed:
     * it compresses to about half, like typical application data, and is the same every run.
     */
    public static Message binary(int size) {
        SplittableRandom random = new SplittableRandom(6455);
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (random.nextInt(16) * 17);
        }
        return new Message(ClientFrames.BINARY, payload);
    }

    /** The opcode echoes must carry. */
    public int opcode() {
        return opcode;
    }

    /** The uncompressed payload size echoes must have. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The frame to send on a connection that compresses or not. Callers must not modify it. */
    byte[] frame(boolean compressed) {
        return compressed ? compressedFrame : plainFrame;
    }

    /** Raw DEFLATE with a sync flush, less its 00 00 ff ff tail (RFC 7692 section 7.2.1). */
    static byte[] deflate(byte[] payload) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[Math.max(64, payload.length + 64)];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }
}
