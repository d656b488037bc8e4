package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.echoText;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Expectation.refused;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.compressed;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;

import java.util.List;

/**
 * 13, continued: offers a server must decline (it then answers without the extension and the
 * connection works uncompressed) or accept despite their shape, and answers a client must refuse
 * (its handshake fails and it closes TCP) or accept.
 */
final class Chapter13Negotiation {

    private static final byte[] MESSAGE = Payloads.words(2000, 13);

    private Chapter13Negotiation() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(Chapter13DeflateParameters.CHAPTER);
        String[] declined = {
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; server_no_context_takeover=1",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; x-unknown-parameter",
        };
        int n = 1;
        for (String offer : declined) {
            c.setup(Case.Setup.extensions(offer).only(Case.Side.SERVER).mustRefuse())
                    .add("13.30." + n++, "offer declined: " + offer, steps(text("uncompressed")), echoText("uncompressed"));
        }
        String[] accepted = {
            "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover",
            "x-webkit-deflate-frame, permessage-deflate",
            "permessage-deflate; server_max_window_bits=\"10\"",
            "permessage-deflate; client_max_window_bits, permessage-deflate",
        };
        n = 1;
        for (String offer : accepted) {
            c.setup(Case.Setup.extensions(offer).only(Case.Side.SERVER))
                    .add("13.31." + n++, "offer accepted: " + offer, steps(compressed(TEXT, MESSAGE)), echo(message(TEXT, MESSAGE)));
        }
        String[] refusedAnswers = {
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; client_max_window_bits",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; x-unknown-parameter",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate, permessage-deflate",
            "x-not-offered",
        };
        n = 1;
        for (String answer : refusedAnswers) {
            c.setup(Case.Setup.extensions(answer).only(Case.Side.CLIENT).mustRefuse())
                    .add("13.32." + n++, "answer refused: " + answer, steps(), refused());
        }
        c.setup(Case.Setup.extensions("permessage-deflate; server_max_window_bits=\"10\"").only(Case.Side.CLIENT))
                .add("13.33.1", "answer accepted: permessage-deflate; server_max_window_bits=\"10\"",
                        steps(compressed(TEXT, MESSAGE)), echo(message(TEXT, MESSAGE)));
        return c.list();
    }
}
