package org.pollux.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.train.Corpus;
import org.pollux.train.tokenizer.BpeTrainer;
import org.pollux.train.tokenizer.TrainedTokenizer;

/** Sources, shards, the split, shuffling and resumable batches. */
class TrainingDataTest {
    static TrainedTokenizer trained;
    static Tokenizer tok;

    @TempDir
    Path dir;

    @BeforeAll
    static void tokenizer() {
        trained = BpeTrainer.train(Corpus.tinyStoriesParagraphs().subList(0, 200), 400, 0.9995);
        tok = trained.load();
    }

    private TrainingData open(List<SourceSpec> sources, long seed) {
        return TrainingData.open(sources, tok, trained.hash(), dir.resolve("shards"), seed, 0.1);
    }

    @Test
    void shardHoldsEveryDocumentBetweenBosAndEos() throws IOException {
        Path f = dir.resolve("docs.txt");
        Files.writeString(f, "first doc\n\nsecond  doc\nline two\n\n\n\nthird é");
        SourceSpec s = SourceSpec.of(f);
        List<String> docs = DocumentReader.readAll(s);
        assertThat(docs).containsExactly("first doc", "second  doc\nline two", "third é");
        try (TokenShard shard = TokenShard.openOrBuild(s, tok, trained.hash(), dir)) {
            assertThat(shard.reused()).isFalse();
            assertThat(shard.documentCount()).isEqualTo(3);
            for (int d = 0; d < 3; d++) {
                int[] ids = new int[shard.documentLength(d)];
                shard.read(shard.documentStart(d), ids, 0, ids.length);
                assertThat(ids[0]).isEqualTo(tok.bosId());
                assertThat(ids[ids.length - 1]).isEqualTo(tok.eosId());
                assertThat(tok.decode(ids)).isEqualTo(docs.get(d));
                assertThat(Arrays.copyOfRange(ids, 1, ids.length - 1)).isEqualTo(tok.encode(docs.get(d), false, false));
            }
        }
        try (TokenShard again = TokenShard.openOrBuild(s, tok, trained.hash(), dir)) {
            assertThat(again.reused()).as("same tokenizer and source: no retokenizing").isTrue();
        }
        TrainedTokenizer other = BpeTrainer.train(List.of("other text entirely"), 300, 1.0);
        try (TokenShard rebuilt = TokenShard.openOrBuild(s, other.load(), other.hash(), dir)) {
            assertThat(rebuilt.reused()).as("another tokenizer: rebuilt").isFalse();
        }
        Files.writeString(f, "changed");
        try (TokenShard rebuilt = TokenShard.openOrBuild(s, tok, trained.hash(), dir)) {
            assertThat(rebuilt.reused()).as("changed source: rebuilt").isFalse();
            assertThat(rebuilt.documentCount()).isEqualTo(1);
        }
    }

    @Test
    void zipAndJsonlSourcesAreRead() throws IOException {
        Path zip = dir.resolve("c.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"b.txt", "a.txt"}) {
                z.putNextEntry(new ZipEntry("dir/" + name));
                z.write(("text of " + name).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        assertThat(DocumentReader.readAll(SourceSpec.of(zip))).containsExactly("text of a.txt", "text of b.txt");
        Path jsonl = dir.resolve("c.jsonl");
        Files.writeString(jsonl, "{\"text\":\"one\",\"x\":1}\n\n{\"text\":\"two\\nlines\"}\n");
        assertThat(DocumentReader.readAll(SourceSpec.of(jsonl))).containsExactly("one", "two\nlines");
        Files.writeString(jsonl, "{\"text\":\"one\"}\n{\"body\":\"two\"}\n");
        assertThatThrownBy(() -> DocumentReader.readAll(SourceSpec.of(jsonl)))
                .isInstanceOf(DataException.class).hasMessage(jsonl + ":2: no string field 'text'");
        Files.writeString(jsonl, "{\"text\": oops}\n");
        assertThatThrownBy(() -> DocumentReader.readAll(SourceSpec.of(jsonl)))
                .isInstanceOf(DataException.class).hasMessageStartingWith(jsonl + ":1: malformed JSON");
    }

    @Test
    void directoriesAndIncludeGlobsPickTheirFilesInPathOrder() throws IOException {
        Path fortunes = dir.resolve("fortunes");
        Files.createDirectories(fortunes.resolve("sub"));
        Files.writeString(fortunes.resolve("b"), "one\n%\ntwo\n");
        Files.writeString(fortunes.resolve("a"), "zero");
        Files.write(fortunes.resolve("a.dat"), new byte[] {0, 1, (byte) 0xff});
        Files.writeString(fortunes.resolve("sub/c"), "three");
        SourceSpec all = new SourceSpec(fortunes, SourceSpec.Format.infer(fortunes),
                "text", "\n%\n", 1, "", "");
        assertThat(all.format()).isEqualTo(SourceSpec.Format.DIRECTORY);
        assertThat(DocumentReader.readAll(all)).hasSize(5).startsWith("zero").contains("\u0000\u0001\ufffd");
        assertThat(DocumentReader.readAll(all.withInclude("{a,b,sub/*}"))).containsExactly("zero", "one", "two",
                "three");
        assertThatThrownBy(() -> DocumentReader.readAll(all.withInclude("x*"))).isInstanceOf(DataException.class)
                .hasMessage(all.path() + ": no files match include 'x*'");

        byte[] before = TokenShard.fingerprint(all.withInclude("{a,b}"));
        assertThat(TokenShard.fingerprint(all.withInclude("{a,b}"))).isEqualTo(before);
        assertThat(TokenShard.fingerprint(all.withInclude("{a,b,sub/*}"))).isNotEqualTo(before);
        Files.writeString(fortunes.resolve("b"), "one\n%\ntwo, changed\n");
        assertThat(TokenShard.fingerprint(all.withInclude("{a,b}"))).as("a file changed").isNotEqualTo(before);

        Path zip = dir.resolve("books.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"books/english-kjv.txt", "books/french.txt", "books/english-web.txt"}) {
                z.putNextEntry(new ZipEntry(name));
                z.write(name.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        assertThat(DocumentReader.readAll(SourceSpec.of(zip).withInclude("books/english-*.txt")))
                .containsExactly("books/english-kjv.txt", "books/english-web.txt");
    }

    @Test
    void aMissingSourceSaysHowToInstallItWhenTheRecipeDoes() {
        Path missing = dir.resolve("games/fortunes");
        SourceSpec s = new SourceSpec(missing, SourceSpec.Format.DIRECTORY, "text", "\n%\n", 1, "",
                "apt-get install fortunes");
        assertThatThrownBy(() -> DocumentReader.readAll(s)).isInstanceOf(DataException.class)
                .hasMessage(missing + ": file not found (install it with: apt-get install fortunes)");
        assertThatThrownBy(() -> TokenShard.fingerprint(s)).isInstanceOf(DataException.class)
                .hasMessage(missing + ": file not found (install it with: apt-get install fortunes)");
    }

    @Test
    void realZipCorpusReads() {
        List<String> docs = DocumentReader.readAll(SourceSpec.of(Corpus.dir().resolve("inaugural.zip")));
        assertThat(docs.size()).isGreaterThan(100);
        assertThat(String.join(" ", docs)).contains("Fellow-Citizens of the Senate");
    }

    @Test
    void emptyCorpusIsAPreciseError() throws IOException {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n   \n");
        assertThatThrownBy(() -> open(List.of(SourceSpec.of(empty)), 1))
                .isInstanceOf(DataException.class).hasMessage(empty + ": no documents (the source is empty or blank)");
        assertThatThrownBy(() -> open(List.of(), 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("no data sources");
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> open(List.of(SourceSpec.of(missing)), 1)).isInstanceOf(DataException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        SourceSpec s = SourceSpec.of(Corpus.tinyStories());
        try (TrainingData a = open(List.of(s), 5); TrainingData b = open(List.of(s), 6)) {
            int n = a.shards().get(0).documentCount();
            Set<Integer> train = new HashSet<>();
            Arrays.stream(a.trainDocuments(0)).forEach(train::add);
            Set<Integer> val = new HashSet<>();
            Arrays.stream(a.validationDocuments(0)).forEach(val::add);
            assertThat(train).doesNotContainAnyElementsOf(val);
            assertThat(train.size() + val.size()).isEqualTo(n);
            assertThat((double) val.size() / n).isBetween(0.05, 0.15);
            assertThat(b.validationDocuments(0)).isNotEqualTo(a.validationDocuments(0));
        }
    }

    @Test
    void batchesAreDeterministicShiftedAndResumable() {
        List<SourceSpec> sources = List.of(SourceSpec.of(Corpus.tinyStories()),
                SourceSpec.of(Corpus.dir().resolve("inaugural.zip")).withWeight(0.5));
        try (TrainingData d = open(sources, 9)) {
            BatchIterator it = d.trainBatches(4, 16, DataCursor.start(2));
            List<Batch> first = new ArrayList<>();
            DataCursor mid = null;
            for (int i = 0; i < 40; i++) {
                if (i == 17) {
                    mid = it.cursor();
                }
                first.add(it.next());
            }
            for (Batch b : first) {
                // Targets are the inputs shifted by one within a row.
                for (int r = 0; r < 4; r++) {
                    assertThat(Arrays.copyOfRange(b.targets(), r * 16, r * 16 + 15))
                            .isEqualTo(Arrays.copyOfRange(b.tokens(), r * 16 + 1, r * 16 + 16));
                }
            }
            BatchIterator same = d.trainBatches(4, 16, DataCursor.start(2));
            BatchIterator resumed = d.trainBatches(4, 16, mid);
            for (int i = 0; i < 40; i++) {
                Batch b = same.next();
                assertThat(b.tokens()).isEqualTo(first.get(i).tokens());
                if (i >= 17) {
                    assertThat(resumed.next().tokens()).as("batch %d after resume", i).isEqualTo(first.get(i).tokens());
                }
            }
            long[] pos = it.cursor().positions();
            assertThat(pos[0]).as("the heavier source gives about twice the sequences").isGreaterThan(pos[1]);
            try (TrainingData other = open(sources, 10)) {
                assertThat(other.trainBatches(4, 16, DataCursor.start(2)).next().tokens())
                        .isNotEqualTo(first.get(0).tokens());
            }
            List<Batch> v1 = d.validationBatches(3, 2, 16);
            List<Batch> v2 = d.validationBatches(3, 2, 16);
            for (int i = 0; i < 3; i++) {
                assertThat(v1.get(i).tokens()).isEqualTo(v2.get(i).tokens());
            }
        }
    }

    @Test
    void epochsReshuffleAndCoverEveryTrainingToken() {
        SourceSpec s = SourceSpec.of(Corpus.tinyStories());
        try (TrainingData d = open(List.of(s), 3)) {
            long epoch = d.trainTokens();
            int seqLen = 32;
            int rows = (int) (epoch / seqLen);
            BatchIterator it = d.trainBatches(1, seqLen, DataCursor.start(1));
            long[] counts = new long[tok.vocabSize()];
            for (int i = 0; i < rows; i++) {
                for (int t : it.next().tokens()) {
                    counts[t]++;
                }
            }
            long[] want = new long[tok.vocabSize()];
            TokenShard shard = d.shards().get(0);
            for (int doc : d.trainDocuments(0)) {
                for (int k = 0; k < shard.documentLength(doc); k++) {
                    want[shard.token(shard.documentStart(doc) + k)]++;
                }
            }
            long diff = 0;
            for (int i = 0; i < want.length; i++) {
                diff += Math.abs(want[i] - counts[i]);
            }
            assertThat(diff).as("one epoch reads each training token once (up to the last partial row)")
                    .isLessThanOrEqualTo(seqLen);
            // The second epoch starts with a different document order.
            BatchIterator atEpoch2 = d.trainBatches(1, seqLen, new DataCursor(0, new long[] {epoch}));
            assertThat(atEpoch2.next().tokens()).isNotEqualTo(d.trainBatches(1, seqLen, DataCursor.start(1)).next().tokens());
        }
    }

}
