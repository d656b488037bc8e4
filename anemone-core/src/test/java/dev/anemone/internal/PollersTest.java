package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which poller a loop gets. These tests run twice in a build: in the core, where the epoll
 * library is absent, and again in anemone-epoll, where it is on the class path; each checks what
 * must hold in the case it finds.
 */
class PollersTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(Pollers.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Pollers.PROPERTY);
        } else {
            System.setProperty(Pollers.PROPERTY, before);
        }
    }

    @Test
    void theJdksSelectorIsTheDefault() {
        System.clearProperty(Pollers.PROPERTY);
        Poller poller = Pollers.open();
        try {
            assertThat(poller.name()).isEqualTo("nio");
        } finally {
            poller.close();
        }
    }

    @Test
    void epollIsGivenWhereItsLibraryLoadsAndRefusedWithTheReasonElsewhere() {
        System.setProperty(Pollers.PROPERTY, "epoll");
        if (Epoll.isAvailable()) {
            Poller poller = Pollers.open();
            try {
                assertThat(poller.name()).isEqualTo("epoll");
            } finally {
                poller.close();
            }
        } else {
            assertThatThrownBy(Pollers::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("anemone.transport=epoll")
                    .hasMessageContaining(Epoll.unavailableReason());
            assertThat(Epoll.unavailableReason()).contains("anemone-epoll");
        }
    }

    @Test
    void autoTakesEpollWhereItLoadsAndTheJdkElsewhere() {
        System.setProperty(Pollers.PROPERTY, " Auto ");
        Poller poller = Pollers.open();
        try {
            assertThat(poller.name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
        } finally {
            poller.close();
        }
    }

    @Test
    void anUnknownTransportIsRefusedByName() {
        System.setProperty(Pollers.PROPERTY, "io_uring");
        assertThatThrownBy(Pollers::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("anemone.transport is nio, epoll or auto, not 'io_uring'");
    }
}
