package org.pollux.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.model.LoadedModel;
import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;
import org.pollux.train.Corpus;

/**
 * The trained tokenizer against the engine: the GGUF metadata loads as a SentencePiece BPE
 * tokenizer whose encoding equals the trainer's own rank-order merge application, and every
 * text round-trips.
 */
class BpeTrainerTest {
    static List<String> paragraphs;
    static TrainedTokenizer trained;
    static Tokenizer engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        paragraphs = Corpus.tinyStoriesParagraphs();
        trained = BpeTrainer.train(paragraphs.subList(0, paragraphs.size() / 2), 1024, 0.9995);
        engine = trained.load();
    }

    @Test
    void layoutIsGemmas() {
        assertThat(trained.vocabSize()).isEqualTo(1024);
        assertThat(trained.pieces().subList(0, 6))
                .containsExactly("<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>");
        assertThat(trained.pieces().get(BpeTrainer.FIRST_BYTE + 0x41)).isEqualTo("<0x41>");
        assertThat(trained.pieces().get(BpeTrainer.FIRST_CHAR)).isEqualTo("▁");
        assertThat(trained.mergeCount()).isGreaterThan(600);
        assertThat(engine.bosId()).isEqualTo(2);
        assertThat(engine.eosId()).isEqualTo(1);
        assertThat(engine.isControl(4)).isTrue();
    }

    @Test
    void engineEncodingEqualsTheTrainersOwnMergesOnCorpusText() {
        // Held-out half of the corpus and the training half alike.
        int mismatches = 0;
        for (String p : paragraphs) {
            int[] want = trained.encode(p);
            int[] got = engine.encode(p, false, false);
            if (!java.util.Arrays.equals(want, got)) {
                mismatches++;
            }
        }
        assertThat(mismatches).isZero();
        String shakespeare = "ROMEO:\nBut, soft! what light through yonder window breaks? 1599 <0x41> <bos>";
        assertThat(engine.encode(shakespeare, false, false)).isEqualTo(trained.encode(shakespeare));
    }

    @Test
    void mergesCompressText() {
        String p = paragraphs.get(paragraphs.size() - 1);
        assertThat(engine.encode(p, false, false).length).isLessThan(p.length() * 2 / 5); // about 2.8 characters per token at 1024 pieces
    }

    @Test
    void trainingIsDeterministic() {
        TrainedTokenizer again = BpeTrainer.train(paragraphs.subList(0, paragraphs.size() / 2), 1024, 0.9995);
        assertThat(again.pieces()).isEqualTo(trained.pieces());
        assertThat(again.hash()).isEqualTo(trained.hash());
        TrainedTokenizer other = BpeTrainer.train(paragraphs.subList(0, 100), 1024, 0.9995);
        assertThat(other.hash()).isNotEqualTo(trained.hash());
    }

    @Test
    void smallSamplesArePaddedWithUnusedPieces() {
        TrainedTokenizer t = BpeTrainer.train(List.of("aaa bbb aaa"), 300, 1.0);
        assertThat(t.vocabSize()).isEqualTo(300);
        assertThat(t.unusedCount()).isPositive();
        Tokenizer e = t.load();
        assertThat(e.decode(e.encode("aaa bbb ccc é", false, false))).isEqualTo("aaa bbb ccc é");
    }

    @Test
    void badSizesAndEmptySamplesAreRejected() {
        assertThatThrownBy(() -> BpeTrainer.train(List.of("x"), 200, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocabulary size 200 is too small");
        assertThatThrownBy(() -> BpeTrainer.train(List.of(), 512, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample text is empty");
    }

    @Test
    void fileRoundTripKeepsTheHashAndTheChatTemplateIsGemmas() {
        Path file = dir.resolve("tok.gguf");
        TokenizerFiles.write(trained.ggufMetadata(), "test", file);
        TokenizerFiles.Loaded back = TokenizerFiles.read(file);
        assertThat(back.hash()).isEqualTo(trained.hash());
        Tokenizer t = Tokenizers.load(file);
        assertThat(t.encode("Once upon a time", true, false)).isEqualTo(engine.encode("Once upon a time", true, false));
        assertThat(ChatTemplate.detect(new org.pollux.gguf.GgufMetadata(file, back.metadata()), t))
                .isEqualTo(ChatTemplate.GEMMA);
    }

    @Property(tries = 300, seed = "20261122")
    void anyTextRoundTrips(@ForAll("text") String text) {
        int[] ids = engine.encode(text, false, false);
        assertThat(engine.decode(ids)).isEqualTo(text);
        assertThat(ids).isEqualTo(trained.encode(text));
    }

    @Provide
    Arbitrary<String> text() {
        // U+2581 is excluded: SentencePiece reads it as a space, in Gemma's tokenizer as here.
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.strings().withChars(" \n\tabcdefghijklmnopqrstuvwxyz.,'\"<>0123456789").ofMaxLength(80),
                Arbitraries.strings().withCharRange('\u00a0', '\u024f').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u4e00', '\u4fff').ofMaxLength(20),
                Arbitraries.integers().between(0x1F300, 0x1FAFF).list().ofMaxSize(6)
                        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size())),
                Arbitraries.of(paragraphs).map(p -> p.substring(0, Math.min(p.length(), 200))));
    }
}
