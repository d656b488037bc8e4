package dev.anemone.stomp;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The broker contract against RabbitMQ's Web-STOMP plugin on ws://127.0.0.1:15674/ws, which
 * {@code scripts/install-test-deps.sh} enables; the tests fail, not skip, when it is not there.
 */
class RabbitWebStompContractTest extends BrokerContract {

    @Override
    URI uri() {
        return URI.create("ws://127.0.0.1:15674/ws");
    }

    @Override
    StompClientOptions options() {
        return StompClientOptions.defaults().withLogin("guest", "guest").withHost("/");
    }

    @Override
    void dropConnections() throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", "close_all_connections", "contract test").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new AssertionError("rabbitmqctl close_all_connections failed");
        }
    }
}
