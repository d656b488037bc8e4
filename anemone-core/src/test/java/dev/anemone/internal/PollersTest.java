package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.IoBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which poller a loop gets. These tests run twice in a build: in the core, where the epoll
 * library is absent, and again in anemone-epoll, where it is on the class path; each checks what
 * must hold in the case it finds.
 */
@ExtendWith(IoBackendPropertyRestored.class)
class PollersTest {

    @Test
    void theJdksSelectorIsTheDefault() {
        System.clearProperty(IoBackend.PROPERTY);
        assertThat(IoBackend.fromSystemProperty()).isEqualTo(IoBackend.NIO);
        Poller poller = Pollers.open(IoBackend.fromSystemProperty());
        try {
            assertThat(poller.backend()).isEqualTo(IoBackend.NIO);
        } finally {
            poller.close();
        }
    }

    @Test
    void epollIsGivenWhereItsLibraryLoadsAndRefusedWithTheReasonElsewhere() {
        System.setProperty(IoBackend.PROPERTY, "epoll");
        IoBackend asked = IoBackend.fromSystemProperty();
        assertThat(asked).isEqualTo(IoBackend.EPOLL);
        if (Epoll.isAvailable()) {
            Poller poller = Pollers.open(asked);
            try {
                assertThat(poller.backend()).isEqualTo(IoBackend.EPOLL);
            } finally {
                poller.close();
            }
        } else {
            assertThatThrownBy(() -> Pollers.open(asked))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("anemone.transport=epoll")
                    .hasMessageContaining(Epoll.unavailableReason());
            assertThat(Epoll.unavailableReason()).contains("anemone-epoll");
        }
    }

    @Test
    void autoTakesEpollWhereItLoadsAndTheJdkElsewhere() {
        System.setProperty(IoBackend.PROPERTY, " Auto ");
        assertThat(IoBackend.fromSystemProperty()).isEqualTo(IoBackend.AUTO);
        Poller poller = Pollers.open(IoBackend.AUTO);
        try {
            assertThat(poller.backend()).isEqualTo(Epoll.isAvailable() ? IoBackend.EPOLL : IoBackend.NIO);
        } finally {
            poller.close();
        }
    }

    @Test
    void anUnknownTransportIsRefusedByName() {
        System.setProperty(IoBackend.PROPERTY, "io_uring");
        assertThatThrownBy(IoBackend::fromSystemProperty)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("anemone.transport is nio, epoll or auto, not 'io_uring'");
    }
}
