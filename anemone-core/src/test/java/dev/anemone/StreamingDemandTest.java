package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.DeflateOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery in parts is driven by demand down to the part: a listener that pauses inside a part's
 * callback gets no further part, not even one cut from the same read, the same frame or the
 * same inflation, until it resumes. The listener pauses in every part. Before each resume the
 * test thread sends a message of its own on the connection, which the connection's loop writes
 * only once it is done with the read at hand; when it has come through, any part delivered after
 * the pause has been counted, so nothing here waits on time.
 */
@Timeout(60)
class StreamingDemandTest extends LoopbackFixture {

    private static final long WAIT_SECONDS = 5;


    /** Something that returns once the connection's event loop has finished what it was doing. */
    private interface Barrier {
        void pass() throws Exception;
    }

    /** Pauses in every part, and records the parts and errors. */
    private static final class PausingListener implements StreamingListener {
        final Semaphore partArrived = new Semaphore(0);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        volatile boolean ended;
        /** The connection the parts came on, for the test thread to resume. */
        volatile WebSocket socket;

        @Override
        public void onTextPartUtf8(WebSocket socket, ByteBuffer utf8, boolean last) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(utf8.duplicate());
            } catch (CharacterCodingException e) {
                errors.add(e);
            }
            onPart(socket, utf8, last);
        }

        @Override
        public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
            onPart(socket, data, last);
        }

        private void onPart(WebSocket socket, ByteBuffer part, boolean last) {
            byte[] bytes = new byte[part.remaining()];
            part.duplicate().get(bytes);
            received.writeBytes(bytes);
            ended = last;
            this.socket = socket;
            socket.pause();
            partArrived.release();
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.add(error);
        }

        /**
         * Takes the parts one by one until the last, resuming after each; returns how many there
         * were. Before resuming, the barrier makes sure the loop is done with the read that
         * delivered the part, so a part delivered after the pause is counted here, not raced.
         */
        int resumeOneByOne(Barrier barrier) throws Exception {
            int parts = 0;
            while (true) {
                assertThat(partArrived.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("part %d", parts + 1).isTrue();
                parts++;
                barrier.pass();
                assertThat(partArrived.availablePermits()).as("parts delivered after part %d paused", parts).isZero();
                // Read before resuming, while it is still this part's flag; resumed after the last
                // too, so that the connection can close.
                boolean last = ended;
                socket.resume();
                if (last) {
                    return parts;
                }
            }
        }
    }

    @Test
    void aCodePointCompletedAcrossFragmentsIsNotFollowedByMoreWhilePaused() throws Exception {
        PausingListener listener = new PausingListener();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/parts", listener)
                .start();
        String text = "ab\u00e9c\u20acd\uD834\uDD1Ee";   // é is 2 bytes, € 3, 𝄞 4
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // Cut inside é, inside €, and inside 𝄞: each fragment after the first completes a code
        // point carried over, then has whole ones of its own.
        int[] cuts = {3, 7, 10, utf8.length};
        try (RawPeer peer = new RawPeer(server.port()).open("/parts")) {
            peer.write(StreamingTextTest.textFragments(utf8, cuts));
            // Our server's message, written by its loop once it has finished the read at hand.
            int parts = listener.resumeOneByOne(() -> {
                listener.socket.send("barrier");
                assertThat(peer.readFrame().text()).isEqualTo("barrier");
            });
            assertThat(listener.errors).isEmpty();
            assertThat(listener.received.toString(StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(parts).isGreaterThanOrEqualTo(cuts.length);
        }
    }

    @Test
    void aCompressedFrameInflatingToManyPartsStopsAtTheOneThatPaused() throws Exception {
        Semaphore barriers = new Semaphore(0);
        byte[] message = new byte[1 << 20];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i % 251);
        }
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .perMessageDeflate(DeflateOptions.defaults())
                .endpoint("/big", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        if (text.equals("go")) {
                            // One frame of 1 MiB, deflated to a few KiB: one read inflates to 16 parts.
                            socket.send(message);
                        } else {
                            barriers.release();
                        }
                    }
                })
                .start();
        PausingListener listener = new PausingListener();
        WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/big"),
                ClientOptions.builder().perMessageDeflate(DeflateOptions.defaults()).build(), listener)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(socket.extensions()).hasSize(1);
        socket.send("go");
        // Our client's message, written by its loop once it has finished the read at hand.
        int parts = listener.resumeOneByOne(() -> {
            socket.send("barrier");
            assertThat(barriers.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("the barrier came through").isTrue();
        });
        assertThat(listener.errors).isEmpty();
        assertThat(Arrays.equals(listener.received.toByteArray(), message)).as("the message, whole").isTrue();
        assertThat(parts).isGreaterThanOrEqualTo(16);
    }
}
