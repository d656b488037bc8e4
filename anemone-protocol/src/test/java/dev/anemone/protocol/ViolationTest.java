package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 6455 section 7.4.1: which close code each kind of failure earns. */
class ViolationTest {

    @Test
    void rfc6455_7_4_1_framingErrorsAre1002Utf8Is1007SizeIs1009() {
        Set<Violation> invalidPayload = EnumSet.of(Violation.INVALID_UTF8, Violation.INVALID_UTF8_CLOSE_REASON,
                Violation.BAD_COMPRESSED_DATA);
        Set<Violation> tooBig = EnumSet.of(Violation.MESSAGE_TOO_BIG, Violation.TOO_MANY_FRAGMENTS);
        for (Violation violation : Violation.values()) {
            int expected = invalidPayload.contains(violation) ? 1007
                    : tooBig.contains(violation) ? 1009 : 1002;
            assertThat(violation.closeCode()).as(violation.name()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Violation.class)
    void rfc6455_5_5_eachDescriptionFitsInACloseReasonAndIsValidOnTheWire(Violation violation) {
        assertThat(violation.description().getBytes(StandardCharsets.UTF_8)).hasSizeBetween(1, CloseStatus.MAX_REASON_BYTES);
        assertThat(CloseStatus.isValidOnWire(violation.closeCode())).isTrue();
    }

    @Test
    void aProtocolExceptionCarriesItsViolationAndDetail() {
        ProtocolException plain = new ProtocolException(Violation.RESERVED_OPCODE);
        ProtocolException detailed = new ProtocolException(Violation.RESERVED_OPCODE, "0x3");

        assertThat(plain.getMessage()).isEqualTo("reserved opcode");
        assertThat(detailed.getMessage()).isEqualTo("reserved opcode: 0x3");
        assertThat(detailed.violation()).isEqualTo(Violation.RESERVED_OPCODE);
        assertThat(detailed.closeCode()).isEqualTo(1002);
    }
}
