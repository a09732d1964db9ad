package org.pollux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;

/** {@code pollux bench-serve}, in-process and against a running server (--url), on the embedded model. */
class BenchServeCommandTest {

    private static void assertTable(CliRunner.Result r, int rows) {
        assertThat(r.code()).as(r.err()).isZero();
        var lines = r.out().lines().filter(l -> l.matches("\\| \\d+ \\| .*")).toList();
        assertThat(lines).as("a throughput row and an engine row per concurrency").hasSize(2 * rows);
        // One stream is the reference: its "× 1 stream" column is exactly 1.
        assertThat(lines.get(0).split("\\|")[6].strip()).isEqualTo("1.00");
        assertThat(r.out()).contains("| streams | decode steps | mean batch | forward ms/step |");
        for (String engineRow : lines.subList(rows, 2 * rows)) {
            String[] cells = engineRow.split("\\|");
            assertThat(Long.parseLong(cells[2].strip())).as("decode steps in " + engineRow).isPositive();
            assertThat(Double.parseDouble(cells[3].strip())).as("mean batch in " + engineRow).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void measuresAServerItStartsItself() {
        assertTable(CliRunner.run("bench-serve", "-t", "1", "--streams", "1,2", "-n", "4", "--requests", "1",
                "--prefix", "0"), 2);
    }

    @Test
    void measuresARunningServerAndItsCachedPrefix(@TempDir Path dir) throws Exception {
        try (ModelFiles.Opened m = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1);
                PolluxServer server = PolluxServer.start(ServerConfig.defaults(Files.createDirectories(dir))
                        .withPort(0).withApiKeys(Set.of("k")), new ModelRegistry().add(m.model()))) {
            CliRunner.Result r = CliRunner.run("bench-serve", "--url", server.baseUrl(), "--api-key", "k",
                    "--streams", "1", "-n", "4", "--requests", "1", "--prefix", "200");
            assertTable(r, 1);
            assertThat(r.out()).containsPattern("cached prefix of \\d+ tokens: TTFT \\d+ ms uncached, \\d+ ms cached");
        }
    }
}
