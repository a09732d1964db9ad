package org.pollux.train.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pollux.train.data.DocumentReader;
import org.pollux.train.data.SourceSpec;
import org.pollux.train.tokenizer.BpeTrainer;
import org.pollux.train.tokenizer.TokenizerFiles;
import org.pollux.train.tokenizer.TrainedTokenizer;

/**
 * The run's tokenizer, always kept as {@code tokenizer.gguf} in the output directory: on resume
 * that file; otherwise the recipe's {@code tokenizer.file}, or one trained on a sample of the
 * corpus (each source contributes its mixture share of {@code tokenizer.sample_bytes}
 * characters, from its first documents).
 */
final class TokenizerSetup {
    static final String FILE = "tokenizer.gguf";

    private TokenizerSetup() {}

    static TokenizerFiles.Loaded obtain(TrainConfig c, boolean resume, ProgressSink sink) {
        Path file = c.out().resolve(FILE);
        if (resume) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file + ": missing; the run to resume has no tokenizer");
            }
            return TokenizerFiles.read(file);
        }
        if (c.tokenizerFile() != null) {
            TokenizerFiles.Loaded given = TokenizerFiles.read(c.tokenizerFile());
            TokenizerFiles.write(given.metadata(), "tokenizer", file);
            sink.message("tokenizer: " + c.tokenizerFile() + " (" + given.tokenizer().vocabSize() + " pieces)");
            return given;
        }
        long start = System.nanoTime();
        List<String> sample = sample(c);
        TrainedTokenizer t = BpeTrainer.train(sample, c.vocabSize(), c.characterCoverage());
        TokenizerFiles.write(t.ggufMetadata(), "tokenizer", file);
        long chars = sample.stream().mapToLong(String::length).sum();
        sink.message(String.format("tokenizer: trained %d pieces (%d merges, %d characters) on %,d characters in %.1f s",
                t.vocabSize(), t.mergeCount(), t.characterCount(), chars, (System.nanoTime() - start) / 1e9));
        return TokenizerFiles.read(file);
    }

    private static List<String> sample(TrainConfig c) {
        double total = c.sources().stream().mapToDouble(SourceSpec::weight).sum();
        List<String> out = new ArrayList<>();
        for (SourceSpec s : c.sources()) {
            long budget = Math.max(1, Math.round(c.tokenizerSampleBytes() * s.weight() / total));
            long[] used = {0};
            DocumentReader.forEach(s, doc -> {
                if (used[0] < budget) {
                    String d = doc.length() > budget - used[0] ? doc.substring(0, (int) (budget - used[0])) : doc;
                    out.add(d);
                    used[0] += d.length();
                }
            });
        }
        return out;
    }
}
