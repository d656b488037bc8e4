package dev.anemone.conformance;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Byte sequences for chapter 6, after Markus Kuhn's UTF-8 decoder stress test and the
 * Autobahn|Testsuite's selection from it. Whether each is valid is not written here: the
 * reference check decides, so the table cannot disagree with itself.
 */
final class Utf8Samples {

    record Sample(String name, byte[] bytes) {
        int firstError() {
            return Utf8Reference.firstError(bytes);
        }

        boolean valid() {
            return firstError() == Utf8Reference.VALID;
        }
    }

    private Utf8Samples() {
    }

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        // Valid text.
        add(s, "empty", "");
        add(s, "κόσμε", "cebae1bdb9cf83cebcceb5");
        add(s, "Hello-µ@ßöäüàá-UTF-8!!", hex("Hello-µ@ßöäüàá-UTF-8!!"));
        add(s, "U+0000, first 1-byte", "00");
        add(s, "U+007F, last 1-byte", "7f");
        add(s, "U+0080, first 2-byte", "c280");
        add(s, "U+07FF, last 2-byte", "dfbf");
        add(s, "U+0800, first 3-byte", "e0a080");
        add(s, "U+FFFF, last 3-byte", "efbfbf");
        add(s, "U+10000, first 4-byte", "f0908080");
        add(s, "U+10FFFF, last code point", "f48fbfbf");
        add(s, "U+D7FF, below the surrogates", "ed9fbf");
        add(s, "U+E000, above the surrogates", "ee8080");
        add(s, "U+FFFD, replacement character", "efbfbd");
        add(s, "U+FFFE, noncharacter", "efbfbe");
        add(s, "U+FDD0, noncharacter", "efb790");
        add(s, "U+1FFFF, noncharacter", "f09fbfbf");
        add(s, "U+10FFFE, noncharacter", "f48fbfbe");
        add(s, "U+1F30A, an emoji", "f09f8c8a");
        add(s, "every length in a row", "24c2a2e282acf0908d88");
        // Beyond U+10FFFF, and the old 5- and 6-byte forms.
        add(s, "U+110000, above the last code point", "f4908080");
        add(s, "U+1FFFFF, last 4-byte form", "f7bfbfbf");
        add(s, "first 5-byte form", "f888808080");
        add(s, "last 5-byte form", "fbbfbfbfbf");
        add(s, "first 6-byte form", "fc8480808080");
        add(s, "last 6-byte form", "fdbfbfbfbfbf");
        // A surrogate inside otherwise valid text.
        add(s, "κόσμε-edited, a surrogate inside", "cebae1bdb9cf83cebcceb5eda080656469746564");
        add(s, "Hello, 0xFF, World", hex("Hello") + "ff" + hex("World"));
        // Unexpected continuation bytes.
        add(s, "lone continuation 0x80", "80");
        add(s, "lone continuation 0xBF", "bf");
        add(s, "two continuation bytes", "80bf");
        add(s, "three continuation bytes", "80bf80");
        add(s, "four continuation bytes", "80bf80bf");
        add(s, "seven continuation bytes", "80bf80bf80bf80");
        add(s, "all 64 continuation bytes", range(0x80, 0xBF, ""));
        add(s, "continuation after valid text", hex("abc") + "80");
        // Lonely start bytes, each followed by a space.
        add(s, "lonely 2-byte starts C0-DF", range(0xC0, 0xDF, "20"));
        add(s, "lonely 3-byte starts E0-EF", range(0xE0, 0xEF, "20"));
        add(s, "lonely 4-byte starts F0-F7", range(0xF0, 0xF7, "20"));
        add(s, "lonely 5-byte starts F8-FB", range(0xF8, 0xFB, "20"));
        add(s, "lonely 6-byte starts FC-FD", range(0xFC, 0xFD, "20"));
        // Sequences with their last byte missing.
        add(s, "U+0000 as 2 bytes, last missing", "c0");
        add(s, "U+0000 as 3 bytes, last missing", "e080");
        add(s, "U+0000 as 4 bytes, last missing", "f08080");
        add(s, "U+0000 as 5 bytes, last missing", "f8808080");
        add(s, "U+0000 as 6 bytes, last missing", "fc80808080");
        add(s, "U+07FF, last missing", "df");
        add(s, "U+FFFF, last missing", "efbf");
        add(s, "U+1FFFFF, last missing", "f7bfbf");
        add(s, "U+3FFFFFF, last missing", "fbbfbfbf");
        add(s, "U+7FFFFFFF, last missing", "fdbfbfbfbf");
        add(s, "U+0080 cut short at the end", "c2");
        add(s, "U+0800 cut short at the end", "e0a0");
        add(s, "U+10000 cut short at the end", "f09080");
        add(s, "€ cut short after text", hex("price: ") + "e282");
        add(s, "κόσμε then a cut-short ε", "cebae1bdb9cf83cebcce");
        add(s, "all ten cut-short sequences in a row", "c0e080f08080f8808080fc80808080dfefbff7bfbffbbfbfbffdbfbfbfbf");
        // Impossible bytes.
        add(s, "0xFE", "fe");
        add(s, "0xFF", "ff");
        add(s, "FE FE FF FF", "fefeffff");
        // Overlong forms.
        add(s, "overlong '/' in 2 bytes", "c0af");
        add(s, "overlong '/' in 3 bytes", "e080af");
        add(s, "overlong '/' in 4 bytes", "f08080af");
        add(s, "overlong '/' in 5 bytes", "f8808080af");
        add(s, "overlong '/' in 6 bytes", "fc80808080af");
        add(s, "largest overlong 2-byte, U+007F", "c1bf");
        add(s, "largest overlong 3-byte, U+07FF", "e09fbf");
        add(s, "largest overlong 4-byte, U+FFFF", "f08fbfbf");
        add(s, "largest overlong 5-byte", "f887bfbfbf");
        add(s, "largest overlong 6-byte", "fc83bfbfbfbf");
        add(s, "overlong NUL in 2 bytes", "c080");
        add(s, "overlong NUL in 3 bytes", "e08080");
        add(s, "overlong NUL in 4 bytes", "f0808080");
        add(s, "overlong NUL in 5 bytes", "f880808080");
        add(s, "overlong NUL in 6 bytes", "fc8080808080");
        // UTF-16 surrogates, single and paired.
        add(s, "U+D800, lone high surrogate", "eda080");
        add(s, "U+DB7F", "edadbf");
        add(s, "U+DB80", "edae80");
        add(s, "U+DBFF", "edafbf");
        add(s, "U+DC00, lone low surrogate", "edb080");
        add(s, "U+DF80", "edbe80");
        add(s, "U+DFFF", "edbfbf");
        add(s, "U+D800 U+DC00, a surrogate pair", "eda080edb080");
        add(s, "U+D800 U+DFFF", "eda080edbfbf");
        add(s, "U+DB7F U+DC00", "edadbfedb080");
        add(s, "U+DB7F U+DFFF", "edadbfedbfbf");
        add(s, "U+DB80 U+DC00", "edae80edb080");
        add(s, "U+DB80 U+DFFF", "edae80edbfbf");
        add(s, "U+DBFF U+DC00", "edafbfedb080");
        add(s, "U+DBFF U+DFFF", "edafbfedbfbf");
        return List.copyOf(s);
    }

    private static void add(List<Sample> samples, String name, String hex) {
        samples.add(new Sample(name, HexFormat.of().parseHex(hex)));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Send.utf8(text));
    }

    /** Each byte from {@code first} to {@code last}, each followed by {@code after}. */
    private static String range(int first, int last, String after) {
        StringBuilder hex = new StringBuilder();
        for (int b = first; b <= last; b++) {
            hex.append(String.format("%02x", b)).append(after);
        }
        return hex.toString();
    }
}
