package dev.anemone.conformance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The raw peer's side of permessage-deflate (RFC 7692), written with the JDK's zlib only: raw
 * DEFLATE with a sync flush whose {@code 00 00 ff ff} tail is dropped on sending and restored on
 * receiving. It checks the answer to an offer, then honours what was agreed: it resets its own
 * deflater per message without context takeover, limits its window by a full flush every 2^bits
 * bytes, and resets its inflater per message when the other side promised no context takeover,
 * so that a system under test that broke that promise would fail to inflate. When the other side
 * agreed to a smaller window, {@link DeflateWindow} checks how far back its messages refer.
 */
final class Compression {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final long MAX_INFLATED = 64L << 20;

    /** The four parameters of one {@code permessage-deflate} element. */
    record Parameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover, Integer serverMaxWindowBits,
                      boolean clientMaxWindowBitsPresent, Integer clientMaxWindowBits) {

        /** Parses an element, failing on anything RFC 7692 section 7 does not allow. */
        static Parameters parse(String element, boolean isOffer) {
            List<String> parts = new ArrayList<>(Arrays.asList(element.split(";")));
            if (!parts.remove(0).strip().equalsIgnoreCase("permessage-deflate")) {
                throw new AssertionError("not a permessage-deflate element: " + element);
            }
            boolean snct = false;
            boolean cnct = false;
            Integer smwb = null;
            boolean cmwbPresent = false;
            Integer cmwb = null;
            List<String> seen = new ArrayList<>();
            for (String part : parts) {
                String[] nameValue = part.strip().split("=", 2);
                String name = nameValue[0].strip().toLowerCase(Locale.ROOT);
                String value = nameValue.length == 2 ? nameValue[1].strip().replace("\"", "") : null;
                if (seen.contains(name)) {
                    throw new AssertionError("repeated parameter " + name + " in " + element);
                }
                seen.add(name);
                switch (name) {
                    case "server_no_context_takeover" -> snct = noValue(name, value, element);
                    case "client_no_context_takeover" -> cnct = noValue(name, value, element);
                    case "server_max_window_bits" -> smwb = bits(name, value, element);
                    case "client_max_window_bits" -> {
                        cmwbPresent = true;
                        cmwb = value == null && isOffer ? null : bits(name, value, element);
                    }
                    default -> throw new AssertionError("unknown parameter " + name + " in " + element);
                }
            }
            return new Parameters(snct, cnct, smwb, cmwbPresent, cmwb);
        }

        private static boolean noValue(String name, String value, String element) {
            if (value != null) {
                throw new AssertionError(name + " takes no value: " + element);
            }
            return true;
        }

        private static int bits(String name, String value, String element) {
            if (value == null || !value.matches("[0-9]{1,2}") || Integer.parseInt(value) < 8 || Integer.parseInt(value) > 15) {
                throw new AssertionError(name + " needs a value from 8 to 15: " + element);
            }
            return Integer.parseInt(value);
        }
    }

    private final String agreed;
    private final boolean ownNoContextTakeover;
    private final int ownWindowBits;
    private final boolean sutNoContextTakeover;
    private final int sutWindowBits;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    private Compression(String agreed, boolean ownNoContextTakeover, int ownWindowBits, boolean sutNoContextTakeover,
                        int sutWindowBits) {
        this.agreed = agreed;
        this.ownNoContextTakeover = ownNoContextTakeover;
        this.ownWindowBits = ownWindowBits;
        this.sutNoContextTakeover = sutNoContextTakeover;
        this.sutWindowBits = sutWindowBits;
    }

    /**
     * The peer is the client: it offered {@code offer} and the server answered {@code answer}.
     * Checks the answer against the offer (RFC 7692 sections 7.1.1 and 7.1.2).
     */
    static Compression clientPeer(String offer, String answer) {
        Parameters asked = firstWellFormed(offer);
        Parameters got = Parameters.parse(answer, false);
        if (asked.serverNoContextTakeover() && !got.serverNoContextTakeover()) {
            throw new AssertionError("offer had server_no_context_takeover, the answer drops it (RFC 7692 7.1.1.1): " + answer);
        }
        if (asked.serverMaxWindowBits() != null
                && (got.serverMaxWindowBits() == null || got.serverMaxWindowBits() > asked.serverMaxWindowBits())) {
            throw new AssertionError("offer had server_max_window_bits=" + asked.serverMaxWindowBits()
                    + ", the answer must carry it with the same or a smaller value (RFC 7692 7.1.2.1): " + answer);
        }
        if (got.clientMaxWindowBitsPresent() && !asked.clientMaxWindowBitsPresent()) {
            throw new AssertionError("client_max_window_bits answered but not offered (RFC 7692 7.1.2.2): " + answer);
        }
        if (got.clientMaxWindowBits() != null && asked.clientMaxWindowBits() != null
                && got.clientMaxWindowBits() > asked.clientMaxWindowBits()) {
            throw new AssertionError("client_max_window_bits answered above the offer: " + answer);
        }
        int window = Math.min(got.clientMaxWindowBits() == null ? 15 : got.clientMaxWindowBits(),
                asked.clientMaxWindowBits() == null ? 15 : asked.clientMaxWindowBits());
        return new Compression(answer, got.clientNoContextTakeover() || asked.clientNoContextTakeover(), window,
                got.serverNoContextTakeover(), got.serverMaxWindowBits() == null ? 15 : got.serverMaxWindowBits());
    }

    /** The first well-formed permessage-deflate element of an offer, which a server accepts if it can. */
    private static Parameters firstWellFormed(String offer) {
        for (String element : offer.split(",")) {
            try {
                return Parameters.parse(element, true);
            } catch (AssertionError notThisOne) {
                // Another extension, or a malformed offer the server must skip.
            }
        }
        throw new AssertionError("no well-formed permessage-deflate offer in " + offer);
    }

    /** The peer is the server and answered {@code answer}. */
    static Compression serverPeer(String answer) {
        Parameters said = Parameters.parse(answer, false);
        return new Compression(answer, said.serverNoContextTakeover(),
                said.serverMaxWindowBits() == null ? 15 : said.serverMaxWindowBits(), said.clientNoContextTakeover(),
                said.clientMaxWindowBits() == null ? 15 : said.clientMaxWindowBits());
    }

    /** The element agreed, for messages. */
    String agreed() {
        return agreed;
    }

    /** One message's payload as the peer sends it (RFC 7692 section 7.2.1). */
    byte[] compress(byte[] message) {
        if (ownNoContextTakeover) {
            deflater.reset();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 16);
        byte[] buffer = new byte[64 * 1024];
        if (ownWindowBits >= 15) {
            deflate(message, 0, message.length, Deflater.SYNC_FLUSH, buffer, out);
        } else {
            int segment = 1 << ownWindowBits;
            int from = 0;
            do {
                int to = Math.min(message.length, from + segment);
                deflate(message, from, to, Deflater.FULL_FLUSH, buffer, out);
                from = to;
            } while (from < message.length);
        }
        byte[] all = out.toByteArray();
        if (all.length == 0) {
            // zlib emits nothing for a flush right after a flush; RFC 7692 section 7.2.1 then wants an
            // empty stored block appended: 00 00 00 ff ff, the single byte 00 once the tail is removed.
            return new byte[] {0x00};
        }
        if (all.length < 4 || !Arrays.equals(all, all.length - 4, all.length, TAIL, 0, 4)) {
            throw new IllegalStateException("a flushed deflate stream ends with 00 00 ff ff");
        }
        return Arrays.copyOf(all, all.length - 4);
    }

    private void deflate(byte[] input, int from, int to, int flush, byte[] buffer, ByteArrayOutputStream out) {
        deflater.setInput(input, from, to - from);
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
    }

    /**
     * Inflates one message's payload from the system under test (RFC 7692 section 7.2.2). When it
     * agreed to a window under 2^15, first checks that no back-reference reaches further.
     */
    byte[] decompress(byte[] payload) {
        if (sutWindowBits < 15) {
            DeflateWindow.Reach reach = DeflateWindow.scan(Send.concat(payload, TAIL));
            if (reach.maxDistance() > 1 << sutWindowBits) {
                throw new AssertionError("the system under test agreed to a window of 2^" + sutWindowBits + " bytes ("
                        + agreed + ") but its message refers " + reach.maxDistance() + " bytes back");
            }
        }
        if (sutNoContextTakeover) {
            inflater.reset();
        }
        inflater.setInput(Send.concat(payload, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 2 + 16);
        byte[] buffer = new byte[64 * 1024];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new AssertionError("a message inflates past " + MAX_INFLATED + " bytes");
                }
                if (n == 0) {
                    if (inflater.finished()) {
                        inflater.reset();
                        break;
                    }
                    if (inflater.needsInput()) {
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        throw new AssertionError("the system under test's compressed data asks for a dictionary");
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new AssertionError("the system under test's message does not inflate"
                    + (sutNoContextTakeover ? " on its own (no context takeover was agreed)" : "") + ": " + e.getMessage());
        }
        return out.toByteArray();
    }
}
