package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Anemone nodes serving SockJS behind nginx running the docs' recipe, sticky by client
 * address ({@code ip_hash}), and sockjs-client 1.6.1 in two Chromiums (node/sockjs-failover-page.html),
 * one whose traffic nginx sends to one node and one it sends to the other: each opens a client
 * per transport, greeted by its node. The first node is stopped gracefully; its SockJS sessions
 * are closed with 1001 "server shutting down", its clients connect again as an application does
 * on 1001, nginx finds the node gone and passes them to the other, and their messages flow there.
 * The other Chromium's clients never notice: no close, and they still get what their node publishes.
 *
 * <p>A browser cannot pick its address, so each Chromium reaches nginx through a relay
 * ({@link WireCounter#from}) that connects from a loopback address of its own, 127.0.k.2,
 * chosen so that ip_hash (which hashes an IPv4 address's first three octets) picks the wanted
 * node. Four transports, not six: Chromium opens at most six HTTP connections to one origin, and
 * each streaming or polling transport holds one open, so the htmlfile and jsonp clients would
 * leave none for the others' sends.
 */
class NginxSockJsFailoverTest {

    private static final List<String> TRANSPORTS = List.of("websocket", "xhr-streaming", "xhr-polling", "eventsource");
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Longer than the test: a poll waits for data, so a client is rarely between two polls when its node stops. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(25);

    private final Map<String, SockJsSite> nodes = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Nginx nginx;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        nodes.values().forEach(SockJsSite::close);
    }

    @Test
    void theSockJsClientsOfANodeThatStopsAreClosedWith1001AndReconnectToTheOther() throws Exception {
        for (String name : List.of("a", "b")) {
            nodes.put(name, SockJsSite.start(new GreetingEcho(name), HEARTBEAT, builder -> builder.eventLoops(1)
                    .trustedProxies("127.0.0.1")));
        }
        nginx = Nginx.inFrontOf(nodes.values().stream().mapToInt(node -> node.server.port()).toArray());
        Map<String, String> sources = sourcePerNode();

        ExternalPeer leaving = page(sources.get("a"));
        ExternalPeer staying = page(sources.get("b"));
        for (String transport : TRANSPORTS) {
            assertThat(await(leaving, transport, "greeting").text("node")).as(transport).isEqualTo("node:a");
            assertThat(await(staying, transport, "greeting").text("node")).as(transport).isEqualTo("node:b");
        }
        for (String transport : TRANSPORTS) {
            assertThat(await(leaving, transport, "message").text("text")).isEqualTo("hello");
            assertThat(await(staying, transport, "message").text("text")).isEqualTo("hello");
        }

        CompletableFuture<Void> stopped = nodes.get("a").server.stop(GRACE);

        for (String transport : TRANSPORTS) {
            Event closed = await(leaving, transport, "close");
            if (transport.equals("xhr-polling") && closed.number("code") == 1006) {
                // Known, and in docs/nginx.md: a polling client between two polls when its node
                // stops has no request for the 1001 to answer, and its next poll finds the session
                // gone; it reconnects all the same, which the lines below check.
                assertThat(closed.text("reason")).as("%s's close: %s", transport, closed).isEqualTo("Server lost session");
            } else {
                assertThat(closed.number("code")).as("%s's close: %s", transport, closed).isEqualTo(1001);
                assertThat(closed.text("reason")).isEqualTo("server shutting down");
            }
            Event greeting = await(leaving, transport, "greeting");
            assertThat(greeting.text("node")).as("%s reconnected", transport).isEqualTo("node:b");
            assertThat(greeting.text("transport")).isEqualTo(transport);
            assertThat(await(leaving, transport, "message").text("text")).isEqualTo("hello");
        }
        stopped.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);

        nodes.get("b").server.publish(GreetingEcho.ALL, "still here");
        for (String transport : TRANSPORTS) {
            assertThat(await(staying, transport, "message").text("text")).as(transport).isEqualTo("still here");
            assertThat(await(leaving, transport, "message").text("text")).as(transport).isEqualTo("still here");
        }
        assertThat(staying.events().seen("console")).as("the staying clients' events")
                .noneMatch(line -> line.text("text").contains("\"close\""));
        nodes.get("b").server.publish(GreetingEcho.ALL, "done");
        leaving.events().await("report");
        staying.events().await("report");
    }

    /**
     * A loopback address from which nginx sends a client to each node, by node: a session opened
     * from 127.0.k.2 is greeted by the node that ip_hash picked for it.
     */
    private Map<String, String> sourcePerNode() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int k = 1; k <= 16 && sources.size() < 2; k++) {
            String source = "127.0." + k + ".2";
            String session = "/echo/000/" + UUID.randomUUID() + "/xhr";
            assertThat(HttpFrom.post(source, nginx.port(), session)).isEqualTo("200 o\n");
            String greeting = HttpFrom.post(source, nginx.port(), session);
            assertThat(greeting).startsWith("200 a[\"node:");
            sources.putIfAbsent(greeting.substring("200 a[\"node:".length(), "200 a[\"node:".length() + 1), source);
        }
        assertThat(sources).as("addresses ip_hash sends to each node").containsOnlyKeys("a", "b");
        return sources;
    }

    /** The failover page in a Chromium that reaches nginx from {@code source}. */
    private ExternalPeer page(String source) throws Exception {
        WireCounter relay = WireCounter.from(java.net.InetAddress.getByName(source), nginx.port());
        resources.add(relay);
        ExternalPeer page = ChromiumPage.open(relay.httpOrigin() + "/sockjs-failover-page.html?transports="
                + String.join(",", TRANSPORTS), null);
        resources.add(0, page);
        return page;
    }

    /** The next event of {@code kind} the page's client on {@code transport} logged. */
    private static Event await(ExternalPeer page, String transport, String kind) {
        Event line = page.events().await("console", console -> {
            String text = console.text("text");
            if (!text.startsWith("{")) {
                return false;
            }
            Event event = Event.parse(text);
            return event.name().equals(kind) && transport.equals(event.text("client"));
        });
        return Event.parse(line.text("text"));
    }
}
