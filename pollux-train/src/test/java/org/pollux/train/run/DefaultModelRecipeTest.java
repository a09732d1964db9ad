package org.pollux.train.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.model.LoadedModel;

/**
 * The shipped default model's recipe ({@code recipes/pollux-mini.yaml}) runs on its real sources,
 * shortened to two tiny steps: every source is found and tokenized (the NLTK zips with their entry
 * selection, Debian's fortune files as a directory) and the export loads in the engine. The full run
 * takes most of an hour; docs/default-model.md records it.
 *
 * <p>Needs Debian's {@code fortunes} package; CI installs it and sets {@code POLLUX_REQUIRE_FORTUNES=1},
 * so there the test cannot be skipped.
 */
class DefaultModelRecipeTest {
    private static final Path FORTUNES = Path.of("/usr/share/games/fortunes");

    @TempDir
    Path dir;

    @Test
    void theRecipeRunsOnEverySourceAndExportsALoadableModel() throws Exception {
        if (!"1".equals(System.getenv("POLLUX_REQUIRE_FORTUNES"))) {
            assumeThat(Files.isDirectory(FORTUNES)).as("Debian's fortunes package (apt-get install fortunes)").isTrue();
        }
        Path recipe = Recipes.tinyStories().resolveSibling("pollux-mini.yaml");
        TrainConfig c = TrainConfigLoader.load(recipe, List.of("out=" + dir.resolve("mini"), "train.steps=2",
                "train.warmup=1", "train.seq_len=32", "train.batch=2", "train.eval_every=2", "train.eval_batches=1",
                "tokenizer.vocab_size=300", "tokenizer.sample_bytes=50000", "model.layers=2", "model.d_model=32",
                "model.heads=2", "model.head_dim=16", "model.ffn=64", "model.context=32", "model.window=16",
                "export=[q8_0]", "train.threads=2"));
        RecordingSink sink = new RecordingSink();
        TrainingSummary summary = Trainer.run(c, sink);
        assertThat(summary.steps()).isEqualTo(2);
        assertThat(summary.finalValLoss()).isFinite();
        try (var shards = Files.list(dir.resolve("mini/data"))) {
            assertThat(shards.filter(p -> p.toString().endsWith(".tokens")).count()).as("one shard per source")
                    .isEqualTo(7);
        }
        assertThat(summary.exports()).hasSize(1);
        try (LoadedModel m = new LoadedModel(summary.exports().get(0), 1)) {
            assertThat(m.tokenizer().vocabSize()).isEqualTo(300);
        }
    }
}
