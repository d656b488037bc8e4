package dev.anemone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel holds for one end of a TCP connection on this machine, read from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: bytes written and not yet acknowledged by the
 * peer ({@code tx_queue}), and bytes received and not yet read by the application
 * ({@code rx_queue}). With both ends on loopback, a test can tell exactly how much a server has
 * read of what a peer wrote: written, minus what the peer's kernel still holds unacknowledged,
 * minus what the server's kernel holds unread.
 *
 * @param unacknowledged bytes sent by this end that the other has not acknowledged
 * @param unread bytes this end received that its application has not read
 */
record TcpQueues(long unacknowledged, long unread) {

    /** The queues of the socket from {@code localPort} to {@code remotePort}, or empty when not on Linux. */
    static Optional<TcpQueues> of(int localPort, int remotePort) {
        for (String table : List.of("/proc/net/tcp6", "/proc/net/tcp")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException | RuntimeException unavailable) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 5) {
                    continue;
                }
                if (port(fields[1]) == localPort && port(fields[2]) == remotePort) {
                    String[] queues = fields[4].split(":");
                    return Optional.of(new TcpQueues(Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * How many of the {@code written} bytes that the socket from {@code peerPort} sent to
     * {@code serverPort} the server's application has read, or empty when the kernel's tables
     * cannot be read. Exact once the connection is quiet (a peer stalled by a full window).
     */
    static Optional<Long> readByServer(long written, int peerPort, int serverPort) {
        Optional<TcpQueues> peer = of(peerPort, serverPort);
        Optional<TcpQueues> server = of(serverPort, peerPort);
        if (peer.isEmpty() || server.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(written - peer.get().unacknowledged() - server.get().unread());
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
