package dev.anemone;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whom a {@link WebSocketServer#broadcast(String, Recipients) broadcast} reaches: every open
 * client, or one endpoint's, less the sender, narrowed by a filter of the application's.
 *
 * <pre>{@code
 * server.broadcast(text, Recipients.endpoint("/chat").except(sender));
 * server.broadcast(text, Recipients.all().where(socket -> socket.<User>attachment().isAdmin()));
 * }</pre>
 *
 * <p>A filter runs on the event loops, once per candidate connection and burst of messages, so
 * it must be quick and must not block. It is application code: if it throws, the connection it
 * was judging is told in {@code onError}, the failure is logged, and that connection is closed
 * with 1011, as for a listener that throws. Immutable.
 */
public final class Recipients {

    private static final Recipients ALL = new Recipients(null, null, null);

    private final String endpoint;
    private final WebSocket except;
    private final Predicate<? super WebSocket> filter;

    private Recipients(String endpoint, WebSocket except, Predicate<? super WebSocket> filter) {
        this.endpoint = endpoint;
        this.except = except;
        this.filter = filter;
    }

    /** Every open client of the server. */
    public static Recipients all() {
        return ALL;
    }

    /**
     * The open clients of the endpoint declared with {@code pattern}, as given to the builder
     * ({@code "/chat/{room}"}; a trailing slash does not matter): every room's, not one room's.
     */
    public static Recipients endpoint(String pattern) {
        return new Recipients(Objects.requireNonNull(pattern, "pattern"), null, null);
    }

    /** The same clients but {@code sender}. */
    public Recipients except(WebSocket sender) {
        return new Recipients(endpoint, Objects.requireNonNull(sender, "sender"), filter);
    }

    /** The same clients, of those only the ones {@code test} accepts (with any filter given before). */
    public Recipients where(Predicate<? super WebSocket> test) {
        Objects.requireNonNull(test, "test");
        Predicate<? super WebSocket> before = filter;
        Predicate<? super WebSocket> both = before == null ? test : socket -> before.test(socket) && test.test(socket);
        return new Recipients(endpoint, except, both);
    }

    String endpointPath() {
        return endpoint;
    }

    WebSocket excluded() {
        return except;
    }

    Predicate<? super WebSocket> filter() {
        return filter;
    }

    @Override
    public String toString() {
        return "Recipients[" + (endpoint == null ? "every endpoint" : endpoint)
                + (except == null ? "" : " except " + except) + (filter == null ? "" : ", filtered") + "]";
    }
}
