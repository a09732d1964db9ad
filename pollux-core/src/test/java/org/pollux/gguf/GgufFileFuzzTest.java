package org.pollux.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.pollux.SharedFixtures;

/**
 * Random byte mutations of a valid file: the reader must either accept the file (and then every
 * tensor view must be readable) or throw a {@link GgufException}; never another exception, a hang
 * or an out-of-memory error. Mutations favour the header, where the interesting structure lives.
 */
class GgufFileFuzzTest {
    private static Path dir;
    private static byte[] valid;
    private static int headerEnd;
    private static byte[] vocab;

    record Mutation(int position, byte value) {}

    @BeforeContainer
    static void createValidFile() throws IOException {
        dir = Files.createTempDirectory("gguf-fuzz");
        valid = GgufTestFiles.small(dir);
        Path p = dir.resolve("valid.gguf");
        Files.write(p, valid);
        try (GgufFile f = GgufFile.open(p)) {
            headerEnd = (int) f.dataStart();
        }
        vocab = Files.readAllBytes(SharedFixtures.fixture("tokenizer/llama-spm/ggml-vocab-llama-spm.gguf"));
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> position = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, headerEnd - 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, valid.length - 1)));
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) 0, (byte) 0xFF, (byte) 0x7F, (byte) 0x80, (byte) 1, (byte) 9, (byte) 64));
        return Combinators.combine(position, value).as(Mutation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 300, seed = "20261122")
    void mutatedFilesFailOnlyWithGgufException(@ForAll("mutations") List<Mutation> mutations) throws IOException {
        openMutated(valid, mutations);
    }

    /** A real llama.cpp vocabulary file (32000 strings, scores, types); mutations land in its first 4 KiB. */
    @Provide
    Arbitrary<List<Mutation>> vocabMutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 4095), Arbitraries.bytes()).as(Mutation::new)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 60, seed = "20261122")
    void mutatedVocabularyFailsOnlyWithGgufException(@ForAll("vocabMutations") List<Mutation> mutations)
            throws IOException {
        openMutated(vocab, mutations);
    }

    private static void openMutated(byte[] original, List<Mutation> mutations) throws IOException {
        byte[] bytes = original.clone();
        for (Mutation m : mutations) {
            bytes[m.position()] = m.value();
        }
        Path p = dir.resolve("mutated.gguf");
        Files.write(p, bytes);
        try {
            GgufTestFiles.openAndTouch(p);
        } catch (GgufException expected) {
            // a precise rejection is the other acceptable outcome
        }
    }
}
