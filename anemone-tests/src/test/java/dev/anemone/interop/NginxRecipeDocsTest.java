package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/nginx.md shows the recipe the tests run ({@link NginxRecipe#FILE}) as it is, and
 * {@link NginxRecipe} changes no more of it than a test machine needs.
 */
class NginxRecipeDocsTest {

    private static final Pattern NGINX_BLOCK = Pattern.compile("(?s)```nginx\\n(.*?)```");

    @Test
    void thePageShowsTheRecipeFileAsItIs() throws Exception {
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        String page = Files.readString(project.resolve("docs").resolve("nginx.md"), StandardCharsets.UTF_8);
        Matcher block = NGINX_BLOCK.matcher(page);

        assertThat(block.find()).as("an nginx block in docs/nginx.md").isTrue();
        assertThat(block.group(1)).as("the nginx block of docs/nginx.md").isEqualTo(NginxRecipe.fromDocs().text());
        assertThat(block.find()).as("a second nginx block in docs/nginx.md").isFalse();
    }

    @Test
    void aTestMachineChangesOnlyTheNodesThePortsAndTheCertificate() {
        NginxRecipe docs = NginxRecipe.fromDocs();
        String run = docs.upstreams(9001, 9002, 9003).listen(8001, 8443)
                .certificate(Path.of("/tmp/cert.pem"), Path.of("/tmp/key.pem")).text();

        String expected = docs.text()
                .replace("    server 127.0.0.1:8080;\n    server 127.0.0.1:8081;\n",
                        "    server 127.0.0.1:9001;\n    server 127.0.0.1:9002;\n    server 127.0.0.1:9003;\n")
                .replace("listen 80;", "listen 127.0.0.1:8001;")
                .replace("listen 443 ssl;", "listen 127.0.0.1:8443 ssl;")
                .replace("ssl_certificate     /etc/ssl/example.com/fullchain.pem;", "ssl_certificate     /tmp/cert.pem;")
                .replace("ssl_certificate_key /etc/ssl/example.com/privkey.pem;", "ssl_certificate_key /tmp/key.pem;");
        assertThat(expected).as("the recipe still has the lines a test replaces").isNotEqualTo(docs.text());
        assertThat(run).isEqualTo(expected);
    }
}
