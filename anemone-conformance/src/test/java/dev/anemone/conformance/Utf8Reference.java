package dev.anemone.conformance;

/**
 * An independent UTF-8 check, straight from the table of well-formed byte sequences (Unicode
 * 15, table 3-7), used to state what each case expects: the system under test's validator is not
 * its own oracle.
 */
final class Utf8Reference {

    /** The bytes are valid UTF-8. */
    static final int VALID = -1;

    private Utf8Reference() {
    }

    /**
     * Where {@code bytes} stop being valid: {@link #VALID}; the index of the first byte that no
     * valid text can have at that place (a receiver can fail there, without waiting for more);
     * or {@code bytes.length} when every byte fits but the last sequence is cut short.
     */
    static int firstError(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int need;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
            } else if (lead == 0xE0) {
                need = 2;
                low = 0xA0;
            } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
                need = 2;
            } else if (lead == 0xED) {
                need = 2;
                high = 0x9F;
            } else if (lead == 0xF0) {
                need = 3;
                low = 0x90;
            } else if (lead >= 0xF1 && lead <= 0xF3) {
                need = 3;
            } else if (lead == 0xF4) {
                need = 3;
                high = 0x8F;
            } else {
                return i;
            }
            for (int k = 1; k <= need; k++) {
                if (i + k >= bytes.length) {
                    return bytes.length;
                }
                int next = bytes[i + k] & 0xFF;
                int min = k == 1 ? low : 0x80;
                int max = k == 1 ? high : 0xBF;
                if (next < min || next > max) {
                    return i + k;
                }
            }
            i += need + 1;
        }
        return VALID;
    }
}
