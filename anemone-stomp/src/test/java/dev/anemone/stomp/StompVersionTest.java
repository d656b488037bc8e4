package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StompVersionTest {

    @Test
    void acceptVersionPicksTheNewestShared() {
        assertThat(StompVersion.negotiate("1.0,1.1,1.2", null)).isEqualTo(StompVersion.V1_2);
        assertThat(StompVersion.negotiate(null, null)).isEqualTo(StompVersion.V1_0);
        assertThat(StompVersion.negotiate("2.0", null)).isNull();
    }

    @Test
    void theSubprotocolCapsTheVersion() {
        assertThat(StompVersion.negotiate("1.2,1.1,1.0", "v11.stomp")).isEqualTo(StompVersion.V1_1);
        assertThat(StompVersion.negotiate("1.1,1.0", "v12.stomp")).isEqualTo(StompVersion.V1_1);
        assertThat(StompVersion.negotiate(null, "v10.stomp")).isEqualTo(StompVersion.V1_0);
    }

    @Test
    void heartBeatsTakeTheLongerOfWhatEachSideSays() {
        HeartBeat server = new HeartBeat(5000, 10000);
        HeartBeat client = HeartBeat.parse("4000,8000");
        assertThat(server.sendInterval(client)).isEqualTo(8000);
        assertThat(server.receiveInterval(client)).isEqualTo(10000);
        assertThat(server.sendInterval(HeartBeat.parse("0,0"))).isZero();
        assertThatThrownBy(() -> HeartBeat.parse("1")).isInstanceOf(StompException.class);
    }

    @Test
    void encoderEscapesAfter10AndNeverInConnected() {
        StompFrame frame = StompFrame.of(StompCommand.MESSAGE, "a:b", "1\n2");
        assertThat(new String(StompEncoder.encode(frame, StompVersion.V1_2))).isEqualTo("MESSAGE\na\\cb:1\\n2\n\n\0");
        assertThat(new String(StompEncoder.encode(frame, StompVersion.V1_0))).isEqualTo("MESSAGE\na_b:1 2\n\n\0");
        assertThat(new String(StompEncoder.encode(StompFrame.of(StompCommand.CONNECTED, "server", "a:b"), StompVersion.V1_2)))
                .isEqualTo("CONNECTED\nserver:a:b\n\n\0");
    }
}
