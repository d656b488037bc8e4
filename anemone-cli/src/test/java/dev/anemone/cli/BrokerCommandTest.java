package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.stomp.StompClient;
import dev.anemone.stomp.StompClientOptions;
import dev.anemone.stomp.StompMessage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code anemone broker} for real, embedded and relaying to RabbitMQ's STOMP port, and {@code anemone stomp} against it. */
class BrokerCommandTest {

    private final StringWriter out = new StringWriter();
    private BrokerCommand command;
    private CompletableFuture<Integer> exitCode;

    private int broker(String... args) throws Exception {
        command = new BrokerCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        return command.started().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        command.stop();
        assertThat(exitCode.get(10, TimeUnit.SECONDS)).isZero();
    }

    private static void roundTrip(URI uri, StompClientOptions options) {
        try (StompClient client = StompClient.connect(uri, options).orTimeout(10, TimeUnit.SECONDS).join()) {
            CompletableFuture<StompMessage> got = new CompletableFuture<>();
            String queue = "/queue/cli-" + System.nanoTime();
            client.subscribe(queue, got::complete).orTimeout(10, TimeUnit.SECONDS).join();
            client.send(queue, "through the command").orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(got.orTimeout(10, TimeUnit.SECONDS).join().text()).isEqualTo("through the command");
        }
    }

    @Test
    void theEmbeddedBrokerServesStompAtSlashStomp() throws Exception {
        int port = broker("--port", "0", "--host", "127.0.0.1");
        assertThat(out.toString()).contains("STOMP over WebSocket on ws://127.0.0.1:" + port + "/stomp (embedded broker)");
        roundTrip(URI.create("ws://127.0.0.1:" + port + "/stomp"), StompClientOptions.defaults());
    }

    @Test
    void relayingToRabbitMqWithTheUrlsCredentials() throws Exception {
        int port = broker("--port", "0", "--host", "127.0.0.1", "--relay", "stomp://guest:guest@127.0.0.1:61613");
        assertThat(out.toString()).contains("(relaying to 127.0.0.1:61613)");
        roundTrip(URI.create("ws://127.0.0.1:" + port + "/stomp"), StompClientOptions.defaults());
    }

    @Test
    void theInteractiveClientSubscribesSendsAcknowledgesAndUsesTransactions() throws Exception {
        int port = broker("--port", "0", "--host", "127.0.0.1");
        String script = String.join("\n", "subscribe /queue/cli client-individual", "send /queue/cli first line",
                "begin", "send /queue/cli in a transaction", "commit", "bogus", "disconnect", "");
        StringWriter clientOut = new StringWriter();
        StringWriter clientErr = new StringWriter();
        CommandLine stomp = new CommandLine(new StompClientCommand(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8))));
        stomp.setOut(new PrintWriter(clientOut, true));
        stomp.setErr(new PrintWriter(clientErr, true));
        assertThat(stomp.execute("ws://127.0.0.1:" + port + "/stomp")).isZero();
        assertThat(clientOut.toString())
                .contains("connected: STOMP 1.2, session ", "subscribed sub-1 to /queue/cli", "sent", "began tx-", "committed tx-", "disconnected")
                .containsPattern("< /queue/cli \\[m-[^]]+] first line")
                .containsPattern("< /queue/cli \\[m-[^]]+] in a transaction");
        assertThat(clientErr.toString()).contains("unknown command bogus");
    }
}
