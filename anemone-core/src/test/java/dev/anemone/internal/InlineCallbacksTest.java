package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.anemone.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InlineCallbacksTest {

    private final WebSocket socket = RecordingListener.fakeSocket("socket-1");
    private final RecordingListener listener = new RecordingListener();
    private final RecordingListener.Connection connection = new RecordingListener.Connection(socket, listener);
    private final InlineCallbacks callbacks = InlineCallbacks.INSTANCE;

    @Test
    void everyEventReachesTheListenerAtOnceOnTheCallersThread() {
        assertThat(callbacks.runsOnLoop()).isTrue();
        callbacks.open(connection);
        callbacks.text(connection, utf8("héllo"));
        callbacks.binary(connection, ascii("bin"));
        callbacks.ping(connection, ascii("pi"));
        callbacks.pong(connection, ascii("po"));
        callbacks.drain(connection);
        callbacks.error(connection, new IllegalStateException("oops"));
        callbacks.close(connection, 1000, "bye", true);

        assertThat(listener.events()).containsExactly(
                "open", "text:héllo", "binary:bin", "ping:pi", "pong:po", "drain", "error:oops", "close:1000:bye:true");
        assertThat(listener.threads()).containsOnly(Thread.currentThread());
        assertThat(listener.sockets()).containsOnly(socket);
        assertThat(connection.reported()).isEmpty();
    }

    static Stream<Arguments> failingCallbacks() {
        List<Arguments> cases = new ArrayList<>();
        List<Supplier<Throwable>> throwables = List.of(
                () -> new IllegalStateException("listener failed on purpose"),
                () -> new AssertionError("listener failed on purpose"),
                () -> new OutOfMemoryError("thrown by hand on purpose"));
        List<String> kinds = List.of("open", "text", "binary", "ping", "pong", "drain");
        for (String kind : kinds) {
            for (Supplier<Throwable> throwable : throwables) {
                cases.add(Arguments.of(kind, throwable.get().getClass().getSimpleName(), throwable));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "on{0} throws {1}")
    @MethodSource("failingCallbacks")
    void aThrowIsReportedOnceAndOnlyErrorsAndTheCloseFollow(String kind, String name, Supplier<Throwable> throwable) {
        Throwable thrown = throwable.get();
        listener.throwOn.put(kind, () -> thrown);

        assertThatCode(() -> deliver(kind)).as("what the listener throws stays at the boundary").doesNotThrowAnyException();
        assertThat(connection.reported()).containsExactly(thrown);
        assertThat(listener.events()).hasSize(1);

        // Every data callback is suppressed from now on, including the kind that failed.
        for (String later : List.of("text", "binary", "ping", "pong", "drain")) {
            assertThatCode(() -> deliver(later)).doesNotThrowAnyException();
        }
        assertThat(listener.events()).hasSize(1);

        // Errors (the failure's own report among them) and the close still arrive.
        callbacks.error(connection, thrown);
        callbacks.close(connection, 1011, "", false);
        assertThat(listener.events()).containsExactly(
                line(kind), "error:" + thrown.getMessage(), "close:1011::false");
        assertThat(connection.reported()).as("reported once").containsExactly(thrown);
    }

    @Test
    void onErrorAndOnCloseThatThrowDoNotPropagate() {
        listener.throwOn.put("error", () -> new IllegalStateException("onError failed on purpose"));
        listener.throwOn.put("close", () -> new OutOfMemoryError("onClose thrown by hand on purpose"));

        assertThatCode(() -> callbacks.error(connection, new RuntimeException("first"))).doesNotThrowAnyException();
        assertThatCode(() -> callbacks.error(connection, new RuntimeException("second"))).doesNotThrowAnyException();
        assertThatCode(() -> callbacks.close(connection, 1000, "", true)).doesNotThrowAnyException();

        assertThat(listener.events()).containsExactly("error:first", "error:second", "close:1000::true");
        // Reporting them would go back through onError: they are only logged.
        assertThat(connection.reported()).isEmpty();
    }

    @Test
    void afterAFailureOnErrorAndOnCloseThatThrowAreNotReportedAgain() {
        IllegalStateException first = new IllegalStateException("text failed on purpose");
        listener.throwOn.put("text", () -> first);
        listener.throwOn.put("error", () -> new IllegalStateException("onError failed on purpose"));
        listener.throwOn.put("close", () -> new IllegalStateException("onClose failed on purpose"));

        callbacks.open(connection);
        callbacks.text(connection, utf8("boom"));
        callbacks.error(connection, first);
        callbacks.binary(connection, ascii("ignored"));
        callbacks.close(connection, 1011, "", false);

        assertThat(listener.events()).containsExactly("open", "text:boom", "error:text failed on purpose", "close:1011::false");
        assertThat(connection.reported()).containsExactly(first);
    }

    // ------------------------------------------------------------ helpers

    private void deliver(String kind) {
        Consumer<InlineCallbacks> call = switch (kind) {
            case "open" -> c -> c.open(connection);
            case "text" -> c -> c.text(connection, utf8("t"));
            case "binary" -> c -> c.binary(connection, ascii("b"));
            case "ping" -> c -> c.ping(connection, ascii("pi"));
            case "pong" -> c -> c.pong(connection, ascii("po"));
            case "drain" -> c -> c.drain(connection);
            default -> throw new IllegalArgumentException(kind);
        };
        call.accept(callbacks);
    }

    /** The line {@link #deliver} makes the listener record. */
    private static String line(String kind) {
        return switch (kind) {
            case "open" -> "open";
            case "text" -> "text:t";
            case "binary" -> "binary:b";
            case "ping" -> "ping:pi";
            case "pong" -> "pong:po";
            case "drain" -> "drain";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
