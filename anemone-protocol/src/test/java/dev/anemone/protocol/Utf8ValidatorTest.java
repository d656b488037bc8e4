package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unicode 15 Table 3-7 (well-formed UTF-8), as RFC 6455 section 8.1 requires via RFC 3629. */
class Utf8ValidatorTest {

    private static int firstInvalid(String hex) {
        byte[] bytes = Hex.bytes(hex);
        return new Utf8Validator().validate(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    @ParameterizedTest(name = "RFC 3629: {1} is valid")
    @CsvSource({
            "41,                 U+0041",
            "00,                 U+0000",
            "7f,                 U+007F last 1-byte",
            "c2 80,              U+0080 first 2-byte",
            "df bf,              U+07FF last 2-byte",
            "e0 a0 80,           U+0800 first 3-byte",
            "ed 9f bf,           U+D7FF before the surrogates",
            "ee 80 80,           U+E000 after the surrogates",
            "ef bf bd,           U+FFFD",
            "ef bf be,           U+FFFE a noncharacter but well-formed",
            "ef bf bf,           U+FFFF last 3-byte",
            "f0 90 80 80,        U+10000 first 4-byte",
            "f3 bf bf bf,        U+FFFFF",
            "f4 8f bf bf,        U+10FFFF last code point",
            "ce ba e1 bd b9 cf 83 ce bc ce b5, κόσμε",
            "4142434445464748 c3a9 4142434445464748, ASCII around a 2-byte char",
    })
    void rfc3629_wellFormedSequencesAreValid(String hex, String what) {
        assertThat(firstInvalid(hex)).isEqualTo(-1);
        assertThat(Utf8Validator.isValid(Hex.bytes(hex))).isTrue();
    }

    @ParameterizedTest(name = "RFC 3629: {2} fails at byte {1}")
    @CsvSource({
            "80,                  0, a lone continuation",
            "bf,                  0, a lone continuation",
            "c0 80,               0, C0 (overlong NUL)",
            "c1 bf,               0, C1 (overlong)",
            "e0 80 80,            1, overlong 3-byte NUL",
            "e0 9f bf,            1, overlong U+07FF",
            "f0 80 80 80,         1, overlong 4-byte NUL",
            "f0 8f bf bf,         1, overlong U+FFFF",
            "ed a0 80,            1, U+D800",
            "ed af bf,            1, U+DBFF",
            "ed b0 80,            1, U+DC00",
            "ed bf bf,            1, U+DFFF",
            "f4 90 80 80,         1, U+110000",
            "f4 bf bf bf,         1, U+13FFFF",
            "f5 80 80 80,         0, F5",
            "f7 bf bf bf,         0, F7 (U+1FFFFF)",
            "f8 88 80 80 80,      0, a 5-byte form",
            "fc 84 80 80 80 80,   0, a 6-byte form",
            "fe,                  0, FE",
            "ff,                  0, FF",
            "c2 41,               1, a 2-byte lead then ASCII",
            "e1 80 41,            2, a 3-byte sequence cut short",
            "f1 80 80 c0,         3, a 4-byte sequence cut short",
            "c3 a9 c3 c3 a9,      3, a lead byte where a continuation belongs",
            "41 42 43 44 45 46 47 48 80, 8, after the 8-byte ASCII fast path",
            "41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 ff, 16, after two fast-path words",
    })
    void rfc3629_illFormedSequencesFailAtTheFirstByteThatCannotFit(String hex, int index, String what) {
        assertThat(firstInvalid(hex)).isEqualTo(index);
        assertThat(Utf8Validator.isValid(Hex.bytes(hex))).isFalse();
    }

    @Test
    void anInvalidByteIsFoundAtEveryPositionInsideAsciiText() {
        for (int length = 1; length <= 40; length++) {
            for (int bad = 0; bad < length; bad++) {
                byte[] text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN".substring(0, length).getBytes();
                text[bad] = (byte) 0xFF;
                assertThat(new Utf8Validator().validate(ByteBuffer.wrap(text), 0, length))
                        .as("0xFF at %d of %d", bad, length).isEqualTo(bad);
            }
        }
    }

    @Test
    void theIndexIsAbsoluteInTheBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(Hex.bytes("ff ff 41 42 c3 28 ff"));

        assertThat(new Utf8Validator().validate(buffer, 2, 6)).isEqualTo(5);
        assertThat(new Utf8Validator().validate(buffer, 2, 4)).isEqualTo(-1);
    }

    @Test
    void aSequenceCutAtTheEndIsValidSoFarButNotComplete() {
        Utf8Validator validator = new Utf8Validator();
        ByteBuffer buffer = ByteBuffer.wrap(Hex.bytes("41 f0 9f 98 80"));

        assertThat(validator.validate(buffer, 0, 4)).isEqualTo(-1);
        assertThat(validator.isComplete()).isFalse();
        assertThat(validator.validate(buffer, 4, 5)).isEqualTo(-1);
        assertThat(validator.isComplete()).isTrue();
        assertThat(Utf8Validator.isValid(Hex.bytes("41 f0 9f 98"))).isFalse();
    }

    @Test
    void rangeChecksOfTheFirstContinuationApplyAcrossPieces() {
        Utf8Validator validator = new Utf8Validator();

        assertThat(validator.validate(ByteBuffer.wrap(Hex.bytes("ed")), 0, 1)).isEqualTo(-1);
        assertThat(validator.validate(ByteBuffer.wrap(Hex.bytes("a0 80")), 0, 2)).as("a surrogate split after ED").isEqualTo(0);
    }

    @Test
    void onlyTheFirstContinuationHasANarrowRange() {
        assertThat(firstInvalid("e0 a0 80")).isEqualTo(-1);   // second continuation 80 is fine after A0
        assertThat(firstInvalid("f4 8f bf bf")).isEqualTo(-1);
        assertThat(firstInvalid("ed 9f bf")).isEqualTo(-1);
    }

    @Test
    void resetForgetsAnUnfinishedSequence() {
        Utf8Validator validator = new Utf8Validator();
        validator.validate(ByteBuffer.wrap(Hex.bytes("e2 82")), 0, 2);

        validator.reset();

        assertThat(validator.isComplete()).isTrue();
        assertThat(validator.validate(ByteBuffer.wrap(Hex.bytes("41")), 0, 1)).isEqualTo(-1);
    }

    @Test
    void anEmptyPieceIsValidAndChangesNothing() {
        Utf8Validator validator = new Utf8Validator();
        validator.validate(ByteBuffer.wrap(Hex.bytes("c3")), 0, 1);

        assertThat(validator.validate(ByteBuffer.allocate(0), 0, 0)).isEqualTo(-1);
        assertThat(validator.isComplete()).isFalse();
        assertThat(Utf8Validator.isValid(new byte[0])).isTrue();
    }
}
