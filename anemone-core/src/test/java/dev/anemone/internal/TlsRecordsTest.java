package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The record layer as a TLS transport reads it without decrypting: where records end, and the buffers that keep a cut one. */
class TlsRecordsTest {

    /** A record of {@code type} with a body of {@code length} bytes. */
    private static byte[] record(int type, int length) {
        byte[] bytes = new byte[5 + length];
        bytes[0] = (byte) type;
        bytes[1] = 3;
        bytes[2] = 3;
        bytes[3] = (byte) (length >>> 8);
        bytes[4] = (byte) length;
        for (int i = 0; i < length; i++) {
            bytes[5 + i] = (byte) i;
        }
        return bytes;
    }

    private static ByteBuffer concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.flip();
    }

    @Test
    void knowsWhatTheLastRecordLacks() {
        byte[] first = record(23, 300);
        byte[] second = record(23, 1000);
        assertThat(TlsRecords.missingFromLast(concat(first))).isZero();
        assertThat(TlsRecords.missingFromLast(concat(first, second))).isZero();
        assertThat(TlsRecords.missingFromLast(ByteBuffer.wrap(second, 0, 3))).isEqualTo(2);
        assertThat(TlsRecords.missingFromLast(ByteBuffer.wrap(second, 0, 5))).isEqualTo(1000);
        assertThat(TlsRecords.missingFromLast(concat(first, java.util.Arrays.copyOf(second, 700)))).isEqualTo(305);
        assertThat(TlsRecords.missingFromLast(ByteBuffer.allocate(0))).isZero();
    }

    @Test
    void aRecordCutByAReadIsCompletedInPlaceFromTheNextRead() {
        byte[] cut = record(23, 16 * 1024);
        byte[] next = record(23, 40);
        ByteBuffer firstRead = ByteBuffer.wrap(cut, 0, 1000);
        ByteBuffer kept = TlsRecords.appendRecords(null, firstRead, firstRead.remaining());
        assertThat(kept.capacity()).isEqualTo(cut.length);
        ByteBuffer secondRead = concat(java.util.Arrays.copyOfRange(cut, 1000, cut.length), next);
        ByteBuffer completed = TlsRecords.completeLast(kept, secondRead);
        assertThat(completed).isSameAs(kept);
        assertThat(completed).isEqualTo(ByteBuffer.wrap(cut));
        assertThat(secondRead).isEqualTo(ByteBuffer.wrap(next));
    }

    @Test
    void aHeaderCutInTwoIsCompletedThenItsBody() {
        byte[] cut = record(23, 500);
        ByteBuffer kept = TlsRecords.appendRecords(null, ByteBuffer.wrap(cut, 0, 2), 2);
        ByteBuffer rest = ByteBuffer.wrap(cut, 2, cut.length - 2);
        ByteBuffer completed = TlsRecords.completeLast(kept, rest);
        assertThat(completed).isEqualTo(ByteBuffer.wrap(cut));
        assertThat(rest.hasRemaining()).isFalse();
    }

    @Test
    void tellsRecordTypesApart() {
        assertThat(TlsRecords.startsHandshake(ByteBuffer.wrap(record(22, 1)))).isTrue();
        assertThat(TlsRecords.startsApplicationData(ByteBuffer.wrap(record(23, 1)))).isTrue();
        assertThat(TlsRecords.startsAlert(ByteBuffer.wrap(record(21, 2)))).isTrue();
        assertThat(TlsRecords.startsHandshake(ByteBuffer.wrap("GET / HTTP/1.1".getBytes()))).isFalse();
        assertThat(TlsRecords.startsAlert(ByteBuffer.allocate(0))).isFalse();
    }

    @Test
    void appendingGrowsAndCompactsAsNeeded() {
        ByteBuffer held = TlsRecords.append(null, ByteBuffer.wrap(new byte[] {1, 2, 3}), 3, 0);
        held.get();
        held = TlsRecords.append(held, ByteBuffer.wrap(new byte[] {4}), 1, 0);
        assertThat(held).isEqualTo(ByteBuffer.wrap(new byte[] {2, 3, 4}));
        held = TlsRecords.append(held, ByteBuffer.wrap(new byte[] {5, 6}), 2, 0);
        assertThat(held).isEqualTo(ByteBuffer.wrap(new byte[] {2, 3, 4, 5, 6}));
    }
}
