package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a STOMP broker over WebSocket does, as our {@link StompClient} sees it: run against our
 * embedded broker and against RabbitMQ's Web-STOMP, so that the two are compared case by case.
 */
abstract class BrokerContract {

    private final List<StompClient> clients = new ArrayList<>();
    /** Destinations unique to each test, so that a broker that keeps queues (RabbitMQ) starts clean. */
    protected final String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    abstract URI uri();

    abstract StompClientOptions options();

    /** Ends every client connection from the broker's side. */
    abstract void dropConnections() throws Exception;

    StompClient client() {
        return client(options());
    }

    StompClient client(StompClientOptions options) {
        StompClient client = StompClient.connect(uri(), options).orTimeout(10, TimeUnit.SECONDS).join();
        clients.add(client);
        return client;
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StompClient::close);
    }

    @Test
    void connectAgreesOnStomp12() {
        StompClient client = client();
        assertThat(client.version()).isEqualTo(StompVersion.V1_2);
        assertThat(client.session()).isNotBlank();
    }

    @Test
    void aTopicFansOutToEverySubscriberWithHeadersAsData() throws Exception {
        String topic = "/topic/" + name;
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Inbox inbox = new Inbox();
            client().subscribe(topic, inbox).orTimeout(10, TimeUnit.SECONDS).join();
            inboxes.add(inbox);
        }
        String spel = "${T(java.lang.Runtime).getRuntime().exec('touch /tmp/pwned')} #{1+1}";
        client().send(topic, "tick", "x-expr", spel, "content-type", "text/plain").orTimeout(10, TimeUnit.SECONDS).join();
        for (Inbox inbox : inboxes) {
            StompMessage message = inbox.take();
            assertThat(message.text()).isEqualTo("tick");
            assertThat(message.header("x-expr")).isEqualTo(spel);
            assertThat(message.header("destination")).isEqualTo(topic);
        }
    }

    @Test
    void aQueueHandsEachMessageToOneSubscriberRoundRobin() throws Exception {
        String queue = "/queue/" + name;
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        client().subscribe(queue, first).orTimeout(10, TimeUnit.SECONDS).join();
        client().subscribe(queue, second).orTimeout(10, TimeUnit.SECONDS).join();
        StompClient producer = client();
        for (int i = 0; i < 4; i++) {
            producer.send(queue, "m" + i).orTimeout(10, TimeUnit.SECONDS).join();
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.add(first.take().text());
            got.add(second.take().text());
        }
        assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3");
        assertThat(first.poll(200)).isNull();
    }

    @Test
    void aQueueKeepsMessagesUntilSomeoneSubscribes() throws Exception {
        String queue = "/queue/" + name;
        StompClient producer = client();
        producer.subscribe(queue, new Inbox()).orTimeout(10, TimeUnit.SECONDS).join().unsubscribe().orTimeout(10, TimeUnit.SECONDS).join();   // RabbitMQ: the queue exists before the SEND
        producer.send(queue, "early").orTimeout(10, TimeUnit.SECONDS).join();
        Inbox inbox = new Inbox();
        client().subscribe(queue, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.take().text()).isEqualTo("early");
    }

    @Test
    void unacknowledgedQueueMessagesGoToAnotherSubscriberWhenTheFirstDisconnects() throws Exception {
        String queue = "/queue/" + name;
        Inbox first = new Inbox();
        StompClient leaving = client();
        leaving.subscribe(queue, StompAckMode.CLIENT_INDIVIDUAL, first).orTimeout(10, TimeUnit.SECONDS).join();
        client().send(queue, "work").orTimeout(10, TimeUnit.SECONDS).join();
        StompMessage message = first.take();
        assertThat(message.header("redelivered")).isNotEqualTo("true");
        Inbox second = new Inbox();
        client().subscribe(queue, StompAckMode.CLIENT_INDIVIDUAL, second).orTimeout(10, TimeUnit.SECONDS).join();
        leaving.close();
        StompMessage again = second.take();
        assertThat(again.text()).isEqualTo("work");
        assertThat(again.header("redelivered")).isEqualTo("true");
        again.ack().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(second.poll(300)).isNull();
    }

    @Test
    void nackPutsAQueueMessageBack() throws Exception {
        String queue = "/queue/" + name;
        Inbox inbox = new Inbox();
        client().subscribe(queue, StompAckMode.CLIENT_INDIVIDUAL, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        client().send(queue, "retry").orTimeout(10, TimeUnit.SECONDS).join();
        inbox.take().nack().orTimeout(10, TimeUnit.SECONDS).join();
        StompMessage again = inbox.take();
        assertThat(again.text()).isEqualTo("retry");
        assertThat(again.header("redelivered")).isEqualTo("true");
        again.ack().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void clientModeAcknowledgesEverythingUpToTheMessage() throws Exception {
        String queue = "/queue/" + name;
        Inbox inbox = new Inbox();
        StompSubscription subscription = client().subscribe(queue, StompAckMode.CLIENT, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        StompClient producer = client();
        for (int i = 0; i < 3; i++) {
            producer.send(queue, "c" + i).orTimeout(10, TimeUnit.SECONDS).join();
        }
        inbox.take();
        inbox.take();
        StompMessage third = inbox.take();
        third.ack().orTimeout(10, TimeUnit.SECONDS).join();
        subscription.unsubscribe().orTimeout(10, TimeUnit.SECONDS).join();
        Inbox after = new Inbox();
        client().subscribe(queue, after).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(after.poll(500)).isNull();
    }

    @Test
    void aTransactionSendsOnCommitAndNothingOnAbort() throws Exception {
        String queue = "/queue/" + name;
        Inbox inbox = new Inbox();
        client().subscribe(queue, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        StompClient producer = client();
        StompTransaction aborted = producer.begin();
        aborted.send(queue, "never");   // RabbitMQ sends a transaction's receipts when it ends
        aborted.abort().orTimeout(10, TimeUnit.SECONDS).join();
        StompTransaction committed = producer.begin();
        committed.send(queue, "one");
        committed.send(queue, "two");
        assertThat(inbox.poll(300)).isNull();
        committed.commit().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.take().text()).isEqualTo("one");
        assertThat(inbox.take().text()).isEqualTo("two");
        assertThat(inbox.poll(300)).isNull();
    }

    @Test
    void anAckInsideAnAbortedTransactionDoesNotCount() throws Exception {
        String queue = "/queue/" + name;
        Inbox inbox = new Inbox();
        StompClient consumer = client();
        consumer.subscribe(queue, StompAckMode.CLIENT_INDIVIDUAL, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        client().send(queue, "job").orTimeout(10, TimeUnit.SECONDS).join();
        StompMessage message = inbox.take();
        StompTransaction transaction = consumer.begin();
        transaction.ack(message);
        transaction.abort().orTimeout(10, TimeUnit.SECONDS).join();
        message.ack().orTimeout(10, TimeUnit.SECONDS).join();   // still unacknowledged, so a plain ACK is accepted
    }

    @Test
    void unsubscribingStopsDelivery() throws Exception {
        String topic = "/topic/" + name;
        Inbox inbox = new Inbox();
        StompClient client = client();
        StompSubscription subscription = client.subscribe(topic, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        client.send(topic, "a").orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.take().text()).isEqualTo("a");
        subscription.unsubscribe().orTimeout(10, TimeUnit.SECONDS).join();
        client.send(topic, "b").orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.poll(300)).isNull();
    }

    @Test
    void anErrorNamesTheProblemAndFailsTheReceipt() {
        List<StompFrame> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        StompClient client = client(options().withErrorHandler(errors::add));
        assertThatThrownBy(() -> client.send("/nowhere/" + name, "x").orTimeout(10, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StompException.class);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).header("message")).isNotBlank();
    }

    @Test
    void aClientReconnectsAndSubscribesAgain() throws Exception {
        String topic = "/topic/" + name;
        Inbox inbox = new Inbox();
        CountDownLatch connects = new CountDownLatch(2);
        StompClient client = client(options().withReconnect(Duration.ofMillis(200)).withConnectedHandler(c -> connects.countDown()));
        client.subscribe(topic, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        dropConnections();
        assertThat(connects.await(20, TimeUnit.SECONDS)).isTrue();
        StompClient producer = client();
        // The SUBSCRIBE sent again on reconnecting carries no receipt: send until one arrives, at most 50 times.
        for (int i = 0; i < 50; i++) {
            producer.send(topic, "after").orTimeout(10, TimeUnit.SECONDS).join();
            StompMessage message = inbox.poll(200);
            if (message != null) {
                assertThat(message.text()).isEqualTo("after");
                return;
            }
        }
        throw new AssertionError("no message after reconnecting");
    }
}
