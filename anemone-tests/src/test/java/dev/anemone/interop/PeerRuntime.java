package dev.anemone.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The languages our peers are written in: where their scripts live, how to start them, and how
 * to tell that their WebSocket library is installed.
 */
enum PeerRuntime {

    /** Node with the {@code ws} package of node/package-lock.json. */
    NODE("Node ws", "node", List.of("node"), "client.js", "echo-server.js",
            List.of("node", "-e", NodeCheck.SCRIPT)),

    /** Debian's Python 3 with {@code python3-websockets} (10.4); not the python3 of a pyenv on PATH. */
    PYTHON("Python websockets", "python", List.of("/usr/bin/python3", "-u"), "client.py", "echo_server.py",
            List.of("/usr/bin/python3", "-c", "import websockets"));

    private final String label;
    private final String folder;
    private final List<String> interpreter;
    private final String clientScript;
    private final String serverScript;
    private final List<String> installedCheck;

    PeerRuntime(String label, String folder, List<String> interpreter, String clientScript, String serverScript,
                List<String> installedCheck) {
        this.label = label;
        this.folder = folder;
        this.interpreter = interpreter;
        this.clientScript = clientScript;
        this.serverScript = serverScript;
        this.installedCheck = installedCheck;
    }

    /** Fails, never skips, when the peer cannot run here, saying how to install it. */
    void requireInstalled() {
        String problem;
        try {
            Process check = new ProcessBuilder(installedCheck).directory(directory().toFile())
                    .redirectErrorStream(true).start();
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                problem = "the check did not finish";
            } else if (check.exitValue() != 0) {
                problem = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } else {
                return;
            }
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = e.toString();
        }
        fail(label + " is not installed as the interop tests need it: run scripts/install-test-deps.sh, which"
                + " installs every interop peer. (" + String.join(" ", installedCheck) + " said: " + problem + ")");
    }

    /**
     * A client connecting to {@code uri}, offering {@code protocols}; {@code options} go last on
     * its command line, such as {@link Compression#peerOption()}.
     */
    ExternalPeer client(URI uri, List<String> protocols, String... options) {
        List<String> args = new ArrayList<>(List.of(uri.toString()));
        if (!protocols.isEmpty()) {
            args.add(String.join(",", protocols));
        }
        args.addAll(List.of(options));
        return start(label + " client", clientScript, args);
    }

    /**
     * An echo server supporting {@code protocols}, with {@code options} on its command line; its
     * first stdout line is its port (see {@link ExternalPeer#awaitLine()}).
     */
    ExternalPeer server(List<String> protocols, String... options) {
        List<String> args = new ArrayList<>(List.of(String.join(",", protocols)));
        args.addAll(List.of(options));
        return start(label + " echo server", serverScript, args);
    }

    private ExternalPeer start(String name, String script, List<String> args) {
        List<String> command = new ArrayList<>(interpreter);
        command.add(script);
        command.addAll(args);
        // UTF-8 on stdin and stdout whatever the locale (close reasons are not all ASCII), and no
        // __pycache__ left in the source tree.
        return ExternalPeer.start(name, directory(), command,
                Map.of("PYTHONIOENCODING", "utf-8", "PYTHONDONTWRITEBYTECODE", "1"));
    }

    private Path directory() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve(folder);
    }

    @Override
    public String toString() {
        return label;
    }

    /** The Node check, outside the enum: a constant's arguments cannot name the enum's own static fields. */
    private static final class NodeCheck {
        /** ws installed, at the version package.json pins. */
        static final String SCRIPT = "const want = require('./package.json').dependencies.ws;"
                + " const got = require('ws/package.json').version;"
                + " if (got !== want) { console.error('ws ' + got + ' is installed, package.json pins ' + want);"
                + " process.exit(1); }";
    }
}
