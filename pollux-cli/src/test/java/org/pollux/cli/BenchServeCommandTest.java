package org.pollux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;

/** {@code pollux bench-serve}, in-process and against a running server (--url), on the embedded model. */
class BenchServeCommandTest {

    private static void assertTable(CliRunner.Result r, int rows) {
        assertThat(r.code()).as(r.err()).isZero();
        var lines = r.out().lines().filter(l -> l.matches("\\| \\d+ \\| .*")).toList();
        assertThat(lines).hasSize(rows);
        // One stream is the reference: its "× 1 stream" column is exactly 1.
        assertThat(lines.get(0).split("\\|")[6].strip()).isEqualTo("1.00");
    }

    @Test
    void measuresAServerItStartsItself() {
        assertTable(CliRunner.run("bench-serve", "-t", "1", "--streams", "1,2", "-n", "4", "--requests", "1",
                "--prefix", "0"), 2);
    }

    @Test
    void measuresARunningServerAndItsCachedPrefix(@TempDir Path dir) throws Exception {
        try (ModelFiles.Opened m = ModelFiles.openEmbedded(1);
                PolluxServer server = PolluxServer.start(ServerConfig.defaults(Files.createDirectories(dir))
                        .withPort(0).withApiKeys(Set.of("k")), new ModelRegistry().add(m.model()))) {
            CliRunner.Result r = CliRunner.run("bench-serve", "--url", server.baseUrl(), "--api-key", "k",
                    "--streams", "1", "-n", "4", "--requests", "1", "--prefix", "200");
            assertTable(r, 1);
            assertThat(r.out()).containsPattern("cached prefix of \\d+ tokens: TTFT \\d+ ms uncached, \\d+ ms cached");
        }
    }
}
