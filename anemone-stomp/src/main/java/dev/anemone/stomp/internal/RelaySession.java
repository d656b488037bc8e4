package dev.anemone.stomp.internal;

import dev.anemone.WebSocket;
import dev.anemone.stomp.StompCommand;
import dev.anemone.stomp.StompCredentials;
import dev.anemone.stomp.StompDecoder;
import dev.anemone.stomp.StompEncoder;
import dev.anemone.stomp.StompException;
import dev.anemone.stomp.StompFrame;
import dev.anemone.stomp.StompHeaders;
import dev.anemone.stomp.StompLimits;
import dev.anemone.stomp.StompRelayOptions;
import dev.anemone.stomp.StompVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One WebSocket STOMP session relayed to the external broker over its own TCP connection. Frames
 * are decoded both ways (so limits hold and each frame travels in one WebSocket message, as
 * browser clients expect) and heart-beats are passed on as they come, so the two ends keep the
 * heart-beating they agreed with each other. Connecting and writing to the broker happen on a
 * thread of the session's, in order, never on the event loop; a second thread reads the broker.
 */
final class RelaySession {

    private final RelayContext context;
    private final WebSocket socket;
    private final StompDecoder fromClient;
    private final StompDecoder fromBroker = new StompDecoder(new StompLimits(64 << 20, 1024, 64 * 1024));
    private final ExecutorService writer;
    private volatile Socket broker;
    private volatile StompVersion version;
    private volatile boolean done;
    private boolean connectSeen;

    RelaySession(RelayContext context, WebSocket socket) {
        this.context = context;
        this.socket = socket;
        this.fromClient = new StompDecoder(context.options().frameLimits());
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "anemone-stomp-relay-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Bytes from the WebSocket client, on its event loop. */
    void fromClient(ByteBuffer bytes) {
        if (done) {
            return;
        }
        long beats = fromClient.heartBeats();
        try {
            fromClient.decode(bytes, this::clientFrame);
        } catch (StompException e) {
            fail(e.getMessage());
            return;
        }
        if (fromClient.heartBeats() != beats && connectSeen) {
            toBroker(StompEncoder.HEART_BEAT);
        }
    }

    private void clientFrame(StompFrame frame) {
        if (done) {
            return;
        }
        boolean connect = frame.command() == StompCommand.CONNECT || frame.command() == StompCommand.STOMP;
        if (connect == connectSeen) {
            fail(connect ? "already connected" : "the first frame must be CONNECT or STOMP");
            return;
        }
        if (!connect) {
            toBroker(StompEncoder.encode(frame, version));
            return;
        }
        connectSeen = true;
        StompCredentials mapped = context.options().credentials().apply(new StompCredentials(frame.header("login"), frame.header("passcode")));
        if (mapped == null) {
            fail("authentication failed");
            return;
        }
        StompHeaders headers = frame.headers().without("login").without("passcode");
        if (mapped.passcode() != null) {
            headers = headers.with("passcode", mapped.passcode());
        }
        if (mapped.login() != null) {
            headers = headers.with("login", mapped.login());
        }
        if (context.options().virtualHost() != null) {
            headers = headers.with("host", context.options().virtualHost());
        }
        byte[] connectFrame = StompEncoder.encode(new StompFrame(frame.command(), headers, frame.body()), null);
        writer.execute(() -> open(connectFrame));
    }

    private void open(byte[] connectFrame) {
        StompRelayOptions options = context.options();
        try {
            Socket tcp = new Socket();
            tcp.connect(new InetSocketAddress(options.host(), options.port()), (int) options.connectTimeout().toMillis());
            tcp.setTcpNoDelay(true);
            broker = tcp;
            tcp.getOutputStream().write(connectFrame);
            Thread reader = new Thread(() -> read(tcp), "anemone-stomp-relay-reader");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            fail("cannot reach the broker");
        }
    }

    private void read(Socket tcp) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = tcp.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                long beats = fromBroker.heartBeats();
                fromBroker.decode(ByteBuffer.wrap(buffer, 0, n), this::brokerFrame);
                if (fromBroker.heartBeats() != beats) {
                    socket.sendText(ByteBuffer.wrap(StompEncoder.HEART_BEAT));
                }
            }
        } catch (IOException | StompException e) {
            // The broker went away or spoke nonsense: the client is told by the close below.
        }
        done = true;
        socket.close(1000, "the broker closed the connection");
        writer.shutdown();
    }

    private void brokerFrame(StompFrame frame) {
        if (frame.command() == StompCommand.CONNECTED) {
            StompVersion agreed = StompVersion.ofText(frame.headers().get("version", "1.0"));
            version = agreed == null ? StompVersion.V1_0 : agreed;
            fromBroker.version(version);
            fromClient.version(version);
        }
        Wire.send(socket, StompEncoder.encode(frame, version));
    }

    private void toBroker(byte[] bytes) {
        writer.execute(() -> {
            Socket tcp = broker;
            if (tcp == null) {
                return;
            }
            try {
                OutputStream out = tcp.getOutputStream();
                out.write(bytes);
            } catch (IOException e) {
                closeBroker();
            }
        });
    }

    private void fail(String message) {
        done = true;
        Wire.send(socket, StompEncoder.encode(StompFrame.text(StompCommand.ERROR, message, "message", message,
                "content-type", "text/plain"), version));
        socket.close(1000, "STOMP ERROR");
        writer.execute(this::closeBroker);
        writer.shutdown();
    }

    /** The WebSocket closed: so does the broker's connection. */
    void closed() {
        done = true;
        writer.execute(this::closeBroker);
        writer.shutdown();
    }

    private void closeBroker() {
        Socket tcp = broker;
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
