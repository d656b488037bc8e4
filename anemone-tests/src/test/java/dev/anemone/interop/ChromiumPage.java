package dev.anemone.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Opens a page in headless Chromium with node/chromium-page.js and collects what it reports. */
final class ChromiumPage {

    private ChromiumPage() {
    }

    /**
     * Starts node/chromium-page.js on {@code url} and returns at once: its events (the page's
     * console lines among them) arrive as the page runs. The caller closes it.
     */
    static ExternalPeer open(String url, String spki) {
        List<String> command = spki == null ? List.of("node", "chromium-page.js", url)
                : List.of("node", "chromium-page.js", url, spki);
        return ExternalPeer.start("Chromium", Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("node"), command, Map.of());
    }

    /**
     * Runs node/chromium-page.js on {@code url} until it has reported, and returns its events;
     * with {@code spki} (may be null) Chromium trusts the certificate with that public key hash.
     */
    static EventLog run(String url, String spki) {
        ExternalPeer page = open(url, spki);
        try {
            // Starting a browser on a busy machine can take longer than one of the log's waits.
            for (int wait = 1; page.events().seen("exit").isEmpty(); wait++) {
                try {
                    page.events().await("exit");
                } catch (AssertionError slow) {
                    if (wait == 4) {
                        throw slow;
                    }
                }
            }
            return page.events();
        } finally {
            page.close();
        }
    }
}
