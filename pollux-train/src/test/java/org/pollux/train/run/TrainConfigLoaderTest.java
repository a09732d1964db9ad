package org.pollux.train.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.tensor.DType;
import org.pollux.train.data.SourceSpec;

/** Recipes: the sample parses, defaults and overrides apply, and every kind of mistake gets a message naming the key. */
class TrainConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void sampleRecipeParses() {
        TrainConfig c = TrainConfigLoader.load(Recipes.tinyStories(), List.of());
        assertThat(c.model().preset()).isEqualTo("train-tiny");
        assertThat(c.sources()).hasSize(1);
        assertThat(c.sources().get(0).path().getFileName().toString()).isEqualTo("tinystories_small2.txt");
        assertThat(c.sources().get(0).format()).isEqualTo(SourceSpec.Format.TEXT);
        assertThat(c.vocabSize()).isEqualTo(512);
        assertThat(c.lr()).isEqualTo(0.003);
        assertThat(c.steps()).isEqualTo(200);
        assertThat(c.export()).containsExactly(DType.F32, DType.Q8_0);
        assertThat(c.tokensPerStep()).isEqualTo(512);
    }

    private Path recipe(String yaml) throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsOverridesAndJson() throws Exception {
        Path f = recipe("model: {preset: train-tiny}\ndata: {sources: [corpus.txt]}\ntrain: {steps: 50}\n");
        TrainConfig c = TrainConfigLoader.load(f, List.of("train.lr=3e-3", "data.sources[1].path=more.jsonl",
                "data.sources[1].weight=0.5", "export=[q8_0]", "train.seed=-4"));
        assertThat(c.seqLen()).isEqualTo(64);
        assertThat(c.batch()).isEqualTo(8);
        assertThat(c.warmup()).isEqualTo(5);
        assertThat(c.minLr()).isEqualTo(0.0003, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.sources().get(0).path()).isEqualTo(dir.resolve("corpus.txt"));
        assertThat(c.sources().get(1).format()).isEqualTo(SourceSpec.Format.JSONL);
        assertThat(c.sources().get(1).weight()).isEqualTo(0.5);
        assertThat(c.export()).containsExactly(DType.Q8_0);
        assertThat(c.seed()).isEqualTo(-4);
        assertThat(c.out()).isEqualTo(Path.of("runs", "r").toAbsolutePath());
        Path json = dir.resolve("r.json");
        Files.writeString(json, "{\"model\":{\"layers\":2,\"d_model\":32,\"heads\":2,\"context\":32},"
                + "\"tokenizer\":{\"vocab_size\":300},\"data\":{\"sources\":[{\"path\":\"a.zip\"}]},"
                + "\"train\":{\"steps\":3},\"out\":\"o\"}");
        TrainConfig j = TrainConfigLoader.load(json, List.of());
        assertThat(j.model().resolve(300).headDim()).isEqualTo(16);
        assertThat(j.model().resolve(300).slidingWindow()).isEqualTo(32);
        assertThat(j.out()).isEqualTo(dir.resolve("o"));
        assertThat(j.toJson().get("train").get("steps").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train.steps=0 | train.steps: must be >= 1, got 0",
        "train.lr=fast | train.lr: must be a number, got \"fast\"",
        "train.lr=-1 | train.lr: must be in [4.9E-324, 10], got -1.0",
        "train.min_lr=0.5 | train.min_lr: must be <= train.lr (0.003), got 0.5",
        "train.warmup=200 | train.warmup: must be < train.steps (200), got 200",
        "train.seq_len=65 | train.seq_len: must be <= the model's context (64), got 65",
        "train.batch=2.5 | train.batch: must be a whole number, got 2.5",
        "train.stesp=5 | unknown key 'train.stesp'",
        "model.preset=train-xl | model.preset: unknown preset 'train-xl' (known: train-tiny, train-s, train-m)",
        "model.layers=3 | model.layers: cannot be combined with model.preset",
        "data.sources[0].format=csv | data.sources[0].format: must be text, zip, directory or jsonl, got 'csv'",
        "data.sources[0].include=*.txt | data.sources[0].include: applies to zip and directory sources only",
        "data.sources[0].weight=0 | data.sources[0].weight: must be >= 4.9E-324, got 0.0",
        "data.val_fraction=0.95 | data.val_fraction: must be in [0, 0.9], got 0.95",
        "tokenizer.vocab_size=100 | tokenizer.vocab_size: must be >= 263",
        "export=[f32, q9] | export: unknown type 'q9'",
        "train.keep=0 | train.keep: must be >= 1, got 0",
        "resume=maybe | resume: must be true or false, got \"maybe\"",
    })
    void mistakesNameTheKey(String override, String message) {
        assertThatThrownBy(() -> TrainConfigLoader.load(Recipes.tinyStories(), List.of(override)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message)
                .hasMessageStartingWith(Recipes.tinyStories().toString());
    }

    @Test
    void structuralMistakes() throws Exception {
        assertThatThrownBy(() -> TrainConfigLoader.load(recipe("model: {preset: train-tiny}\ntrain: {steps: 5}\n"),
                List.of())).hasMessageContaining("data.sources: at least one source is required");
        assertThatThrownBy(() -> TrainConfigLoader.load(recipe("data: {sources: [a.txt]}\ntrain: {steps: 5}\n"),
                List.of())).hasMessageContaining("give model.preset");
        assertThatThrownBy(() -> TrainConfigLoader.load(recipe("model: {preset: train-tiny}\ndata: {sources: [a]}\n"),
                List.of())).hasMessageContaining("train.steps: is required");
        assertThatThrownBy(() -> TrainConfigLoader.load(recipe("model: [1, 2"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML/JSON at line");
        assertThatThrownBy(() -> TrainConfigLoader.load(dir.resolve("none.yaml"), List.of()))
                .hasMessage(dir.resolve("none.yaml") + ": file not found");
        assertThatThrownBy(() -> TrainConfigLoader.load(Recipes.tinyStories(), List.of("steps")))
                .hasMessageContaining("must look like key=value");
        assertThatThrownBy(() -> TrainConfigLoader.load(Recipes.tinyStories(), List.of("data.sources[5].path=x")))
                .hasMessageContaining("sources has 1 entries, so index 5 is out of range");
        assertThatThrownBy(() -> TrainConfigLoader.load(Recipes.tinyStories(),
                List.of("data.sources[0].format=zip", "data.sources[0].include=\"{a,b\"")))
                .hasMessageContaining("data.sources[0].include: is not a valid glob");
    }

    @Test
    void theDefaultModelRecipeLoadsWithItsDirectoryAndZipSelections() {
        Path recipe = Recipes.tinyStories().resolveSibling("pollux-mini.yaml");
        TrainConfig c = TrainConfigLoader.load(recipe, List.of("out=" + dir.resolve("mini")));
        assertThat(c.sources()).hasSize(7);
        assertThat(c.sources().get(2).include()).isEqualTo("genesis/english-*.txt");
        var fortunes = c.sources().get(6);
        assertThat(fortunes.path()).isEqualTo(Path.of("/usr/share/games/fortunes"));
        assertThat(fortunes.delimiter()).isEqualTo("\n%\n");
        assertThat(fortunes.install()).isEqualTo("apt-get install fortunes");
        assertThat(c.sources().stream().mapToDouble(s -> s.weight()).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        try (var ctx = org.pollux.tensor.ComputeContext.of(1)) {
            long params = new org.pollux.train.model.TrainableModel(c.model().resolve(c.vocabSize()), 1, ctx)
                    .parameterCount();
            assertThat(params).as("the issue's bound for the default model").isEqualTo(5_577_728L)
                    .isLessThanOrEqualTo(30_000_000L);
        }
        assertThat(c.toJson().get("data").get("sources").get(2).get("include").asText())
                .isEqualTo("genesis/english-*.txt");
    }
}
