package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.CloseStatus;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketServer#broadcast(String, Recipients)}: one endpoint's clients, all but the
 * sender, the ones a filter picks; and a filter that throws, met at the callback boundary.
 * Each case ends with a broadcast to everyone, which a client that was left out receives first.
 */
class BroadcastRecipientsTest {

    private static final Predicate<WebSocket> VIP = socket -> "vip".equals(socket.uri().getQuery());

    @Test
    void anEndpointsBroadcastReachesOnlyItsClients() throws Exception {
        try (WebSocketServer server = Servers.echo().endpoint("/a", new TopicCommands()).endpoint("/b", new TopicCommands())
                .start()) {
            Inbox a1 = Inbox.connect(server, "/a");
            Inbox a2 = Inbox.connect(server, "/a");
            Inbox b = Inbox.connect(server, "/b");

            server.broadcast("to a", Recipients.endpoint("/a"));
            server.broadcast("everyone");

            assertThat(a1.next()).isEqualTo("to a");
            assertThat(a2.next()).isEqualTo("to a");
            assertThat(b.next()).isEqualTo("everyone");
            assertThat(a1.next()).isEqualTo("everyone");
        }
    }

    @Test
    void allButTheSender() throws Exception {
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/a", commands).start()) {
            Inbox sender = Inbox.connect(server, "/a");
            WebSocket senderOnServer = commands.opened.poll(5, TimeUnit.SECONDS);
            Inbox other = Inbox.connect(server, "/a");

            server.broadcast("not for the sender", Recipients.endpoint("/a").except(senderOnServer));
            server.broadcast("everyone");

            assertThat(other.next()).isEqualTo("not for the sender");
            assertThat(sender.next()).isEqualTo("everyone");
        }
    }

    @Test
    void theClientsAFilterPicks() throws Exception {
        try (WebSocketServer server = Servers.echo().endpoint("/a", new TopicCommands()).start()) {
            Inbox vip = Inbox.connect(server, "/a?vip");
            Inbox plain = Inbox.connect(server, "/a");
            Inbox echo = Inbox.connect(server, "/echo?vip");

            server.broadcast("for the vip of /a", Recipients.endpoint("/a").where(VIP));
            server.broadcast("for every vip", Recipients.all().where(VIP));
            server.broadcast("everyone");

            assertThat(vip.next()).isEqualTo("for the vip of /a");
            assertThat(vip.next()).isEqualTo("for every vip");
            assertThat(echo.next()).isEqualTo("for every vip");
            assertThat(plain.next()).isEqualTo("everyone");
        }
    }

    @Test
    void aFilterThatThrowsFailsOnlyTheConnectionItWasJudging() throws Exception {
        TopicCommands commands = new TopicCommands();
        IllegalStateException bug = new IllegalStateException("the filter's own bug");
        try (WebSocketServer server = Servers.echo().endpoint("/a", commands).start()) {
            Inbox vip = Inbox.connect(server, "/a?vip");
            Inbox plain = Inbox.connect(server, "/a");

            server.broadcast("for the vip", Recipients.all().where(socket -> {
                if (!VIP.test(socket)) {
                    throw bug;
                }
                return true;
            }));

            assertThat(vip.next()).isEqualTo("for the vip");
            assertThat(plain.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseStatus.INTERNAL_ERROR + " ");
            assertThat(commands.errors.poll(5, TimeUnit.SECONDS)).isSameAs(bug);
            assertThat(plain.messages).isEmpty();
            server.broadcast("still serving");
            assertThat(vip.next()).isEqualTo("still serving");
        }
    }

    @Test
    void anEndpointTheServerDoesNotHaveIsRefused() throws Exception {
        try (WebSocketServer server = Servers.echo().start()) {
            assertThatThrownBy(() -> server.broadcast("x", Recipients.endpoint("/nowhere")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nowhere");
        }
    }
}
