package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Spring's {@code WebSocketStompClient} (spring-messaging 6.2 over Tomcat's jakarta.websocket
 * client) against our broker: connect with heart-beats, subscribe, send with receipts, a
 * client-acknowledged queue with NACK and redelivery, and a header full of SpEL that comes back
 * as text. (Spring's session has no BEGIN or COMMIT.)
 */
class SpringStompClientTest {

    private WebSocketServer server;
    private WebSocketStompClient client;
    private ThreadPoolTaskScheduler scheduler;
    private StompSession session;

    @BeforeEach
    void connect() throws Exception {
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0);
        StompBroker.create().mount(builder, "/stomp");
        server = builder.start();
        client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new ByteArrayMessageConverter());
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {1000, 1000});
        client.setReceiptTimeLimit(10_000);
        session = client.connectAsync("ws://127.0.0.1:" + server.port() + "/stomp", new StompSessionHandlerAdapter() { })
                .get(10, TimeUnit.SECONDS);
        session.setAutoReceipt(true);
    }

    @AfterEach
    void close() {
        if (session != null && session.isConnected()) {
            session.disconnect();
        }
        client.stop();
        scheduler.shutdown();
        server.close();
    }

    private static final class Collector implements StompFrameHandler {
        final BlockingQueue<Object[]> frames = new LinkedBlockingQueue<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return byte[].class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            frames.add(new Object[] {headers, new String((byte[]) payload, StandardCharsets.UTF_8)});
        }

        Object[] take() throws InterruptedException {
            Object[] frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a message within 10 s").isNotNull();
            return frame;
        }
    }

    private static void receipt(StompSession.Receiptable receiptable) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        receiptable.addReceiptTask(done::countDown);
        receiptable.addReceiptLostTask(() -> { });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("a receipt within 10 s").isTrue();
    }

    @Test
    void subscribeSendAndReceiveWithHeadersAsData() throws Exception {
        Collector collector = new Collector();
        receipt(session.subscribe("/topic/spring", collector));
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/topic/spring");
        headers.add("x-expr", "#{T(java.lang.Runtime).getRuntime().exec('touch /tmp/pwned')}");
        receipt(session.send(headers, "hello".getBytes(StandardCharsets.UTF_8)));
        Object[] frame = collector.take();
        assertThat(frame[1]).isEqualTo("hello");
        assertThat(((StompHeaders) frame[0]).getFirst("x-expr")).isEqualTo("#{T(java.lang.Runtime).getRuntime().exec('touch /tmp/pwned')}");
    }

    @Test
    void clientAcknowledgementWithNackAndRedelivery() throws Exception {
        Collector collector = new Collector();
        StompHeaders subscribe = plain("/queue/spring");
        subscribe.setAck("client-individual");
        receipt(session.subscribe(subscribe, collector));
        receipt(session.send(plain("/queue/spring"), "job".getBytes(StandardCharsets.UTF_8)));
        StompHeaders first = (StompHeaders) collector.take()[0];
        receipt(session.acknowledge(first.getAck(), false));
        Object[] again = collector.take();
        assertThat(again[1]).isEqualTo("job");
        assertThat(((StompHeaders) again[0]).getFirst("redelivered")).isEqualTo("true");
        receipt(session.acknowledge(((StompHeaders) again[0]).getAck(), true));
        assertThat(collector.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    private static StompHeaders plain(String destination) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        return headers;
    }
}
