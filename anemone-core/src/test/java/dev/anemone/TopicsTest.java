package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Topics against real sockets: subscribe, publish, unsubscribe and close, from the connection's
 * loop and from other threads, with our own client as the subscriber.
 */
class TopicsTest {

    @Test
    void aSubscriberGetsWhatIsPublishedUntilItUnsubscribes() throws Exception {
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).start()) {
            Inbox inbox = Inbox.connect(server, "/topics");
            inbox.command("sub news");
            inbox.command("sub marker");

            server.publish("news", "first");
            server.publish("elsewhere", "not subscribed");
            server.publish("news", ByteBuffer.wrap(new byte[3]));
            assertThat(inbox.next()).isEqualTo("first");
            assertThat(inbox.next()).isEqualTo("binary 3");

            inbox.command("unsub news");
            server.publish("news", "after unsubscribing");
            // Published after the other from this thread, so it would come second.
            server.publish("marker", "end");
            assertThat(inbox.next()).isEqualTo("end");
            assertThat(inbox.messages).isEmpty();
        }
    }

    @Test
    void closingUnsubscribesFromEverything() throws Exception {
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).start()) {
            Inbox inbox = Inbox.connect(server, "/topics");
            WebSocket serverSide = commands.opened.poll(5, TimeUnit.SECONDS);
            inbox.command("sub a");
            inbox.command("sub b");
            inbox.command("sub a");
            assertThat(serverSide.topics()).containsExactlyInAnyOrder("a", "b");
            assertThat(server.topics()).containsExactlyInAnyOrder("a", "b");
            assertThat(server.subscriberCount("a")).isEqualTo(1);

            inbox.socket.close();
            assertThat(commands.closed.poll(5, TimeUnit.SECONDS)).startsWith("1000");

            assertThat(server.topics()).isEmpty();
            assertThat(server.subscriberCount("a")).isZero();
            assertThat(serverSide.topics()).isEmpty();
            assertThat(server.runtime().topics().subscriptionCount()).isZero();
        }
    }

    @Test
    void aSocketsPublishSkipsItsSender() throws Exception {
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).start()) {
            Inbox sender = Inbox.connect(server, "/topics");
            Inbox other = Inbox.connect(server, "/topics");
            sender.command("sub chat");
            other.command("sub chat");

            sender.socket.send("pub chat hello");
            assertThat(other.next()).isEqualTo("hello");
            server.publish("chat", "from the server");

            assertThat(sender.next()).isEqualTo("from the server");
            assertThat(other.next()).isEqualTo("from the server");
        }
    }

    @Test
    void aClientsConnectionHasNoTopics() throws Exception {
        try (WebSocketServer server = Servers.echo().start()) {
            Inbox inbox = Inbox.connect(server, "/echo");

            assertThatThrownBy(() -> inbox.socket.subscribe("news")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> inbox.socket.publish("news", "x")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(inbox.socket.topics()).isEmpty();
        }
    }

    @Test
    void aSubscribeFromAnyThreadIsInPlaceForThePublishThatFollowsIt() throws Exception {
        int clients = 40;
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).start()) {
            List<Inbox> inboxes = Inbox.connectAll(server, "/topics", clients, ClientOptions.defaults());
            List<WebSocket> serverSides = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                serverSides.add(commands.opened.poll(5, TimeUnit.SECONDS));
            }

            // Each server-side socket says who it is, so the client knows which topic is its own.
            for (int i = 0; i < clients; i++) {
                serverSides.get(i).send("you are " + i);
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int n = i;
                    done.add(threads.submit(() -> {
                        serverSides.get(n).subscribe("own " + n);
                        server.publish("own " + n, "welcome " + n);
                    }));
                }
                for (Future<?> each : done) {
                    each.get(10, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }

            for (Inbox inbox : inboxes) {
                String n = inbox.next().substring("you are ".length());
                assertThat(inbox.next()).isEqualTo("welcome " + n);
            }
        }
    }

    @Test
    void messagesPublishedFromManyThreadsArriveInEachPublishersOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 1_000;
        int ours = 10;
        int jdk = 10;
        CountDownLatch subscribed = new CountDownLatch(ours + jdk);
        WebSocketListener subscribeAll = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.subscribe("ticks");
                subscribed.countDown();
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/ticks", subscribeAll).start()) {
            List<Inbox> inboxes = Inbox.connectAll(server, "/ticks", ours, ClientOptions.defaults());
            List<JdkSubscriber> jdkSubscribers = new ArrayList<>();
            for (int i = 0; i < jdk; i++) {
                jdkSubscribers.add(JdkSubscriber.connect(server, "/ticks", publishers * perPublisher));
            }
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();

            ExecutorService threads = Executors.newFixedThreadPool(publishers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                for (int p = 0; p < publishers; p++) {
                    int publisher = p;
                    threads.submit(() -> {
                        go.await();
                        for (int i = 0; i < perPublisher; i++) {
                            server.publish("ticks", publisher + ":" + i);
                        }
                        return null;
                    });
                }
                go.countDown();

                for (Inbox inbox : inboxes) {
                    List<String> received = new ArrayList<>();
                    for (int i = 0; i < publishers * perPublisher; i++) {
                        String message = inbox.next();
                        assertThat(message).as("message %d", i).isNotNull();
                        received.add(message);
                    }
                    assertInPublishersOrder(received, publishers, perPublisher);
                }
                for (JdkSubscriber subscriber : jdkSubscribers) {
                    assertThat(subscriber.all.await(10, TimeUnit.SECONDS)).isTrue();
                    List<String> received = subscriber.received.stream().map(line -> line.substring("text ".length())).toList();
                    assertInPublishersOrder(received, publishers, perPublisher);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aThousandSubscribersOnTwoLoopsAllReceiveEveryMessage() throws Exception {
        int subscribers = 1_000;
        int messages = 5;
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        List<String> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
        WebSocketListener subscribeAll = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.subscribe("all");
                loops.add(Thread.currentThread().getName());
                subscribed.countDown();
            }
        };
        CountDownLatch delivered = new CountDownLatch(subscribers * messages);
        WebSocketListener counting = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                delivered.countDown();
            }
        };
        try (WebSocketServer server = Servers.echo().eventLoops(2).endpoint("/all", subscribeAll).start();
             WebSocketClient client = new WebSocketClient(2)) {
            List<java.util.concurrent.CompletableFuture<WebSocket>> connecting = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                connecting.add(client.connect(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/all"), counting));
            }
            for (java.util.concurrent.CompletableFuture<WebSocket> each : connecting) {
                each.get(30, TimeUnit.SECONDS);
            }
            assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.subscriberCount("all")).isEqualTo(subscribers);
            assertThat(loops.stream().distinct()).as("subscribers on both loops").hasSize(2);

            for (int i = 0; i < messages; i++) {
                server.publish("all", "message " + i);
            }

            assertThat(delivered.await(30, TimeUnit.SECONDS)).as("%d deliveries", subscribers * messages).isTrue();
        }
    }

    /** Each publisher's messages, "P:I", appear with I rising from 0 to the last, and nothing else. */
    private static void assertInPublishersOrder(List<String> received, int publishers, int perPublisher) {
        int[] next = new int[publishers];
        for (String message : received) {
            String[] parts = message.split(":");
            int publisher = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("publisher %d's next message", publisher).isEqualTo(next[publisher]);
            next[publisher]++;
        }
        assertThat(next).containsOnly(perPublisher);
    }
}
