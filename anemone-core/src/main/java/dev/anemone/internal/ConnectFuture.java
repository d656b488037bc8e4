package dev.anemone.internal;

import dev.anemone.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a client connection being opened on an event loop. A thread that waits for it
 * on that very loop (a {@code join()} in a callback of another connection of the same client)
 * would wait forever, the loop being the one to open it; it fails at once instead, saying so.
 * Everything else is a plain {@link CompletableFuture}, and the stages made from it are plain too.
 */
final class ConnectFuture extends CompletableFuture<WebSocket> {

    private final EventLoop loop;

    ConnectFuture(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public WebSocket join() {
        refuseOnLoop();
        return super.join();
    }

    @Override
    public WebSocket get() throws InterruptedException, ExecutionException {
        refuseOnLoop();
        return super.get();
    }

    @Override
    public WebSocket get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseOnLoop();
        return super.get(timeout, unit);
    }

    private void refuseOnLoop() {
        if (!isDone() && loop.inLoop()) {
            throw new IllegalStateException("waiting for a connection on the event loop that opens it would never end: "
                    + "chain a stage (thenAccept) instead, or connect with another WebSocketClient");
        }
    }
}
