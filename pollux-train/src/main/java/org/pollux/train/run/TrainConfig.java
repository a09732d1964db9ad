package org.pollux.train.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.pollux.tensor.DType;
import org.pollux.train.data.SourceSpec;

/**
 * A validated training recipe (see docs/training.md for every key). Built by
 * {@link TrainConfigLoader} from YAML or JSON plus {@code key=value} overrides; every value here
 * is resolved (defaults applied, paths absolute).
 *
 * @param model the model's shape
 * @param sources data sources with mixture weights
 * @param valFraction share of documents held out for validation
 * @param vocabSize pieces of the tokenizer to train (ignored with {@code tokenizerFile}, which
 *     then must agree if set)
 * @param tokenizerFile an existing tokenizer (any GGUF with {@code tokenizer.*} keys), or null to train one
 * @param tokenizerSampleBytes characters of text the tokenizer is trained on, at most
 * @param characterCoverage share of sample characters that get their own piece
 * @param gradAccum micro-batches per optimizer step (each of {@code batch} sequences)
 * @param clip max global gradient norm (0 = no clipping)
 * @param evalEvery validation every K steps (and at the end)
 * @param checkpointEvery checkpoint every C steps (and at the end)
 * @param keep checkpoints kept
 * @param out output directory
 * @param export GGUF types written at the end
 * @param resume continue from the newest checkpoint in {@code out}
 */
public record TrainConfig(ModelShape model, List<SourceSpec> sources, double valFraction, int vocabSize,
        Path tokenizerFile, long tokenizerSampleBytes, double characterCoverage, int seqLen, int batch, int gradAccum,
        double lr, double minLr, int warmup, double weightDecay, double clip, int steps, int evalEvery,
        int evalBatches, int checkpointEvery, int keep, int threads, long seed, Path out, List<DType> export,
        boolean resume) {

    /** Keys that may differ between a checkpoint and the run resuming it: they change no number the run computes. */
    public static final Set<String> FREE_ON_RESUME = Set.of("train.threads", "train.eval_every",
            "train.eval_batches", "train.checkpoint_every", "train.keep", "out", "export");

    public TrainConfig {
        sources = List.copyOf(sources);
        export = List.copyOf(export);
    }

    /** Tokens per optimizer step. */
    public long tokensPerStep() {
        return (long) batch * seqLen * gradAccum;
    }

    /** The resolved configuration as JSON (stored in checkpoints and compared on resume). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode m = root.putObject("model");
        if (model.preset() != null) {
            m.put("preset", model.preset());
        }
        m.put("layers", model.layers()).put("d_model", model.dModel()).put("heads", model.heads())
                .put("kv_heads", model.kvHeads()).put("head_dim", model.headDim()).put("ffn", model.ffn())
                .put("context", model.context()).put("window", model.window());
        ObjectNode data = root.putObject("data");
        var arr = data.putArray("sources");
        for (SourceSpec s : sources) {
            ObjectNode src = arr.addObject().put("path", s.path().toString())
                    .put("format", s.format().name().toLowerCase()).put("field", s.field())
                    .put("delimiter", s.delimiter()).put("weight", s.weight());
            // Only when set, so checkpoints written before the key existed still resume.
            if (!s.include().isEmpty()) {
                src.put("include", s.include());
            }
        }
        data.put("val_fraction", valFraction);
        ObjectNode tok = root.putObject("tokenizer");
        tok.put("vocab_size", vocabSize);
        if (tokenizerFile != null) {
            tok.put("file", tokenizerFile.toString());
        }
        tok.put("sample_bytes", tokenizerSampleBytes).put("character_coverage", characterCoverage);
        root.putObject("train").put("seq_len", seqLen).put("batch", batch).put("grad_accum", gradAccum)
                .put("lr", lr).put("min_lr", minLr).put("warmup", warmup).put("weight_decay", weightDecay)
                .put("clip", clip).put("steps", steps).put("eval_every", evalEvery).put("eval_batches", evalBatches)
                .put("checkpoint_every", checkpointEvery).put("keep", keep).put("threads", threads).put("seed", seed);
        root.put("out", out.toString());
        var ex = root.putArray("export");
        export.forEach(t -> ex.add(t.name().toLowerCase()));
        return root;
    }
}
