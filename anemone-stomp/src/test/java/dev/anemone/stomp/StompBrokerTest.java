package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our broker alone: bad input, limits, the guard, versions and heart-beats, over raw frames. */
class StompBrokerTest {

    private WebSocketServer server;

    private URI start(StompBrokerOptions options) {
        WebSocketServer.Builder builder = WebSocketServer.builder().port(0);
        StompBroker.create(options).mount(builder, "/stomp");
        server = builder.start();
        return URI.create("ws://127.0.0.1:" + server.port() + "/stomp");
    }

    private URI start() {
        return start(StompBrokerOptions.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "HELLO\\n\\n\\0|unknown command 'HELLO'",
        "SEND\\nno colon\\n\\n\\0|header line without ':'",
        "SEND\\n\\n\\0|SEND needs a destination header",
        "SEND\\ndestination:/elsewhere/x\\n\\n\\0|destination must be /topic/NAME or /queue/NAME",
        "SUBSCRIBE\\ndestination:/topic/a\\n\\n\\0|SUBSCRIBE needs an id header",
        "SUBSCRIBE\\nid:1\\ndestination:/topic/a\\nack:maybe\\n\\n\\0|ack must be auto, client or client-individual",
        "ACK\\nid:nothing\\n\\n\\0|no unacknowledged message with id nothing",
        "COMMIT\\ntransaction:t\\n\\n\\0|no transaction t",
        "SEND\\ndestination:/queue/a\\na:\\\\t\\n\\n\\0|undefined escape sequence \\t",
        "SEND\\ncontent-length:2\\n\\nabc\\0|frame not terminated by NUL after content-length bytes",
        "MESSAGE\\n\\n\\0|MESSAGE is sent by servers, not clients",
        "CONNECT\\n\\n\\0|already connected",
    })
    void badInputGetsAnErrorNamingTheProblemThenACloseAndOthersGoOn(String frame, String problem) throws Exception {
        URI uri = start();
        RawStomp bystander = RawStomp.connected(uri);
        bystander.send("SUBSCRIBE\nid:0\ndestination:/topic/calm\n\n\0");
        RawStomp bad = RawStomp.connected(uri);
        bad.send(frame.replace("\\n", "\n").replace("\\0", "\0").replace("\\\\", "\\"));
        StompFrame error = bad.expect(StompCommand.ERROR);
        assertThat(error.header("message")).isEqualTo(problem);
        assertThat(bad.closeCode()).isEqualTo(1000);
        RawStomp producer = RawStomp.connected(uri);
        producer.send("SEND\ndestination:/topic/calm\nreceipt:1\n\nstill here\0");
        producer.expect(StompCommand.RECEIPT);
        assertThat(bystander.expect(StompCommand.MESSAGE).bodyText()).isEqualTo("still here");
    }

    @Test
    void anErrorCarriesTheReceiptIdOfTheFrameThatCausedIt() throws Exception {
        RawStomp raw = RawStomp.connected(start());
        raw.send("UNSUBSCRIBE\nid:nope\nreceipt:77\n\n\0");
        StompFrame error = raw.expect(StompCommand.ERROR);
        assertThat(error.header("receipt-id")).isEqualTo("77");
        assertThat(error.header("message")).isEqualTo("no subscription nope");
    }

    @Test
    void theFirstFrameMustBeConnect() throws Exception {
        RawStomp raw = RawStomp.open(start(), "v12.stomp");
        raw.send("SEND\ndestination:/queue/a\n\nx\0");
        assertThat(raw.expect(StompCommand.ERROR).header("message")).isEqualTo("the first frame must be CONNECT or STOMP");
        assertThat(raw.closeCode()).isEqualTo(1000);
    }

    @Test
    void theSubprotocolAndAcceptVersionChooseTheVersion() throws Exception {
        URI uri = start();
        RawStomp old = RawStomp.open(uri, "v10.stomp", "v11.stomp");
        assertThat(old.socket.protocol()).isEqualTo("v11.stomp");
        old.send("CONNECT\naccept-version:1.0,1.1\n\n\0");
        assertThat(old.expect(StompCommand.CONNECTED).header("version")).isEqualTo("1.1");
        RawStomp ten = RawStomp.open(uri);
        ten.send("STOMP\n\n\0");
        assertThat(ten.expect(StompCommand.CONNECTED).header("version")).isEqualTo("1.0");
        RawStomp future = RawStomp.open(uri);
        future.send("CONNECT\naccept-version:3.0\n\n\0");
        assertThat(future.expect(StompCommand.ERROR).header("version")).isEqualTo("1.0,1.1,1.2");
    }

    @Test
    void connectedNamesSessionServerAndHeartBeat() throws Exception {
        RawStomp raw = RawStomp.open(start(StompBrokerOptions.builder().heartBeat(new HeartBeat(5000, 6000)).build()), "v12.stomp");
        raw.send("CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0");
        StompFrame connected = raw.expect(StompCommand.CONNECTED);
        assertThat(connected.header("session")).startsWith("session-");
        assertThat(connected.header("server")).startsWith("Anemone/");
        assertThat(connected.header("heart-beat")).isEqualTo("5000,6000");
    }

    @Test
    void aSilentClientIsClosedAfterTheHeartBeatGrace() throws Exception {
        RawStomp raw = RawStomp.open(start(StompBrokerOptions.builder().heartBeat(new HeartBeat(0, 100)).build()), "v12.stomp");
        raw.send("CONNECT\naccept-version:1.2\nheart-beat:100,0\n\n\0");
        raw.expect(StompCommand.CONNECTED);
        assertThat(raw.expect(StompCommand.ERROR).header("message")).startsWith("no heart-beat from the client");
        assertThat(raw.closeCode()).isEqualTo(1000);
    }

    @Test
    void theBrokerSendsHeartBeatsAndAClientThatBeatsStays() throws Exception {
        URI uri = start(StompBrokerOptions.builder().heartBeat(new HeartBeat(50, 300)).build());
        java.util.concurrent.CountDownLatch beats = new java.util.concurrent.CountDownLatch(5);
        RawStomp raw = new RawStomp() {
            @Override
            public void onTextUtf8(dev.anemone.WebSocket webSocket, java.nio.ByteBuffer utf8) {
                if (utf8.remaining() == 1 && utf8.get(utf8.position()) == '\n') {
                    beats.countDown();
                    webSocket.send("\n");
                }
                super.onTextUtf8(webSocket, utf8);
            }
        };
        raw.socket = dev.anemone.WebSocketClient.shared().connect(uri, raw).join();
        raw.send("CONNECT\naccept-version:1.2\nheart-beat:100,50\n\n\0");
        raw.expect(StompCommand.CONNECTED);
        assertThat(beats.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(raw.closed).isNotDone();
    }

    @Test
    void theGuardDecidesWhoConnectsAndWhatTheyMayDo() throws Exception {
        StompGuard guard = new StompGuard() {
            @Override
            public String authenticate(String login, String passcode, dev.anemone.WebSocket socket) {
                return "secret".equals(passcode) ? login : null;
            }

            @Override
            public boolean allows(String user, StompCommand command, String destination) {
                return !(command == StompCommand.SEND && destination.startsWith("/topic/admin"));
            }
        };
        URI uri = start(StompBrokerOptions.builder().guard(guard).build());
        RawStomp stranger = RawStomp.open(uri, "v12.stomp");
        stranger.send("CONNECT\naccept-version:1.2\nlogin:eve\npasscode:guess\n\n\0");
        assertThat(stranger.expect(StompCommand.ERROR).header("message")).isEqualTo("authentication failed");
        RawStomp user = RawStomp.open(uri, "v12.stomp");
        user.send("CONNECT\naccept-version:1.2\nlogin:ann\npasscode:secret\n\n\0");
        user.expect(StompCommand.CONNECTED);
        user.send("SEND\ndestination:/topic/news\nreceipt:1\n\n\0");
        user.expect(StompCommand.RECEIPT);
        user.send("SEND\ndestination:/topic/admin\n\n\0");
        assertThat(user.expect(StompCommand.ERROR).header("message")).isEqualTo("SEND to /topic/admin is not allowed");
    }

    @Test
    void limitsHaveKnobs() throws Exception {
        URI uri = start(StompBrokerOptions.builder().maxSubscriptionsPerSession(2).maxQueuedMessages(1)
                .frameLimits(new StompLimits(200, 8, 100)).build());
        RawStomp subscriber = RawStomp.connected(uri);
        subscriber.send("SUBSCRIBE\nid:1\ndestination:/topic/a\n\n\0SUBSCRIBE\nid:2\ndestination:/topic/b\n\n\0");
        subscriber.send("SUBSCRIBE\nid:3\ndestination:/topic/c\n\n\0");
        assertThat(subscriber.expect(StompCommand.ERROR).header("message")).isEqualTo("more than 2 subscriptions");
        RawStomp producer = RawStomp.connected(uri);
        producer.send("SEND\ndestination:/queue/q\n\n1\0SEND\ndestination:/queue/q\n\n2\0");
        assertThat(producer.expect(StompCommand.ERROR).header("message")).isEqualTo("the broker's queues are full (1 messages)");
        RawStomp big = RawStomp.connected(uri);
        big.send("SEND\ndestination:/queue/q\n\n" + "x".repeat(300) + "\0");
        assertThat(big.expect(StompCommand.ERROR).header("message")).isEqualTo("frame larger than 200 bytes");
    }

    @Test
    void aTopicSubscriberThatNeverAcknowledgesIsClosedAtTheLimit() throws Exception {
        URI uri = start(StompBrokerOptions.builder().maxUnackedPerSubscription(2).build());
        RawStomp slow = RawStomp.connected(uri);
        slow.send("SUBSCRIBE\nid:1\ndestination:/topic/t\nack:client\nreceipt:s\n\n\0");
        slow.expect(StompCommand.RECEIPT);
        RawStomp producer = RawStomp.connected(uri);
        producer.send("SEND\ndestination:/topic/t\n\n1\0SEND\ndestination:/topic/t\n\n2\0SEND\ndestination:/topic/t\n\n3\0");
        slow.expect(StompCommand.MESSAGE);
        slow.expect(StompCommand.MESSAGE);
        assertThat(slow.expect(StompCommand.ERROR).header("message")).isEqualTo("more than 2 unacknowledged messages on subscription 1");
    }

    @Test
    void aQueueWaitsForAcknowledgementsBeyondTheLimit() throws Exception {
        URI uri = start(StompBrokerOptions.builder().maxUnackedPerSubscription(1).build());
        RawStomp consumer = RawStomp.connected(uri);
        consumer.send("SUBSCRIBE\nid:1\ndestination:/queue/w\nack:client-individual\nreceipt:s\n\n\0");
        consumer.expect(StompCommand.RECEIPT);
        RawStomp producer = RawStomp.connected(uri);
        producer.send("SEND\ndestination:/queue/w\n\n1\0SEND\ndestination:/queue/w\nreceipt:r\n\n2\0");
        producer.expect(StompCommand.RECEIPT);
        StompFrame first = consumer.expect(StompCommand.MESSAGE);
        assertThat(consumer.frames.poll(200, TimeUnit.MILLISECONDS)).isNull();
        consumer.send("ACK\nid:" + first.header("ack") + "\n\n\0");
        assertThat(consumer.expect(StompCommand.MESSAGE).bodyText()).isEqualTo("2");
    }

    @Test
    void unsubscribingGivesUnacknowledgedQueueMessagesBack() throws Exception {
        URI uri = start();
        RawStomp consumer = RawStomp.connected(uri);
        consumer.send("SUBSCRIBE\nid:1\ndestination:/queue/u\nack:client\n\n\0SEND\ndestination:/queue/u\n\nback\0");
        consumer.expect(StompCommand.MESSAGE);
        consumer.send("UNSUBSCRIBE\nid:1\n\n\0SUBSCRIBE\nid:2\ndestination:/queue/u\n\n\0");
        StompFrame again = consumer.expect(StompCommand.MESSAGE);
        assertThat(again.header("subscription")).isEqualTo("2");
        assertThat(again.header("redelivered")).isEqualTo("true");
    }

    @Test
    void disconnectAnswersTheReceiptThenCloses() throws Exception {
        RawStomp raw = RawStomp.connected(start());
        raw.send("DISCONNECT\nreceipt:bye\n\n\0");
        assertThat(raw.expect(StompCommand.RECEIPT).header("receipt-id")).isEqualTo("bye");
        assertThat(raw.closeCode()).isEqualTo(1000);
    }

    @Test
    void theApplicationSendsToQueuesTopicsAndEverySubscriber() throws Exception {
        WebSocketServer.Builder builder = WebSocketServer.builder().port(0);
        StompBroker broker = StompBroker.create().mount(builder, "/stomp");
        server = builder.start();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/stomp");
        RawStomp a = RawStomp.connected(uri);
        RawStomp b = RawStomp.connected(uri);
        a.send("SUBSCRIBE\nid:1\ndestination:/queue/stocks.IBM\nreceipt:s\n\n\0");
        b.send("SUBSCRIBE\nid:1\ndestination:/queue/stocks.IBM\nreceipt:s\n\n\0");
        a.expect(StompCommand.RECEIPT);
        b.expect(StompCommand.RECEIPT);
        assertThat(broker.subscribedDestinations()).containsExactly("/queue/stocks.IBM");
        assertThat(broker.subscriberCount("/queue/stocks.IBM")).isEqualTo(2);
        broker.sendToSubscribers("/queue/stocks.IBM", "{\"price\":1}");
        assertThat(a.expect(StompCommand.MESSAGE).bodyText()).isEqualTo("{\"price\":1}");
        assertThat(b.expect(StompCommand.MESSAGE).bodyText()).isEqualTo("{\"price\":1}");
        broker.send("/queue/later", "kept");
        assertThat(broker.queuedMessages()).isEqualTo(1);
    }
}
