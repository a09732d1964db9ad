package org.pollux.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pollux.model.LanguageModel;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pollux logits -m FILE --tokens 2,18,…}: the logits after the last (or every) position, as JSON. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Run token ids through the model and print the logits as a JSON array.")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--tokens", required = true, split = ",", paramLabel = "ID",
            description = "Comma-separated token ids, e.g. 2,18,1000.")
    List<Integer> tokens;

    @Option(names = "--all", description = "Print one array per position (an array of arrays).")
    boolean all;

    @Override
    public Integer call() {
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        if (ids.length == 0) {
            throw new IllegalArgumentException("--tokens needs at least one id");
        }
        try (ComputeContext ctx = ComputeContext.of(modelOptions.threads());
                LanguageModel model = ModelLoader.load(modelOptions.modelPath(), ctx)) {
            float[] logits = model.forward(model.newCache(ids.length), ids, 0, ids.length, all);
            int vocab = model.vocabSize();
            StringBuilder sb = new StringBuilder(logits.length * 12);
            if (all) {
                sb.append('[');
                for (int p = 0; p < ids.length; p++) {
                    if (p > 0) {
                        sb.append(',');
                    }
                    appendArray(sb, logits, p * vocab, vocab);
                }
                sb.append(']');
            } else {
                appendArray(sb, logits, 0, vocab);
            }
            System.out.println(sb);
        }
        return 0;
    }

    private static void appendArray(StringBuilder sb, float[] a, int off, int n) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            float v = a[off + i];
            // JSON has no NaN/Infinity; a model that produces them is reported, not silently printed.
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("logit " + (off + i) + " is " + v);
            }
            sb.append(v);
        }
        sb.append(']');
    }
}
