package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A publish observer hears every publish, from the server or a connection, topic subscribed or not. */
class PublishObserverTest {

    private static final class Recording implements PublishObserver {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        volatile WebSocketServer server;

        @Override
        public void started(WebSocketServer started) {
            server = started;
        }

        @Override
        public void published(String topic, String text, WebSocket publisher) {
            heard.add(topic + " " + text + " from " + (publisher == null ? "the server" : "a connection"));
        }

        @Override
        public void published(String topic, ByteBuffer data, WebSocket publisher) {
            heard.add(topic + " binary " + data.remaining() + (data.isReadOnly() ? " read-only" : ""));
        }

        String next() throws InterruptedException {
            String event = heard.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("a publish within 5 s").isNotNull();
            return event;
        }
    }

    @Test
    void hearsPublishesFromTheServerAndFromConnections() throws Exception {
        Recording observer = new Recording();
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).observePublishes(observer).start()) {
            assertThat(observer.server).isSameAs(server);
            server.publish("nobody-listens", "still heard");
            assertThat(observer.next()).isEqualTo("nobody-listens still heard from the server");
            server.publish("news", ByteBuffer.wrap(new byte[3]));
            assertThat(observer.next()).isEqualTo("news binary 3 read-only");

            Inbox publisher = Inbox.connect(server, "/topics");
            Inbox subscriber = Inbox.connect(server, "/topics");
            subscriber.command("sub news");
            publisher.socket.send("pub news hello");
            assertThat(observer.next()).isEqualTo("news hello from a connection");
            assertThat(subscriber.next()).isEqualTo("hello");
        }
    }

    @Test
    void anObserverThatThrowsDoesNotStopThePublish() throws Exception {
        Recording after = new Recording();
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands)
                .observePublishes((topic, text, publisher) -> {
                    throw new IllegalStateException("observer failed");
                })
                .observePublishes(after).start()) {
            Inbox subscriber = Inbox.connect(server, "/topics");
            subscriber.command("sub news");
            server.publish("news", "delivered");
            assertThat(after.next()).isEqualTo("news delivered from the server");
            assertThat(subscriber.next()).isEqualTo("delivered");
        }
    }
}
