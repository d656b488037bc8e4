package dev.anemone.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine wired to a recorder: every listener event becomes a line of text, everything written to
 * the {@link Outbound} is kept (consumed from the buffers, as a real transport would), and calls to
 * {@link #closeTransport()} are counted. Events read like:
 * <pre>
 * text Hello            binary 0102ff           ping 48656c6c6f        pong
 * closeFrame 1000 bye   failure 1002 RESERVED_OPCODE                   closed 1006  unclean
 * </pre>
 */
final class RecordingPeer implements EngineListener, Outbound {

    final WebSocketEngine engine;
    private final List<String> events = new ArrayList<>();
    private final List<ProtocolException> failures = new ArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int closeTransportCalls;

    private RecordingPeer(Role role, EngineConfig config, RandomGenerator maskKeys) {
        this.engine = new WebSocketEngine(role, config, this, this, maskKeys);
    }

    /** An engine after a successful handshake. */
    static RecordingPeer open(Role role) {
        return open(role, EngineConfig.defaults());
    }

    static RecordingPeer open(Role role, EngineConfig config) {
        return open(role, config, new SplittableRandom(6455));
    }

    static RecordingPeer open(Role role, EngineConfig config, RandomGenerator maskKeys) {
        RecordingPeer peer = connecting(role, config, maskKeys);
        peer.engine.open();
        return peer;
    }

    /** An engine whose handshake has not finished. */
    static RecordingPeer connecting(Role role) {
        return connecting(role, EngineConfig.defaults(), new SplittableRandom(6455));
    }

    static RecordingPeer connecting(Role role, EngineConfig config, RandomGenerator maskKeys) {
        return new RecordingPeer(role, config, maskKeys);
    }

    /** The role of the other end, whose frames this engine receives. */
    Role remote() {
        return engine.role() == Role.SERVER ? Role.CLIENT : Role.SERVER;
    }

    // ------------------------------------------------------------------ input

    RecordingPeer receive(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes.clone()));
        return this;
    }

    RecordingPeer receiveHex(String hex) {
        return receive(Hex.bytes(hex));
    }

    /** Frames as the remote end would send them: masked with {@code maskKey} when it is a client. */
    RecordingPeer receiveFrame(boolean fin, int opcode, byte[] payload) {
        return receive(WireFrame.from(remote(), fin, opcode, payload, 0x37FA213D).encode());
    }

    RecordingPeer receiveFrames(WireFrame... frames) {
        return receive(WireFrame.encodeAll(List.of(frames)));
    }

    /** Feeds {@code bytes} in pieces of {@code chunk} bytes, each in its own buffer. */
    RecordingPeer receiveInChunks(byte[] bytes, int chunk) {
        for (int at = 0; at < bytes.length; at += chunk) {
            int end = Math.min(bytes.length, at + chunk);
            ByteBuffer piece = ByteBuffer.allocate(end - at).put(bytes, at, end - at).flip();
            engine.receive(piece);
        }
        return this;
    }

    RecordingPeer receiveByteByByte(byte[] bytes) {
        return receiveInChunks(bytes, 1);
    }

    /**
     * Feeds {@code bytes} one at a time and returns the index of the byte on whose arrival the
     * connection failed, or -1 if it did not.
     */
    int failingByte(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            engine.receive(ByteBuffer.wrap(new byte[] {bytes[i]}));
            if (!failures.isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ what happened

    List<String> events() {
        return List.copyOf(events);
    }

    String lastEvent() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    /** The one failure reported, or null; more than one fails the test. */
    ProtocolException failure() {
        if (failures.size() > 1) {
            throw new AssertionError("more than one failure: " + failures);
        }
        return failures.isEmpty() ? null : failures.get(0);
    }

    int closeTransportCalls() {
        return closeTransportCalls;
    }

    byte[] written() {
        return written.toByteArray();
    }

    /** What was written since the last call, then forgets it. */
    byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    /** Everything written, parsed by the independent {@link WireFrame} parser. */
    List<WireFrame> writtenFrames() {
        return WireFrame.parseAll(written());
    }

    /** The last frame written; fails the test if nothing was. */
    WireFrame lastWrittenFrame() {
        List<WireFrame> frames = writtenFrames();
        if (frames.isEmpty()) {
            throw new AssertionError("nothing was written");
        }
        return frames.get(frames.size() - 1);
    }

    /**
     * Checks everything a failure must do (RFC 6455 section 7.1.7): report {@code violation} once,
     * send a Close frame with its code, ask the transport to close; then that nothing more from the
     * peer is processed: a valid frame fed afterwards yields no event and no output.
     */
    RecordingPeer assertFailedWith(Violation violation) {
        assertThat(failure()).as("failure").isNotNull();
        assertThat(failure().violation()).isEqualTo(violation);
        assertThat(failure().closeCode()).isEqualTo(violation.closeCode());
        assertThat(lastEvent()).isEqualTo("failure " + violation.closeCode() + " " + violation);
        WireFrame close = lastWrittenFrame();
        assertThat(close.opcode()).as("the last frame written").isEqualTo(Opcode.CLOSE);
        assertThat(close.closeCode()).isEqualTo(violation.closeCode());
        assertThat(close.closeReason()).isEqualTo(violation.description());
        assertThat(close.masked()).isEqualTo(engine.role() == Role.CLIENT);
        assertThat(closeTransportCalls).as("closeTransport() calls").isEqualTo(1);
        assertThat(engine.isInputClosed()).isTrue();
        assertThat(engine.isOutputClosed()).isTrue();

        int eventsBefore = events.size();
        int writtenBefore = written.size();
        ByteBuffer more = ByteBuffer.wrap(WireFrame.from(remote(), true, Opcode.PING, WireFrame.text("more"), 1).encode());
        engine.receive(more);
        assertThat(more.hasRemaining()).as("input after a failure is consumed").isFalse();
        assertThat(events.size()).as("events after the failure").isEqualTo(eventsBefore);
        assertThat(written.size()).as("bytes written after the failure").isEqualTo(writtenBefore);
        assertThat(closeTransportCalls).isEqualTo(1);
        return this;
    }

    // ------------------------------------------------------------------ EngineListener

    @Override
    public void onText(ByteBuffer utf8) {
        events.add("text " + new String(Hex.remaining(utf8), StandardCharsets.UTF_8));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary " + Hex.of(data));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping " + Hex.of(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong " + Hex.of(payload));
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        events.add("closeFrame " + code + " " + reason);
    }

    @Override
    public void onFailure(ProtocolException failure) {
        failures.add(failure);
        events.add("failure " + failure.closeCode() + " " + failure.violation());
    }

    @Override
    public void onClosed(int code, String reason, boolean wasClean) {
        events.add("closed " + code + " " + reason + " " + (wasClean ? "clean" : "unclean"));
    }

    // ------------------------------------------------------------------ Outbound

    @Override
    public void write(ByteBuffer header, ByteBuffer payload) {
        byte[] h = new byte[header.remaining()];
        header.get(h);
        byte[] p = new byte[payload.remaining()];
        payload.get(p);
        written.writeBytes(h);
        written.writeBytes(p);
    }

    @Override
    public void closeTransport() {
        closeTransportCalls++;
    }
}
