package org.pollux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pollux train} with the sample recipe (shortened), resumed, and with a bad override. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static String recipe() {
        return Path.of("..", "recipes", "tiny-stories.yaml").toAbsolutePath().normalize().toString();
    }

    private static String corpus() {
        String root = System.getProperty("pollux.shared", "../../shared");
        return "data.sources[0].path=" + Path.of(root, "data", "corpus", "tinystories_small2.txt").toAbsolutePath();
    }

    @Test
    void trainsResumesAndExports() {
        Path out = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--config", recipe(), "--set", corpus(), "--set", "train.steps=30",
                "--set", "train.eval_every=15", "--set", "train.checkpoint_every=15", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trained 30 steps").contains("final train loss").contains("perplexity")
                .contains("wrote " + out.resolve("model-q8_0.gguf"));
        assertThat(r.err()).contains("tokenizer: trained 512 pieces");
        for (String f : new String[] {"tokenizer.gguf", "metrics.jsonl", "loss.png", "summary.json", "model-f32.gguf",
            "model-q8_0.gguf", "checkpoints/step-00000030/state.json"}) {
            assertThat(out.resolve(f)).exists();
        }
        CliRunner.Result again = CliRunner.run("train", "--config", recipe(), "--set", corpus(), "--set",
                "train.steps=30", "--out", out.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already holds checkpoints").contains("--resume");
        CliRunner.Result resumed = CliRunner.run("train", "--config", recipe(), "--set", corpus(), "--set",
                "train.steps=30", "--set", "train.eval_every=15", "--set", "train.checkpoint_every=15", "--resume",
                "--out", out.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resumed from").contains("at step 30");
        CliRunner.Result tokenize = CliRunner.run("tokenize", "-t", out.resolve("tokenizer.gguf").toString(), "Once upon");
        assertThat(tokenize.code()).as(tokenize.err()).isZero();
        assertThat(tokenize.out()).startsWith("[");
    }

    @Test
    void badOverrideIsOneLine() {
        CliRunner.Result r = CliRunner.run("train", "--config", recipe(), "--set", "train.lr=-1", "--out",
                tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("pollux: ").contains("train.lr: must be in").doesNotContain("\tat ");
        assertThat(Files.exists(tmp.resolve("metrics.jsonl"))).isFalse();
    }
}
