package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.HttpHeaders;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that come later or in pieces, as SockJS needs them: a long poll completed from another
 * thread, server-sent events read as they are written, a client that leaves, a client that stops
 * reading, and handlers that fail.
 */
class HttpExchangeTest {

    private final BlockingQueue<HttpExchange> polls = new LinkedBlockingQueue<>();
    private final BlockingQueue<HttpStream> streams = new LinkedBlockingQueue<>();
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private WebSocketServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = Servers.echo().maxBufferedBytes(1024 * 1024, BackpressurePolicy.CLOSE).http(new HttpRoutes()
                .get("/poll", (request, exchange) -> polls.add(exchange))
                .get("/events", (request, exchange) -> {
                    exchange.onClose(clientGone::countDown);
                    HttpStream events = exchange.stream(200, new HttpHeaders().add("Content-Type", "text/event-stream"));
                    events.write("data: first\n\n");
                    streams.add(events);
                })
                .get("/throws", (request, exchange) -> {
                    throw new IllegalStateException("handler bug");
                })
                .get("/throws-midway", (request, exchange) -> {
                    exchange.stream(200, null).write("partial");
                    throw new IllegalStateException("bug after the answer began");
                })
                .get("/fine", (request, exchange) -> exchange.respond(HttpResponse.text(200, "fine"))))
                .start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLongPollIsAnsweredLaterFromAnotherThread() throws Exception {
        CompletableFuture<java.net.http.HttpResponse<String>> answer = http.client()
                .sendAsync(http.request("/poll").build(), BodyHandlers.ofString());
        HttpExchange exchange = polls.poll(5, TimeUnit.SECONDS);
        assertThat(exchange).isNotNull();
        assertThat(answer).as("no answer before the exchange is completed").isNotDone();
        assertThat(exchange.isOpen()).isTrue();

        CompletableFuture<Boolean> answered = CompletableFuture.supplyAsync(
                () -> exchange.respond(HttpResponse.json(200, "{\"message\":\"late\"}")));

        assertThat(answered.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(answer.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"message\":\"late\"}");
        assertThat(exchange.respond(HttpResponse.text(200, "again"))).as("a second answer is refused").isFalse();
        assertThat(exchange.isOpen()).isFalse();
    }

    @Test
    void serverSentEventsAreReadOneByOneAsTheyAreWritten() throws Exception {
        java.net.http.HttpResponse<Stream<String>> answer = http.client().send(http.request("/events").build(),
                BodyHandlers.ofLines());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(answer.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        HttpStream events = streams.poll(5, TimeUnit.SECONDS);
        Iterator<String> lines = answer.body().iterator();
        assertThat(lines.next()).isEqualTo("data: first");
        assertThat(lines.next()).isEmpty();
        // The second event is written only once the first has been read: the stream is incremental.
        Thread writer = new Thread(() -> {
            events.write("data: second\n\n");
            events.end();
        });
        writer.start();
        assertThat(lines.next()).isEqualTo("data: second");
        assertThat(lines.next()).isEmpty();
        assertThat(lines.hasNext()).as("the stream ended").isFalse();
        assertThat(events.write("data: late\n\n")).as("a write after the end").isFalse();
        assertThat(http.get("/fine").body()).as("and the connection serves on").isEqualTo("fine\n");
    }

    @Test
    void curlReadsAnEventStream() throws Exception {
        CompletableFuture<Curl.Result> curl = CompletableFuture.supplyAsync(() -> {
            try {
                return Curl.run("-N", http.uri("/events").toString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpStream events = streams.poll(10, TimeUnit.SECONDS);
        assertThat(events).isNotNull();
        events.write("event: tick\ndata: 1\n\n");
        events.end();
        assertThat(curl.get(20, TimeUnit.SECONDS).out()).isEqualTo("data: first\n\nevent: tick\ndata: 1\n\n");
    }

    @Test
    void aClientThatLeavesIsNoticedByTheExchangeAndItsStream() throws Exception {
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(clientGone.await(5, TimeUnit.SECONDS)).as("onClose ran").isTrue();
        HttpStream events = streams.poll(5, TimeUnit.SECONDS);
        assertThat(events.isOpen()).isFalse();
        assertThat(events.write("data: nobody\n\n")).isFalse();
        assertThat(events.drained()).as("drained completes once closed").succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatStopsReadingIsCutOffPastTheBufferLimit() throws Exception {
        try (RawPeer peer = new RawPeer(server.port(), 4096, 5_000)) {
            peer.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            HttpStream events = streams.poll(5, TimeUnit.SECONDS);
            ByteBuffer piece = ByteBuffer.allocate(64 * 1024);
            long peak = 0;
            int writes = 0;
            while (events.write(piece) && writes < 1024) {
                peak = Math.max(peak, events.bufferedAmount());
                writes++;
            }
            assertThat(writes).as("writes before the stream closed").isLessThan(1024);
            assertThat(peak).as("buffered at the most").isPositive().isLessThanOrEqualTo(2 * 1024 * 1024);
            assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void drainedCompletesOnceTheClientHasTakenEverything() throws Exception {
        java.net.http.HttpResponse<Stream<String>> answer = http.client().send(http.request("/events").build(),
                BodyHandlers.ofLines());
        HttpStream events = streams.poll(5, TimeUnit.SECONDS);
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> answer.body().count());
        String line = "data: " + "x".repeat(1000) + "\n\n";
        for (int i = 0; i < 500; i++) {
            events.write(line);
        }
        events.drained().get(5, TimeUnit.SECONDS);
        assertThat(events.bufferedAmount()).isZero();
        events.end();
        assertThat(reading.get(5, TimeUnit.SECONDS)).isEqualTo(2 + 500 * 2);
    }

    @Test
    void aHandlerThatThrowsGets500AndTheServerServesOthers() throws Exception {
        java.net.http.HttpResponse<String> failed = http.get("/throws");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("Internal Server Error\n").doesNotContain("handler bug");
        assertThat(http.get("/fine").body()).isEqualTo("fine\n");
    }

    @Test
    void aHandlerThatThrowsAfterItsAnswerBeganCutsTheAnswerOff() throws Exception {
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /throws-midway HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(peer.readToEnd()).as("one chunk, then the connection closes with no last chunk")
                    .isEqualTo("7\r\npartial\r\n");
        }
        assertThat(http.get("/fine").body()).isEqualTo("fine\n");
    }
}
