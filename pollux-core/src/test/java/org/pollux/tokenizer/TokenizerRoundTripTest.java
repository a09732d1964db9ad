package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pollux.SharedFixtures;
import org.pollux.generate.Utf8Streamer;

/** decode(encode(x)) == x on random Unicode; the streamer agrees with decode; corrupt files give typed errors. */
class TokenizerRoundTripTest {
    private static Tokenizer gpt2;
    private static Tokenizer spmModel;

    private static synchronized Tokenizer gpt2() {
        if (gpt2 == null) {
            gpt2 = Tokenizers.load(SharedFixtures.fixture("tokenizer/gpt-2/ggml-vocab-gpt-2.gguf"));
        }
        return gpt2;
    }

    private static synchronized Tokenizer spmModel() {
        if (spmModel == null) {
            spmModel = Tokenizers.load(SharedFixtures.fixture("tokenizer/llama-spm/llama2-tokenizer.model"));
        }
        return spmModel;
    }

    @Provide
    Arbitrary<String> text() {
        // Mix ASCII, accented Latin, CJK, emoji (surrogate pairs), whitespace and control characters.
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~'),
                Arbitraries.strings().withCharRange('\u00a0', '\u024f'),
                Arbitraries.strings().withCharRange('\u4e00', '\u4fff'),
                Arbitraries.strings().withChars(" \n\t\r"),
                Arbitraries.integers().between(0x1F300, 0x1FAFF).list().ofMaxSize(6)
                        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size())))
                .list().ofMaxSize(5).map(parts -> String.join("", parts));
    }

    @Property(tries = 200, seed = "20261122")
    void gemma3RoundTrips(@ForAll("text") String s) {
        Tokenizer t = SharedTokenizers.gemma3();
        assertThat(t.decode(t.encode(s, false, false))).isEqualTo(s);
    }

    @Property(tries = 200, seed = "20261122")
    void llamaSpmRoundTrips(@ForAll("text") String s) {
        Tokenizer t = spmModel();
        assertThat(t.decode(t.encode(s, true, false))).isEqualTo(s);
    }

    @Property(tries = 200, seed = "20261122")
    void gpt2RoundTrips(@ForAll("text") String s) {
        Tokenizer t = gpt2();
        assertThat(t.decode(t.encode(s, false, false))).isEqualTo(s);
    }

    @Property(tries = 100, seed = "20261122")
    void streamingNeverSplitsCharactersAndMatchesDecode(@ForAll("text") String s) {
        Tokenizer t = SharedTokenizers.gemma3();
        int[] ids = t.encode(s, false, false);
        Utf8Streamer streamer = new Utf8Streamer(t);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String piece = streamer.push(id);
            assertThat(piece).doesNotContain("\uFFFD");
            sb.append(piece);
        }
        sb.append(streamer.flush());
        assertThat(sb.toString()).isEqualTo(t.decode(ids));
    }

    @Property(tries = 300, seed = "20261122")
    void corruptSentencePieceModelsFailWithTypedErrors(@ForAll @Size(max = 64) List<Byte> noise,
            @ForAll("offsets") int cut) throws Exception {
        byte[] real = Files.readAllBytes(SharedFixtures.fixture("tokenizer/llama-spm/llama2-tokenizer.model"));
        byte[] bad = java.util.Arrays.copyOf(real, Math.min(real.length, cut));
        for (int i = 0; i < noise.size() && i < bad.length; i++) {
            bad[(int) ((long) i * 7919 % bad.length)] ^= noise.get(i);
        }
        try {
            SentencePieceModelReader.read("fuzz.model", bad);
        } catch (TokenizerException expected) {
            // the only acceptable failure
        }
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 600_000);
    }

    @Property(tries = 200, seed = "20261122")
    void malformedTokenizerJsonFailsWithTypedErrors(@ForAll @Size(max = 200) String junk) {
        List<String> docs = new ArrayList<>(List.of("{" + junk, "{\"model\":{\"type\":\"BPE\",\"vocab\":" + junk + "}}",
                "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[" + junk + "]}}"));
        for (String d : docs) {
            try {
                Tokenizers.fromHuggingFaceJson(d.getBytes(java.nio.charset.StandardCharsets.UTF_8), "fuzz.json");
            } catch (TokenizerException expected) {
                // fine
            }
        }
    }

    @org.junit.jupiter.api.Test
    void unsupportedAndMissingFilesAreNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> Tokenizers.load(tmp.resolve("nope.json"))).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("file not found");
        Path unigram = tmp.resolve("x.json");
        Files.writeString(unigram, "{\"model\":{\"type\":\"Unigram\"}}");
        assertThatThrownBy(() -> Tokenizers.load(unigram)).hasMessageContaining("only BPE is supported");
        assertThatThrownBy(() -> Tokenizers.load(SharedFixtures.fixture("gguf/tiny-gemma3-f32.gguf").getParent()
                .resolve("tiny-gemma3-f32.logits.json"))).isInstanceOf(TokenizerException.class);
    }
}
