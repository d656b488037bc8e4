package dev.anemone.stomp;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects what a subscription receives, for a test to take with a time limit. */
final class Inbox implements Consumer<StompMessage> {

    private final BlockingQueue<StompMessage> messages = new LinkedBlockingQueue<>();

    @Override
    public void accept(StompMessage message) {
        messages.add(message);
    }

    /** The next message, waiting up to ten seconds. */
    StompMessage take() throws InterruptedException {
        StompMessage message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    /** The next message if one comes within {@code millis}, else null: for asserting that nothing comes. */
    StompMessage poll(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return messages.size();
    }
}
