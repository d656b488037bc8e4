package dev.anemone.conformance;

import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.compressed;

import java.util.ArrayList;
import java.util.List;

/**
 * 13: permessage-deflate with each parameter combination, as the raw peer offers them (our
 * server) or answers them (our client): no context takeover either way, window bits 9 to 15
 * either way, and mixtures. The peer honours what was agreed for its own messages and, where the
 * system under test promised no context takeover, inflates each of its messages on its own.
 * Each case sends a series of text or binary messages of several sizes, each size twice.
 */
final class Chapter13DeflateParameters {

    static final String CHAPTER = "13 permessage-deflate, parameters";
    static final int[] SIZES = {1, 64, 500, 4096, 70000};

    private Chapter13DeflateParameters() {
    }

    /** The parameter lists, each offered (our server) or answered (our client) after "permessage-deflate". */
    static List<String> combinations() {
        List<String> all = new ArrayList<>();
        all.add("server_no_context_takeover");
        all.add("client_no_context_takeover");
        all.add("server_no_context_takeover; client_no_context_takeover");
        for (int bits = 9; bits <= 15; bits++) {
            all.add("server_max_window_bits=" + bits);
        }
        all.add("client_max_window_bits");
        for (int bits = 9; bits <= 15; bits++) {
            all.add("client_max_window_bits=" + bits);
        }
        for (int bits : new int[] {9, 12, 15}) {
            all.add("server_max_window_bits=" + bits + "; client_max_window_bits=" + bits);
        }
        all.add("server_no_context_takeover; server_max_window_bits=9");
        all.add("client_no_context_takeover; client_max_window_bits=9");
        all.add("server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9");
        all.add("server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits=15");
        return all;
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        List<String> combinations = combinations();
        for (int i = 0; i < combinations.size(); i++) {
            String parameters = combinations.get(i);
            Case.Setup setup = Case.Setup.deflate(parameters);
            if (parameters.equals("client_max_window_bits")) {
                // Without a value it is an offer only (RFC 7692 section 7.1.2.2), never an answer.
                setup = setup.only(Case.Side.SERVER);
            }
            c.setup(setup);
            int n = i + 1;
            c.add("13." + n + ".1", "text series, " + parameters, series(TEXT, n), echo(TEXT, n));
            c.add("13." + n + ".2", "binary series, " + parameters, series(BINARY, n), echo(BINARY, n));
        }
        return c.list();
    }

    private static List<Step> series(int opcode, int seed) {
        List<Step> steps = new ArrayList<>();
        for (byte[] message : messages(opcode, seed)) {
            steps.add(compressed(opcode, message));
        }
        return steps;
    }

    private static Expectation echo(int opcode, int seed) {
        return Expectation.echo(messages(opcode, seed).stream()
                .map(message -> Expectation.message(opcode, message)).toArray(Expectation.Reply[]::new));
    }

    private static List<byte[]> messages(int opcode, int seed) {
        List<byte[]> messages = new ArrayList<>();
        for (int size : SIZES) {
            for (int copy = 0; copy < 2; copy++) {
                // The same message twice: with context takeover the second may refer to the first.
                messages.add(Chapter12Deflate.payload(opcode, size, seed * 1000L + size));
            }
        }
        return messages;
    }
}
