package dev.anemone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The nginx configuration of the docs ({@code docs/nginx/anemone.conf}), read from that very
 * file, with only what a test machine must change: the upstream nodes, the listening ports and
 * the certificate. Each change replaces lines the recipe has and fails when they are not there,
 * so the recipe cannot drift from what the tests run. Immutable: every change returns a new one.
 */
public final class NginxRecipe {

    /** The recipe, from the project's root. */
    static final Path FILE = Path.of("docs", "nginx", "anemone.conf");

    private static final Pattern UPSTREAM = Pattern.compile("(?m)^upstream anemone \\{\\n(.*?)^}", Pattern.DOTALL);
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^(\\s*)server \\S+;\\n");

    private final String text;

    private NginxRecipe(String text) {
        this.text = text;
    }

    /** The recipe as the docs have it. */
    public static NginxRecipe fromDocs() {
        // Tests run in the module's folder; the docs are the project's.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path file = module.toAbsolutePath().getParent().resolve(FILE);
        try {
            return new NginxRecipe(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the nginx recipe " + file, e);
        }
    }

    /** The configuration text, for nginx's http block. */
    public String text() {
        return text;
    }

    /** The upstream's nodes replaced by Anemone servers on 127.0.0.1 at {@code ports}, in order. */
    public NginxRecipe upstreams(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("nginx needs at least one upstream node");
        }
        Matcher block = UPSTREAM.matcher(text);
        if (!block.find()) {
            throw new AssertionError("the recipe " + FILE + " has no 'upstream anemone { ... }' block:\n" + text);
        }
        String body = block.group(1);
        Matcher server = UPSTREAM_SERVER.matcher(body);
        if (!server.find()) {
            throw new AssertionError("the recipe's upstream block names no server:\n" + body);
        }
        String indent = server.group(1);
        String nodes = Arrays.stream(ports).mapToObj(port -> indent + "server 127.0.0.1:" + port + ";\n")
                .collect(Collectors.joining());
        String replaced = body.substring(0, server.start()) + nodes
                + UPSTREAM_SERVER.matcher(body.substring(server.start())).replaceAll("");
        return new NginxRecipe(text.substring(0, block.start(1)) + replaced + text.substring(block.end(1)));
    }

    /** nginx listening on 127.0.0.1 at {@code port} for plain HTTP and at {@code tlsPort} for TLS. */
    public NginxRecipe listen(int port, int tlsPort) {
        return replaceLine("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replaceLine("listen 443 ssl;", "listen 127.0.0.1:" + tlsPort + " ssl;");
    }

    /** The TLS certificate chain and key nginx serves. */
    public NginxRecipe certificate(Path chain, Path key) {
        return replaceDirective("ssl_certificate", chain.toAbsolutePath().toString())
                .replaceDirective("ssl_certificate_key", key.toAbsolutePath().toString());
    }

    /**
     * The one directive {@code name} of the recipe given {@code value} instead, such as a shorter
     * {@code proxy_read_timeout} for a test that cannot wait for the real one.
     */
    public NginxRecipe replaceDirective(String name, String value) {
        Pattern directive = Pattern.compile("(?m)^(\\s*" + Pattern.quote(name) + "\\s+)[^;\\n]+;");
        Matcher matcher = directive.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("the recipe " + FILE + " has no '" + name + "' directive");
        }
        String replaced = text.substring(0, matcher.start()) + matcher.group(1) + value + ";"
                + text.substring(matcher.end());
        if (matcher.find()) {
            throw new AssertionError("the recipe " + FILE + " has '" + name + "' more than once");
        }
        return new NginxRecipe(replaced);
    }

    private NginxRecipe replaceLine(String line, String replacement) {
        Matcher matcher = Pattern.compile("(?m)^(\\s*)" + Pattern.quote(line) + "$").matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("the recipe " + FILE + " has no line '" + line + "'");
        }
        return new NginxRecipe(text.substring(0, matcher.start()) + matcher.group(1) + replacement
                + text.substring(matcher.end()));
    }

    @Override
    public String toString() {
        return text;
    }
}
