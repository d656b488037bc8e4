package dev.anemone.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A close status code (RFC 6455 section 7.4) and the one place that knows which codes may go where.
 *
 * <p>Three audiences ask three questions, and each has exactly one answer here:
 * <ul>
 *   <li>{@link #isValidOnWire(int)}: may this code appear in a Close frame at all?</li>
 *   <li>{@link #isSendableByApplication(int)}: may user code pass it to {@code close(code, reason)}?</li>
 *   <li>{@link #isReservedForReporting(int)}: is it a status that is only ever reported locally
 *       (1005, 1006, 1015) and never sent?</li>
 * </ul>
 * Codes are unsigned 16-bit values; a negative or larger value is never valid anywhere.
 */
public final class CloseStatus {

    /** 1000: the purpose for which the connection was established has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away, such as a server shutting down or a page being left. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported when a Close frame carried no status; never sent. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: reported when the connection ended without a Close frame; never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: data inconsistent with the message type, such as invalid UTF-8 in a text message. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected the server to negotiate an extension it did not. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later, for example under overload. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway or proxy got an invalid response from upstream. */
    public static final int BAD_GATEWAY = 1014;
    /** 1015: reported when the TLS handshake failed; never sent. */
    public static final int TLS_HANDSHAKE_FAILURE = 1015;

    /** The longest close reason, in UTF-8 bytes: a control frame carries 125 bytes, two of them the code. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseStatus() {
    }

    /**
     * Whether {@code code} may travel in a Close frame: 1000–1003, 1007–1014 (registered by IANA)
     * and 3000–4999 (libraries, frameworks and applications). Everything else, including 1004,
     * 1005, 1006, 1015 and the unassigned parts of 0–2999, fails the connection with 1002.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Whether application code may close with {@code code}: 1000, or 3000–4999. The other
     * registered codes describe conditions the endpoint itself detects (a protocol error, a
     * message too big, going away) and are sent by the library, not chosen by users.
     */
    public static boolean isSendableByApplication(int code) {
        return code == NORMAL_CLOSURE || (code >= 3000 && code <= 4999);
    }

    /** Whether {@code code} is only ever reported locally (1005, 1006, 1015) and must not be sent. */
    public static boolean isReservedForReporting(int code) {
        return code == NO_STATUS_RECEIVED || code == ABNORMAL_CLOSURE || code == TLS_HANDSHAKE_FAILURE;
    }

    /**
     * Checks what an application passes to {@code close(code, reason)}.
     *
     * @return the reason's UTF-8 bytes, ready to put in a Close frame
     * @throws IllegalArgumentException if the code is not 1000 or 3000–4999, or the reason is
     *     longer than 123 UTF-8 bytes
     */
    public static byte[] checkApplicationClose(int code, String reason) {
        if (!isSendableByApplication(code)) {
            throw new IllegalArgumentException("An application may close only with 1000 or 3000-4999, not " + code);
        }
        return checkReason(reason);
    }

    /**
     * Checks that a close reason fits in a Close frame.
     *
     * @return the reason's UTF-8 bytes (empty for {@code null})
     * @throws IllegalArgumentException if it is longer than 123 UTF-8 bytes
     */
    public static byte[] checkReason(String reason) {
        if (reason == null || reason.isEmpty()) {
            return new byte[0];
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException(
                    "A close reason may be at most " + MAX_REASON_BYTES + " UTF-8 bytes, this one is " + bytes.length);
        }
        return bytes;
    }

    /** A short English name for a code, for logs and tools; "application" or "unassigned" outside the registry. */
    public static String describe(int code) {
        switch (code) {
            case NORMAL_CLOSURE: return "normal closure";
            case GOING_AWAY: return "going away";
            case PROTOCOL_ERROR: return "protocol error";
            case UNSUPPORTED_DATA: return "unsupported data";
            case NO_STATUS_RECEIVED: return "no status received";
            case ABNORMAL_CLOSURE: return "abnormal closure";
            case INVALID_PAYLOAD: return "invalid frame payload data";
            case POLICY_VIOLATION: return "policy violation";
            case MESSAGE_TOO_BIG: return "message too big";
            case MANDATORY_EXTENSION: return "mandatory extension";
            case INTERNAL_ERROR: return "internal error";
            case SERVICE_RESTART: return "service restart";
            case TRY_AGAIN_LATER: return "try again later";
            case BAD_GATEWAY: return "bad gateway";
            case TLS_HANDSHAKE_FAILURE: return "TLS handshake failure";
            default:
                if (code >= 3000 && code <= 3999) {
                    return "registered for libraries and frameworks";
                }
                if (code >= 4000 && code <= 4999) {
                    return "private use";
                }
                return "unassigned";
        }
    }
}
