package org.pollux.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;

/**
 * The npm {@code @google/genai} suite ({@code src/test/js}, Node's built-in test runner) against
 * an in-process server: 2.x and 3.x pinned to v1beta, and 3.x on its default v1. Also runs the
 * Node tests of the playground's own modules. Skipped when the suite's {@code node_modules} are
 * not installed ({@code npm ci} there), failing instead when {@value #REQUIRE_FLAG} is set, as in CI.
 */
class JsSdkTest {
    static final String REQUIRE_FLAG = "POLLUX_REQUIRE_JS_SDK";
    static final Path SUITE = Path.of("src", "test", "js");
    static final long TIMEOUT_MINUTES = 5;

    @Test
    void officialJsSdksPassAgainstTheServer() throws Exception {
        RequiredTool.check(Files.isDirectory(SUITE.resolve("node_modules/genai2"))
                        && Files.isDirectory(SUITE.resolve("node_modules/genai3")), REQUIRE_FLAG,
                "The npm SDKs are not installed in " + SUITE.toAbsolutePath()
                        + " (cd there and run: npm ci --engine-strict=false)");
        try (TestServer server = TestServer.start()) {
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "--test"))
                    .directory(SUITE.toFile()).redirectErrorStream(true);
            pb.environment().put("BASE_URL", server.baseUrl());
            pb.environment().put("PORT", Integer.toString(server.server.port()));
            pb.environment().put("API_KEY", TestServer.KEY);
            pb.environment().put("MODEL", TestServer.MODEL);
            pb.environment().put("NO_COLOR", "1");
            Process node;
            try {
                node = pb.start();
            } catch (IOException e) {
                RequiredTool.check(false, REQUIRE_FLAG, "Node.js is not on the PATH (" + e.getMessage() + ")");
                return;
            }
            StringBuilder output = new StringBuilder();
            Thread echo = Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        System.out.println("[node] " + line);
                        output.append(line).append('\n');
                    }
                } catch (IOException e) {
                    output.append("(output lost: ").append(e).append(")\n");
                }
            });
            boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                node.destroyForcibly().waitFor();
            }
            echo.join();
            assertThat(finished).as("node --test finished within %d minutes", TIMEOUT_MINUTES).isTrue();
            assertThat(node.exitValue()).as("node --test exit status; its output:%n%s", output).isZero();
            // A runner that found no test files also exits 0.
            assertThat(output.toString()).containsPattern("(?m)^# pass [1-9]").containsPattern("(?m)^# fail 0$");
        }
    }
}
