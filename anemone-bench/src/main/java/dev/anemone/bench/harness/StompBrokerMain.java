package dev.anemone.bench.harness;

import dev.anemone.WebSocketServer;
import dev.anemone.stomp.HeartBeat;
import dev.anemone.stomp.StompBroker;
import dev.anemone.stomp.StompBrokerOptions;

/** Our embedded broker alone in its process, so that the STOMP race can read its CPU time: {@code StompBrokerMain PORT}. */
public final class StompBrokerMain {

    private StompBrokerMain() {
    }

    /** Serves ws://127.0.0.1:PORT/stomp and prints "ready" once listening. */
    public static void main(String[] args) throws InterruptedException {
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(Integer.parseInt(args[0]))
                .maxConnectionsPerAddress(10_000)      // every client of the race comes from 127.0.0.1
                .connectionsPerSecondPerAddress(100_000)
                .handshakesPerSecondPerAddress(100_000);
        StompBroker.create(StompBrokerOptions.builder().heartBeat(HeartBeat.NONE).maxQueuedMessages(1_000_000).build())
                .mount(builder, "/stomp");
        WebSocketServer server = builder.start();
        System.out.println("ready " + server.port());
        System.out.flush();
        server.awaitTermination();
    }
}
