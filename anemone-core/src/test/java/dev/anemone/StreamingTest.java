package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gigabyte each way through real sockets without a gigabyte of memory (issue 9, point 7): our
 * client uploads one binary message of 1 GiB through {@link WebSocket#sendBinaryStream()}, written
 * by the test thread in 64 KiB writes, to a server's {@link StreamingListener}; and a server's
 * thread streams 1 GiB down to a client's {@link StreamingListener}, which pauses on its 1000th
 * part and is resumed by the test thread. Each side takes a SHA-256 of the bytes, the receiver of
 * the parts it is given; the parts are at most 64 KiB, so there are at least 16,384 of them, with
 * {@code last} once, on the final one. The receiver's limit is exactly the message's size.
 *
 * <p>The heap after a full collection is sampled at each quarter of the transfer and must stay
 * within 64 MiB of where it was before. By design the two ends hold the sender's queue (the stream
 * blocks while more than half the 16 MiB send limit is queued, so at most 8 MiB and a part) and a
 * read buffer or part of 64 KiB each; 64 MiB is four times the whole send limit, room for what the
 * rest of the JVM does meanwhile, while an implementation that gathered the message would be
 * 256 MiB over at the first quarter and 768 MiB at the third. (Measured here: under 10 MiB.)
 *
 * <p>Each transfer runs with permessage-deflate on both sides too, at the full 1 GiB: of data that
 * deflate shrinks about a hundredfold, since random bytes would take deflate some 17 s a
 * gigabyte on this machine's cores, against about 3 s for this. The four transfers take about
 * 10 s together on two cores.
 */
@Timeout(120)
class StreamingTest extends LoopbackFixture {

    private static final long SIZE = 1L << 30;
    private static final long HEAP_MARGIN = 64L << 20;
    private static final int PAUSE_AT_PART = 1000;
    private static final long WAIT_SECONDS = 60;


    @ParameterizedTest(name = "permessage-deflate {0}")
    @ValueSource(booleans = {false, true})
    void gigabyteUploadThroughAStreamArrivesInPartsWithAFlatHeap(boolean deflate) throws Exception {
        PartDigest received = new PartDigest();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxMessageSize(SIZE)
                // 1 GiB over loopback passes the default 256 MiB a second.
                .maxBytesPerSecond(0)
                .endpoint("/upload", new StreamingListener() {
                    @Override
                    public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
                        received.add(data, last);
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        errors.add(error);
                    }
                });
        server = (deflate ? builder.perMessageDeflate(DeflateOptions.defaults()) : builder).start();
        ClientOptions options = ClientOptions.defaults();
        WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/upload"),
                deflate ? options.toBuilder().perMessageDeflate(DeflateOptions.defaults()).build() : options,
                new WebSocketListener() { }).get(5, TimeUnit.SECONDS);
        assertThat(socket.extensions()).hasSize(deflate ? 1 : 0);

        long baseline = PartDigest.heapAfterGc();
        long highest = baseline;
        PartDigest.Payload payload = new PartDigest.Payload(42, deflate);
        byte[] chunk = new byte[PartDigest.PART];
        long started = System.nanoTime();
        try (OutputStream out = socket.sendBinaryStream()) {
            for (long written = 0; written < SIZE; written += chunk.length) {
                if (written > 0 && written % (SIZE / 4) == 0) {
                    highest = Math.max(highest, PartDigest.heapAfterGc());
                }
                payload.next(chunk);
                out.write(chunk);
            }
        }
        assertThat(received.done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the last part arrived").isTrue();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("upload of %d MiB, deflate %s: %d ms, %d parts, heap after GC %d MiB over a baseline of %d MiB%n",
                SIZE >> 20, deflate, millis, received.parts(), (highest - baseline) >> 20, baseline >> 20);

        assertThat(errors).isEmpty();
        assertWhole(received, payload.digest());
        assertThat(highest - baseline).as("heap after GC above the baseline, bytes").isLessThan(HEAP_MARGIN);
        socket.close();
    }

    @ParameterizedTest(name = "permessage-deflate {0}")
    @ValueSource(booleans = {false, true})
    void gigabyteDownloadPausedMidMessageDeliversNothingUntilResumed(boolean deflate) throws Exception {
        AtomicReference<String> sent = new AtomicReference<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/download", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String command) {
                        // Off the loop: the stream blocks while the send buffer is over half full.
                        Thread producer = new Thread(() -> stream(socket, deflate, sent, errors), "producer");
                        producer.setDaemon(true);
                        producer.start();
                    }
                });
        server = (deflate ? builder.perMessageDeflate(DeflateOptions.defaults()) : builder).start();

        PartDigest received = new PartDigest();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch partWhilePaused = new CountDownLatch(1);
        List<CountDownLatch> quarters = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
        StreamingListener listener = new StreamingListener() {
            @Override
            public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
                if (socket.isPaused()) {
                    partWhilePaused.countDown();
                }
                long before = received.bytes();
                if (received.add(data, last) == PAUSE_AT_PART) {
                    socket.pause();
                    paused.countDown();
                }
                long quarter = SIZE / 4;
                if (received.bytes() / quarter > before / quarter && received.bytes() / quarter <= 3) {
                    quarters.get((int) (received.bytes() / quarter) - 1).countDown();
                }
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                errors.add(error);
            }
        };
        ClientOptions options = ClientOptions.builder().maxMessageSize(SIZE).build();
        WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/download"),
                deflate ? options.toBuilder().perMessageDeflate(DeflateOptions.defaults()).build() : options, listener)
                .get(5, TimeUnit.SECONDS);
        assertThat(socket.extensions()).hasSize(deflate ? 1 : 0);

        long baseline = PartDigest.heapAfterGc();
        long started = System.nanoTime();
        socket.send("go");
        assertThat(paused.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("part %d arrived", PAUSE_AT_PART).isTrue();
        // Waiting for something not to happen needs a bound: 200 ms is hundreds of parts' worth of
        // time at the rate they came before the pause, and the producer keeps writing meanwhile.
        assertThat(partWhilePaused.await(200, TimeUnit.MILLISECONDS)).as("a part arrived while paused").isFalse();
        assertThat(received.parts()).isEqualTo(PAUSE_AT_PART);
        socket.resume();

        long highest = baseline;
        for (CountDownLatch quarter : quarters) {
            assertThat(quarter.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            highest = Math.max(highest, PartDigest.heapAfterGc());
        }
        assertThat(received.done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the last part arrived").isTrue();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("download of %d MiB, deflate %s: %d ms, %d parts, heap after GC %d MiB over a baseline of %d MiB%n",
                SIZE >> 20, deflate, millis, received.parts(), (highest - baseline) >> 20, baseline >> 20);

        assertThat(errors).isEmpty();
        assertWhole(received, sent.get());
        assertThat(highest - baseline).as("heap after GC above the baseline, bytes").isLessThan(HEAP_MARGIN);
        socket.close();
    }

    /** Writes {@link #SIZE} bytes of the payload to a binary stream on {@code socket}. */
    private static void stream(WebSocket socket, boolean compressible, AtomicReference<String> digest,
                               List<Throwable> errors) {
        PartDigest.Payload payload = new PartDigest.Payload(7, compressible);
        byte[] chunk = new byte[PartDigest.PART];
        try (OutputStream out = socket.sendBinaryStream()) {
            for (long written = 0; written < SIZE; written += chunk.length) {
                payload.next(chunk);
                out.write(chunk);
            }
            // Known before the last part goes out, so before the receiver can ask for it.
            digest.set(payload.digest());
        } catch (IOException | RuntimeException e) {
            errors.add(e);
        }
    }

    private static void assertWhole(PartDigest received, String sentDigest) {
        assertThat(received.bytes()).isEqualTo(SIZE);
        assertThat(received.digest()).as("SHA-256 of the parts").isEqualTo(sentDigest);
        assertThat(received.largestPart()).isLessThanOrEqualTo(PartDigest.PART);
        assertThat(received.parts()).isGreaterThanOrEqualTo(SIZE / PartDigest.PART);
        assertThat(received.lastFlags()).as("parts with last").isEqualTo(1);
        assertThat(received.partAfterLast()).as("a part after the last").isFalse();
    }
}
