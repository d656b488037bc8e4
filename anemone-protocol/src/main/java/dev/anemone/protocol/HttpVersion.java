package dev.anemone.protocol;

/**
 * The HTTP version of a start line, read as numbers: {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}
 * (RFC 9112 section 2.3; the name is case-sensitive, and each number is one ASCII digit).
 * Versions are compared by their numbers, never as text: as text, {@code HTTP/2.0} and
 * {@code HTTP/1.10} both sort after {@code HTTP/1.1}.
 */
final class HttpVersion {

    private HttpVersion() {
    }

    /** Whether {@code version} is {@code HTTP/<digit>.<digit>}. */
    static boolean isWellFormed(String version) {
        return version != null && version.length() == 8 && version.startsWith("HTTP/")
                && isAsciiDigit(version.charAt(5)) && version.charAt(6) == '.' && isAsciiDigit(version.charAt(7));
    }

    /** The major version, or -1 when {@code version} is not well-formed. */
    static int major(String version) {
        return isWellFormed(version) ? version.charAt(5) - '0' : -1;
    }

    /** The minor version, or -1 when {@code version} is not well-formed. */
    static int minor(String version) {
        return isWellFormed(version) ? version.charAt(7) - '0' : -1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
