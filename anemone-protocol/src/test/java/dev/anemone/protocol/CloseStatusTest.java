package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 7.4 and the IANA "WebSocket Close Code Number Registry". */
class CloseStatusTest {

    /** Section 7.4.1 plus the IANA registrations 1012-1014, written out one by one. */
    private static final Set<Integer> REGISTERED_SENDABLE =
            Set.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014);

    private static boolean expectedOnWire(int code) {
        return REGISTERED_SENDABLE.contains(code) || (code >= 3000 && code <= 4999);   // section 7.4.2
    }

    @Test
    void rfc6455_7_4_everyCodeFrom0To5000IsValidOnTheWireExactlyWhenTheRfcSaysSo() {
        for (int code = -1; code <= 5001; code++) {
            assertThat(CloseStatus.isValidOnWire(code)).as("code %d", code).isEqualTo(expectedOnWire(code));
        }
        assertThat(CloseStatus.isValidOnWire(65535)).isFalse();
        assertThat(CloseStatus.isValidOnWire(65536 + 1000)).isFalse();
    }

    @Test
    void rfc6455_7_4_1_1005_1006And1015AreNeverOnTheWire() {
        for (int code : new int[] {1005, 1006, 1015}) {
            assertThat(CloseStatus.isReservedForReporting(code)).as("code %d", code).isTrue();
            assertThat(CloseStatus.isValidOnWire(code)).as("code %d", code).isFalse();
            assertThat(CloseStatus.isSendableByApplication(code)).as("code %d", code).isFalse();
        }
        for (int code = 0; code <= 5000; code++) {
            if (code != 1005 && code != 1006 && code != 1015) {
                assertThat(CloseStatus.isReservedForReporting(code)).as("code %d", code).isFalse();
            }
        }
    }

    @Test
    void anApplicationMayCloseOnlyWith1000Or3000To4999() {
        for (int code = 0; code <= 5000; code++) {
            boolean allowed = code == 1000 || (code >= 3000 && code <= 4999);
            assertThat(CloseStatus.isSendableByApplication(code)).as("code %d", code).isEqualTo(allowed);
            int each = code;
            Throwable thrown = catchThrowable(() -> CloseStatus.checkApplicationClose(each, "why"));
            if (allowed) {
                assertThat(thrown).as("code %d", code).isNull();
            } else {
                assertThat(thrown).as("code %d", code).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(Integer.toString(code));
            }
        }
    }

    @Test
    void everyCodeAnApplicationMaySendIsValidOnTheWire() {
        for (int code = 0; code <= 5000; code++) {
            if (CloseStatus.isSendableByApplication(code)) {
                assertThat(CloseStatus.isValidOnWire(code)).as("code %d", code).isTrue();
            }
        }
    }

    @Test
    void rfc6455_5_5_1_checkApplicationCloseReturnsTheReasonAsUtf8() {
        assertThat(CloseStatus.checkApplicationClose(1000, "bye é")).isEqualTo("bye é".getBytes(StandardCharsets.UTF_8));
        assertThat(CloseStatus.checkApplicationClose(4999, null)).isEmpty();
        assertThat(CloseStatus.checkApplicationClose(3000, "")).isEmpty();
    }

    /** A Close frame is a control frame: 125 bytes, 2 of them the code, leave 123 for the reason. */
    @ParameterizedTest(name = "RFC 6455 5.5: reason of {0} UTF-8 bytes accepted")
    @CsvSource({
            "123, x,  123",
            "123, é,  61",     // 2 bytes each: 122, plus one 'x' below
            "123, €,  41",     // 3 bytes each
            "120, 😀, 30",     // 4 bytes each (a surrogate pair in Java)
    })
    void rfc6455_5_5_aReasonOfUpTo123Utf8BytesIsAccepted(int bytes, String unit, int count) {
        String reason = unit.repeat(count);
        reason = reason + "x".repeat(bytes == 123 ? 123 - reason.getBytes(StandardCharsets.UTF_8).length : 0);

        assertThat(CloseStatus.checkReason(reason)).hasSize(reason.getBytes(StandardCharsets.UTF_8).length)
                .hasSizeLessThanOrEqualTo(CloseStatus.MAX_REASON_BYTES);
        assertThat(CloseStatus.checkApplicationClose(1000, reason)).hasSizeLessThanOrEqualTo(123);
    }

    @ParameterizedTest(name = "RFC 6455 5.5: \"{0}\" is over 123 UTF-8 bytes")
    @ValueSource(strings = {"x124", "é62", "€42", "😀31"})
    void rfc6455_5_5_aReasonOver123Utf8BytesIsRefusedEvenWithFewerChars(String spec) {
        String unit = spec.substring(0, spec.codePointAt(0) > 0xFFFF ? 2 : 1);
        String reason = unit.repeat(Integer.parseInt(spec.substring(unit.length())));
        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(124);

        assertThatThrownBy(() -> CloseStatus.checkReason(reason)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("123");
        assertThatThrownBy(() -> CloseStatus.checkApplicationClose(1000, reason))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConstantsAreTheRegisteredNumbers() {
        assertThat(new int[] {CloseStatus.NORMAL_CLOSURE, CloseStatus.GOING_AWAY, CloseStatus.PROTOCOL_ERROR,
                CloseStatus.UNSUPPORTED_DATA, CloseStatus.NO_STATUS_RECEIVED, CloseStatus.ABNORMAL_CLOSURE,
                CloseStatus.INVALID_PAYLOAD, CloseStatus.POLICY_VIOLATION, CloseStatus.MESSAGE_TOO_BIG,
                CloseStatus.MANDATORY_EXTENSION, CloseStatus.INTERNAL_ERROR, CloseStatus.SERVICE_RESTART,
                CloseStatus.TRY_AGAIN_LATER, CloseStatus.BAD_GATEWAY, CloseStatus.TLS_HANDSHAKE_FAILURE})
                .containsExactly(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"1000, normal closure", "1002, protocol error", "1006, abnormal closure", "1009, message too big",
            "3000, registered for libraries and frameworks", "4999, private use", "1004, unassigned", "2000, unassigned"})
    void describeNamesEachCode(int code, String name) {
        assertThat(CloseStatus.describe(code)).isEqualTo(name);
    }
}
