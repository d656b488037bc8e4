package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Negotiation of permessage-deflate, RFC 7692 section 7.1. */
class PerMessageDeflateTest {

    private static final PerMessageDeflate SERVER = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, false));

    private static ExtensionNegotiation serverAnswers(String... offers) {
        return ExtensionNegotiation.serverSide(List.of(offers), List.of(SERVER));
    }

    @Test
    void section7_plainOfferIsAcceptedAsIs() {
        assertThat(serverAnswers("permessage-deflate").header()).isEqualTo("permessage-deflate");
    }

    @Test
    void section7_1_1_contextTakeoverRequestsAreEchoed() {
        assertThat(serverAnswers("permessage-deflate; server_no_context_takeover; client_no_context_takeover").header())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void section7_1_2_windowBitsAreHonouredAndClientWindowWithoutValueIsAllowed() {
        assertThat(serverAnswers("permessage-deflate; server_max_window_bits=10; client_max_window_bits").header())
                .isEqualTo("permessage-deflate; server_max_window_bits=10");
        PerMessageDeflate limiting = new PerMessageDeflate(DeflateOptions.defaults().withMaxWindowBits(15, 12));
        assertThat(ExtensionNegotiation.serverSide(List.of("permessage-deflate; client_max_window_bits"), List.of(limiting)).header())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_max_window_bits=12");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate; unknown_parameter",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; client_max_window_bits=abc",
        "permessage-deflate; server_no_context_takeover=1",
    })
    void section7_malformedOfferIsDeclined(String offer) {
        assertThat(serverAnswers(offer)).isEqualTo(ExtensionNegotiation.NONE);
    }

    @Test
    void section5_theFirstAcceptableOfferWins() {
        assertThat(serverAnswers("permessage-deflate; server_max_window_bits=99", "permessage-deflate; client_no_context_takeover",
                "permessage-deflate").header()).isEqualTo("permessage-deflate; client_no_context_takeover");
    }

    @Test
    void unknownExtensionsAreIgnored() {
        assertThat(serverAnswers("x-webkit-deflate-frame", "permessage-deflate").header()).isEqualTo("permessage-deflate");
    }

    @Test
    void pastTheContextBoundConnectionsAreToldToKeepNone() {
        PerMessageDeflate bounded = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, false).withMaxContexts(1));
        MessageCodec first = ExtensionNegotiation.serverSide(List.of("permessage-deflate"), List.of(bounded)).newCodec(Role.SERVER);
        assertThat(bounded.contextsHeld()).isEqualTo(1);
        assertThat(ExtensionNegotiation.serverSide(List.of("permessage-deflate"), List.of(bounded)).header())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        first.release();
        assertThat(bounded.contextsHeld()).isZero();
    }

    @Test
    void clientOffersItsParameters() {
        PerMessageDeflate client = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, true).withMaxWindowBits(10, 11));
        assertThat(client.clientOffers()).containsExactly(
                "permessage-deflate; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=11");
    }

    @Test
    void clientAcceptsWhatItOffered() throws HandshakeException {
        PerMessageDeflate client = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, false));
        ExtensionNegotiation agreed = ExtensionNegotiation.clientSide(
                List.of("permessage-deflate; server_max_window_bits=12; client_max_window_bits=9"), List.of(client));
        assertThat(agreed.agreed()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x-unknown",
        "permessage-deflate; bogus",
        "permessage-deflate; client_max_window_bits",
        "permessage-deflate; server_max_window_bits=20",
        "permessage-deflate, permessage-deflate",
    })
    void section7_clientFailsOnAnAnswerItCannotAccept(String answer) {
        PerMessageDeflate client = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, false));
        assertThatThrownBy(() -> ExtensionNegotiation.clientSide(List.of(answer.split(", ")), List.of(client)))
                .isInstanceOf(HandshakeException.class);
    }

    @Test
    void clientFailsWhenItsServerLimitsAreIgnored() {
        PerMessageDeflate client = new PerMessageDeflate(DeflateOptions.defaults().withMaxWindowBits(10, 15));
        assertThatThrownBy(() -> ExtensionNegotiation.clientSide(
                List.of("permessage-deflate; server_no_context_takeover; server_max_window_bits=12"), List.of(client)))
                .isInstanceOf(HandshakeException.class).hasMessageContaining("server_max_window_bits");
        assertThatThrownBy(() -> ExtensionNegotiation.clientSide(List.of("permessage-deflate"), List.of(client)))
                .isInstanceOf(HandshakeException.class).hasMessageContaining("server_no_context_takeover");
    }
}
