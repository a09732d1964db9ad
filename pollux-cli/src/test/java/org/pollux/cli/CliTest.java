package org.pollux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands and flags other tools script against, end to end in-process. */
class CliTest {
    @TempDir
    Path tmp;

    @Test
    void runWritesAStoryWithTheBuiltInStoriesModel() {
        CliRunner.Result r = CliRunner.run("run", "-m", "stories260k", "-n", "20", "--temperature", "0", "-t", "1");
        assertThat(r.code()).as(r.err()).isZero();
        // Greedy continuation of the real stories260K weights (the same text llama.cpp produces).
        assertThat(r.out()).startsWith("Once upon a time, there was a little girl named Lily.");
    }

    @Test
    void runWithNoArgumentsUsesTheDefaultPolluxMiniModel() {
        CliRunner.Result r = CliRunner.run("run", "-n", "20", "--temperature", "0", "-t", "1");
        assertThat(r.code()).as(r.err()).isZero();
        // Greedy continuation recorded from our engine on the shipped pollux-mini q8_0 weights
        // (trained by recipes/pollux-mini.yaml; see docs/default-model.md).
        assertThat(r.out()).startsWith("Once upon a time there was a little girl named Lily.");
    }

    @Test
    void sameSeedSameStory() {
        String a = CliRunner.run("run", "-n", "30", "--seed", "7", "-p", "The dog").out();
        String b = CliRunner.run("run", "-n", "30", "--seed", "7", "-p", "The dog").out();
        assertThat(a).isEqualTo(b).startsWith("The dog");
    }

    @Test
    void tokenizePrintsOneJsonArray() {
        CliRunner.Result r = CliRunner.run("tokenize", "-t", CliRunner.shared("tokenizer/gemma3/tokenizer.json"), "Hello world");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("[9259,1902]");
        CliRunner.Result bos = CliRunner.run("tokenize", "--bos", "-t", CliRunner.shared("tokenizer/gemma3/tokenizer.json"),
                "Hello world");
        assertThat(bos.out().strip()).isEqualTo("[2,9259,1902]");
    }

    @Test
    void logitsMatchTheFixtureForTheLastPositionAndAll() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(Path.of(CliRunner.shared("gguf/tiny-gemma3-f32.logits.json")).toFile());
        String tokens = "2,322,134";
        CliRunner.Result r = CliRunner.run("logits", "-m", CliRunner.shared("gguf/tiny-gemma3-f32.gguf"), "--tokens", tokens);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode last = new ObjectMapper().readTree(r.out());
        assertThat(last.size()).isEqualTo(512);
        assertThat(last.get(0).asDouble()).isCloseTo(ref.get("logits").get(2).get(0).asDouble(),
                org.assertj.core.data.Offset.offset(1e-3));
        CliRunner.Result all = CliRunner.run("logits", "-m", CliRunner.shared("gguf/tiny-gemma3-f32.gguf"), "--tokens", tokens,
                "--all");
        assertThat(new ObjectMapper().readTree(all.out()).size()).isEqualTo(3);
    }

    @Test
    void inspectShowsMetadataAndTensors() {
        CliRunner.Result r = CliRunner.run("inspect", CliRunner.shared("gguf/tiny-gemma3-f32.gguf"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("general.architecture").contains("token_embd.weight");
    }

    @Test
    void convertThenRunTheResult() {
        Path out = tmp.resolve("s.gguf");
        CliRunner.Result r = CliRunner.run("convert", "--from", "llama2c", CliRunner.shared("llama2c/stories260K.bin"),
                "--tokenizer", CliRunner.shared("llama2c/tok512.bin"), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(CliRunner.run("run", "-m", out.toString(), "-n", "5", "--temperature", "0").out())
                .startsWith("Once upon a time, there");
    }

    @Test
    void badFilesGiveOneLineErrorsNotStackTraces() throws Exception {
        Path bad = tmp.resolve("bad.gguf");
        Files.write(bad, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        CliRunner.Result r = CliRunner.run("run", "-m", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("pollux: ").contains("bad.gguf").doesNotContain("\tat ");
        CliRunner.Result missing = CliRunner.run("inspect", tmp.resolve("nope.gguf").toString());
        assertThat(missing.err()).contains("file not found");
        CliRunner.Result vocabOnly = CliRunner.run("run", "-m", CliRunner.shared("tokenizer/gpt-2/ggml-vocab-gpt-2.gguf"));
        assertThat(vocabOnly.err()).contains("vocabulary-only");
    }

    @Test
    void benchPrintsATable() {
        CliRunner.Result r = CliRunner.run("bench", "-p", "8", "-n", "4", "-r", "2", "-t", "1", "--bandwidth-mib", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| pp8 |").contains("| tg4 |").contains("generation limit");
    }
}
