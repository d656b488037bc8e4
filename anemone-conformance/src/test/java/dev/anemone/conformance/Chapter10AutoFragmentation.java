package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.framed;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.steps;

import java.util.List;

/**
 * 10: with a fragment size configured, the system under test sends a larger message as frames of
 * at most that size: the first TEXT or BINARY, the rest continuations, FIN on the last only
 * (the peer's inbox enforces the sequence). Text is cut wherever the byte count says, inside
 * characters too. With permessage-deflate, RSV1 is on the first frame only.
 */
final class Chapter10AutoFragmentation {

    static final String CHAPTER = "10 Automatic fragmentation";

    private Chapter10AutoFragmentation() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        int section = 1;
        for (int fragment : new int[] {125, 1000, 65536}) {
            c.setup(Case.Setup.PLAIN.withFragmentSize(fragment));
            int[] sizes = fragment == 65536 ? new int[] {65536, 65537, 1 << 20}
                    : new int[] {fragment - 1, fragment, fragment + 1, 10 * fragment + 7};
            int n = 1;
            for (int opcode : new int[] {TEXT, BINARY}) {
                for (int size : sizes) {
                    byte[] payload = opcode == TEXT ? Payloads.multibyteText(size) : Payloads.random(size, size);
                    int frames = Math.max(1, -Math.floorDiv(-size, fragment));
                    Expectation expect = frames == 1 ? echo(message(opcode, payload))
                            : echo(framed(opcode, payload, fragment, frames));
                    c.add("10." + section + "." + n++, (opcode == TEXT ? "text" : "binary") + " of " + size
                            + " bytes, fragment size " + fragment, steps(frame(true, opcode, payload)), expect);
                }
            }
            section++;
        }
        c.setup(Case.Setup.deflate("").withFragmentSize(1000));
        byte[] incompressible = Payloads.random(10_000, 10);
        c.add("10.4.1", "binary of 10000 random bytes with permessage-deflate, fragment size 1000",
                steps(Send.compressed(BINARY, incompressible)), echo(framed(BINARY, incompressible, 1000, 0)));
        byte[] words = Payloads.words(100_000, 10);
        c.add("10.4.2", "text of 100000 bytes with permessage-deflate, fragment size 1000",
                steps(Send.compressed(TEXT, words)), echo(framed(TEXT, words, 1000, 0)));
        return c.list();
    }
}
