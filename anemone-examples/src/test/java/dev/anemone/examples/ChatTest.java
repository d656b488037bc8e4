package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatTest {

    private static final Pattern SAID = Pattern.compile(
            "\\{\"type\":\"(\\w+)\",\"id\":\"([\\w-]+)\",\"nickname\":\"([^\"]*)\",\"message\":\"(.*)\"}");

    private DemoHub hub;

    private void start(Chat chat) {
        hub = DemoHub.start(List.of(chat), "127.0.0.1", 0, null, 0);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private Peer join(String room) {
        return Peer.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/chat/" + room));
    }

    /** The next thing said to {@code peer}: type, id, nickname, message. */
    private static String[] said(Peer peer) {
        String text = peer.nextText();
        Matcher matcher = SAID.matcher(text);
        assertThat(matcher.matches()).as(text).isTrue();
        return new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)};
    }

    @Test
    void clientsGetIdsAndNamesAndHearEachOtherAndRenames() {
        start(new Chat());
        Peer alice = join("lobby");
        String[] joined = said(alice);
        assertThat(joined[0]).isEqualTo("notification");
        assertThat(joined[1]).matches("[0-9a-f-]{36}");
        assertThat(joined[2]).matches("AnonymousUser\\d+");
        assertThat(joined[3]).isEqualTo(joined[2] + " has connected");

        Peer bob = join("lobby");
        String[] bobJoined = said(bob);   // bob hears what alice heard (history), then his own arrival
        assertThat(bobJoined[3]).isEqualTo(joined[3]);
        String[] bobArrives = said(bob);
        assertThat(said(alice)).isEqualTo(bobArrives);
        assertThat(bobArrives[1]).isNotEqualTo(joined[1]);

        alice.send("<img src=x onerror=alert(1)> \"hi\"");
        String[] message = said(bob);
        assertThat(message).containsExactly("message", joined[1], joined[2], "<img src=x onerror=alert(1)> \\\"hi\\\"");
        assertThat(said(alice)).isEqualTo(message);

        alice.send("/nick Alice");
        String[] renamed = said(bob);
        assertThat(renamed).containsExactly("nick_update", joined[1], "Alice", "Client " + joined[2] + " changed to Alice");
        assertThat(said(alice)).isEqualTo(renamed);

        bob.socket().close();
        assertThat(said(alice)).containsExactly("notification", bobArrives[1], bobArrives[2], bobArrives[2] + " has disconnected");
    }

    @Test
    void nicknamesAreCheckedAndUniqueInTheirRoom() throws Exception {
        start(new Chat());
        Peer alice = join("a");
        said(alice);
        alice.send("/nick Alice");
        assertThat(said(alice)[0]).isEqualTo("nick_update");
        Peer bob = join("a");
        said(bob);
        said(bob);
        said(bob);
        said(alice);
        for (String bad : List.of("/nick alice", "/nick AnonymousUser99", "/nick <b>", "/nick " + "x".repeat(25), "/nick")) {
            bob.send(bad);
            String[] refused = said(bob);
            assertThat(refused[0]).as(bad).isEqualTo("notification");
            assertThat(refused[3]).as(bad).startsWith("A nickname is");
        }
        assertThat(alice.quietFor(300)).as("refusals go to the sender alone").isTrue();
        Peer other = join("b");   // another room: the name is free there
        said(other);
        other.send("/nick Alice");
        assertThat(said(other)[0]).isEqualTo("nick_update");
    }

    @Test
    void aLateJoinerGetsTheRoomsLastMessagesAndRoomsAreApart() throws Exception {
        start(new Chat(3, 50, 100));
        Peer alice = join("history");
        Peer elsewhere = join("elsewhere");
        said(elsewhere);
        for (int i = 1; i <= 4; i++) {
            alice.send("message " + i);
        }
        for (int i = 0; i < 5; i++) {
            said(alice);
        }
        Peer late = join("history");
        assertThat(said(late)[3]).isEqualTo("message 2");
        assertThat(said(late)[3]).isEqualTo("message 3");
        assertThat(said(late)[3]).isEqualTo("message 4");
        assertThat(said(late)[3]).endsWith(" has connected");
        assertThat(elsewhere.quietFor(300)).isTrue();
    }

    @Test
    void aClientOverTheRateIsToldToSlowDownAndNotRelayed() throws Exception {
        start(new Chat(50, 3, 100));
        Peer alice = join("fast");
        said(alice);
        for (int i = 1; i <= 6; i++) {
            alice.send("burst " + i);
        }
        List<String> heard = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            heard.add(said(alice)[3]);
        }
        // Six sent at once: three relayed and three refused, unless the second turned in between.
        assertThat(heard.stream().filter(text -> text.startsWith("Slow down")).count()).isBetween(1L, 3L);
        assertThat(heard).contains("burst 1");
    }

    @Test
    void sockJsSessionsTalkInTheLobby() throws Exception {
        start(new Chat());
        Peer webSocket = join("lobby");
        said(webSocket);
        String session = "http://127.0.0.1:" + hub.port() + "/chat-sockjs/000/unit/";
        assertThat(Http.postForm(session + "xhr", "").body()).isEqualTo("o\n");
        assertThat(said(webSocket)[3]).matches("AnonymousUser\\d+ has connected");
        assertThat(Http.postForm(session + "xhr_send", "[\"hello from sockjs\"]").statusCode()).isEqualTo(204);
        assertThat(said(webSocket)[3]).isEqualTo("hello from sockjs");
        webSocket.send("hello back");
        assertThat(said(webSocket)[3]).isEqualTo("hello back");
        // The session heard the lobby's history, its own arrival, its message and the answer.
        String polled = Http.postForm(session + "xhr", "").body();
        assertThat(polled).startsWith("a[").contains("has connected", "hello from sockjs", "hello back");
    }

    @Test
    void roomNamesAreCheckedAndRoomsAreCapped() {
        start(new Chat(50, 5, 2));
        URI bad = URI.create("ws://127.0.0.1:" + hub.port() + "/chat/no%20spaces");
        assertThat(Peer.refusal(bad, ClientOptions.defaults())).isEqualTo(404);
        join("one");
        join("two");
        join("one").socket().close();
        assertThat(Peer.refusal(URI.create("ws://127.0.0.1:" + hub.port() + "/chat/three"), ClientOptions.defaults())).isEqualTo(503);
    }

    @Test
    void onShutdownEveryoneHearsTheServerLeaveAndIsClosedWith1001() {
        start(new Chat());
        Peer alice = join("lobby");
        Peer bob = join("other");
        said(alice);
        said(bob);
        hub.close();
        hub = null;
        for (Peer peer : List.of(alice, bob)) {
            String[] goodbye = said(peer);
            assertThat(goodbye[0]).isEqualTo("notification");
            assertThat(goodbye[2]).isEqualTo("server");
            assertThat(goodbye[3]).isEqualTo("Server has disconnected");
            assertThat(peer.next()).startsWith("close 1001 ");
        }
    }
}
