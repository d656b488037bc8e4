package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.ping;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.utf8;

import java.util.List;

/** 4: reserved opcodes, data (3-7) and control (B-F), fail the connection with 1002. */
final class Chapter4Opcodes {

    static final String CHAPTER = "4 Reserved opcodes";
    private static final int[] DATA = {0x3, 0x4, 0x5, 0x6, 0x7};
    private static final int[] CONTROL = {0xB, 0xC, 0xD, 0xE, 0xF};

    private Chapter4Opcodes() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        add(c, 1, DATA, "data");
        add(c, 2, CONTROL, "control");
        c.add("4.3.1", "reserved data opcode inside a fragmented text",
                steps(frame(false, TEXT, utf8("Hel")), frame(true, 0x3, utf8("lo"))), fail(1002));
        return c.list();
    }

    private static void add(CaseList c, int section, int[] opcodes, String kind) {
        int n = 1;
        for (int opcode : opcodes) {
            String name = "reserved " + kind + " opcode 0x" + Integer.toHexString(opcode).toUpperCase();
            c.add("4." + section + "." + n++, name + ", empty", steps(frame(true, opcode, new byte[0])), fail(1002));
            c.add("4." + section + "." + n++, name + ", with payload", steps(frame(true, opcode, utf8("reserved"))), fail(1002));
            c.add("4." + section + "." + n++, "text, then " + name + ", then a ping",
                    steps(text("Hello"), frame(true, opcode, utf8("reserved")), ping("unanswered")),
                    fail(1002, message(TEXT, utf8("Hello"))));
        }
    }
}
