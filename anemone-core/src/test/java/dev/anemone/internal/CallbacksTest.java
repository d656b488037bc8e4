package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocket;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallbacksTest {

    private final WebSocket socket = RecordingListener.fakeSocket("socket-1");
    private final RecordingListener listener = new RecordingListener();
    private final RecordingListener.Connection connection = new RecordingListener.Connection(socket, listener);

    @Test
    void withoutAnExecutorCallbacksRunInline() {
        Callbacks callbacks = Callbacks.of(null, 10, paused -> { });
        assertThat(callbacks).isInstanceOf(InlineCallbacks.class);
        assertThat(callbacks.runsOnLoop()).isTrue();
        callbacks.open(connection);
        assertThat(listener.events()).containsExactly("open");
    }

    @Test
    void withAnExecutorCallbacksAreHandedToIt() {
        int[] handed = {0};
        Executor executor = task -> {
            handed[0]++;
            task.run();
        };
        Callbacks callbacks = Callbacks.of(executor, 10, paused -> { });
        assertThat(callbacks).isInstanceOf(ExecutorCallbacks.class);
        assertThat(callbacks.runsOnLoop()).isFalse();
        callbacks.open(connection);
        assertThat(handed[0]).isEqualTo(1);
        assertThat(listener.events()).containsExactly("open");
        assertThat(listener.sockets()).containsExactly(socket);
    }

    @Test
    void callGivesTheValue() {
        Callbacks.Called<String> called = Callbacks.call("the selector", false, () -> "chat");
        assertThat(called.failed()).isFalse();
        assertThat(called.value()).isEqualTo("chat");
    }

    @Test
    void callCatchesExceptionsAndErrors() {
        IOException checked = new IOException("checked, on purpose");
        assertThat(Callbacks.call("a", true, () -> {
            throw checked;
        }).failure()).isSameAs(checked);

        IllegalStateException unchecked = new IllegalStateException("on purpose");
        assertThat(Callbacks.call("b", true, () -> {
            throw unchecked;
        }).failure()).isSameAs(unchecked);

        OutOfMemoryError error = new OutOfMemoryError("thrown by hand on purpose");
        Callbacks.Called<Object> called = Callbacks.call("c", true, () -> {
            throw error;
        });
        assertThat(called.failed()).isTrue();
        assertThat(called.failure()).isSameAs(error);
        assertThat(called.value()).isNull();
    }

    @Test
    void aNullResultFailsUnlessAllowed() {
        Callbacks.Called<Object> refused = Callbacks.call("the verifier", false, () -> null);
        assertThat(refused.failed()).isTrue();
        assertThat(refused.failure()).isInstanceOf(NullPointerException.class).hasMessageContaining("the verifier");

        Callbacks.Called<Object> allowed = Callbacks.call("the handler", true, () -> null);
        assertThat(allowed.failed()).isFalse();
        assertThat(allowed.value()).isNull();
    }
}
