package org.pollux.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pollux.model.ModelConfig;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import org.pollux.train.autograd.CrossEntropy;
import org.pollux.train.checkpoint.CheckpointException;
import org.pollux.train.checkpoint.Checkpoints;
import org.pollux.train.checkpoint.ConfigMatch;
import org.pollux.train.checkpoint.TrainingState;
import org.pollux.train.data.Batch;
import org.pollux.train.data.BatchIterator;
import org.pollux.train.data.DataCursor;
import org.pollux.train.data.TrainingData;
import org.pollux.train.model.GgufExport;
import org.pollux.train.model.TrainableModel;
import org.pollux.train.optim.AdamW;
import org.pollux.train.optim.GradientClipping;
import org.pollux.train.optim.LrSchedule;
import org.pollux.train.tokenizer.TokenizerFiles;

/**
 * {@code pollux train}: tokenizer, data, model and optimizer from a {@link TrainConfig}, then the
 * loop: per step {@code grad_accum} micro-batches (gradient scale 1/k, so the step sees the mean
 * gradient), global-norm clipping, AdamW at the scheduled learning rate; validation every
 * {@code eval_every} steps (metrics log and loss curve), a checkpoint every
 * {@code checkpoint_every}; at the end a last validation and checkpoint, GGUF exports with the
 * run's tokenizer, and a summary.
 *
 * <p>Outputs in {@code out}: {@code tokenizer.gguf}, {@code data/} (token shards),
 * {@code checkpoints/step-N/}, {@code metrics.jsonl}, {@code loss.png}, {@code model-<type>.gguf},
 * {@code summary.json}.
 *
 * <p>Determinism: with the same recipe a run computes the same numbers on any thread count, and
 * a resumed run continues bit-identically: the state that changes from step to step (weights,
 * moments, optimizer step, data cursor) is all in the checkpoint, and every random choice is a
 * function of the seed and the cursor.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Trainer() {}

    /** Runs (or, with {@code config.resume()}, continues) the training the config describes. */
    public static TrainingSummary run(TrainConfig c, ProgressSink sink) {
        long sessionStart = System.nanoTime();
        try {
            Files.createDirectories(c.out());
        } catch (IOException e) {
            throw new UncheckedIOException(c.out() + ": cannot create the output directory: " + e.getMessage(), e);
        }
        Checkpoints ckpts = new Checkpoints(c.out().resolve("checkpoints"), c.keep());
        Path resumeDir = null;
        TrainingState saved = null;
        if (c.resume()) {
            resumeDir = ckpts.latest().orElseThrow(() -> new CheckpointException(ckpts.root(),
                    "no checkpoint to resume from"));
            saved = Checkpoints.readState(resumeDir);
            ConfigMatch.check(resumeDir.resolve(Checkpoints.STATE_FILE), saved.config(), c.toJson(),
                    TrainConfig.FREE_ON_RESUME);
        } else if (!ckpts.list().isEmpty()) {
            throw new ConfigException(c.out() + " already holds checkpoints (newest " + ckpts.latest().orElseThrow()
                    .getFileName() + "); resume with --resume, or choose another output directory");
        }
        TokenizerFiles.Loaded tok = TokenizerSetup.obtain(c, c.resume(), sink);
        if (saved != null && !saved.tokenizerHash().equals(tok.hash())) {
            throw new CheckpointException(resumeDir.resolve(Checkpoints.STATE_FILE), "field 'tokenizer_hash' ("
                    + saved.tokenizerHash() + ") does not match " + c.out().resolve(TokenizerSetup.FILE) + " ("
                    + tok.hash() + ")");
        }
        ModelConfig mc = c.model().resolve(tok.tokenizer().vocabSize());
        try (ComputeContext ctx = ComputeContext.of(c.threads());
                TrainingData data = TrainingData.open(c.sources(), tok.tokenizer(), tok.hash(), c.out().resolve("data"),
                        c.seed(), c.valFraction())) {
            TrainableModel model = new TrainableModel(mc, c.seed(), ctx);
            AdamW opt = new AdamW(model.parameters(), 0.9f, 0.95f, 1e-8f, (float) c.weightDecay(), ctx);
            long start = 0;
            DataCursor cursor = DataCursor.start(c.sources().size());
            if (resumeDir != null) {
                TrainingState s = Checkpoints.load(resumeDir, model, opt);
                if (s.cursor().positions().length != c.sources().size()) {
                    throw new CheckpointException(resumeDir.resolve(Checkpoints.STATE_FILE), "field "
                            + "'data_cursor.positions' has " + s.cursor().positions().length + " entries for "
                            + c.sources().size() + " sources");
                }
                start = s.step();
                cursor = s.cursor();
                sink.message("resumed from " + resumeDir + " at step " + start);
            }
            sink.message(String.format("model: %s, %,d parameters, vocabulary %d; %,d training tokens",
                    c.model().preset() != null ? c.model().preset() : "custom", model.parameterCount(),
                    mc.vocabSize(), data.trainTokens()));
            return new Loop(c, sink, ctx, data, model, opt, ckpts, tok, start, cursor, sessionStart).run();
        }
    }

    /** The state of one session of the loop. */
    private static final class Loop {
        private final TrainConfig c;
        private final ProgressSink sink;
        private final ComputeContext ctx;
        private final TrainableModel model;
        private final AdamW opt;
        private final Checkpoints ckpts;
        private final TokenizerFiles.Loaded tok;
        private final long start;
        private final long sessionStart;
        private final BatchIterator batches;
        private final List<Batch> validation;
        private final LrSchedule schedule;

        Loop(TrainConfig c, ProgressSink sink, ComputeContext ctx, TrainingData data, TrainableModel model, AdamW opt,
                Checkpoints ckpts, TokenizerFiles.Loaded tok, long start, DataCursor cursor, long sessionStart) {
            this.c = c;
            this.sink = sink;
            this.ctx = ctx;
            this.model = model;
            this.opt = opt;
            this.ckpts = ckpts;
            this.tok = tok;
            this.start = start;
            this.sessionStart = sessionStart;
            this.batches = data.trainBatches(c.batch(), c.seqLen(), cursor);
            this.validation = c.valFraction() > 0 ? data.validationBatches(c.evalBatches(), c.batch(), c.seqLen())
                    : List.of();
            this.schedule = new LrSchedule(c.lr(), c.minLr(), c.warmup(), c.steps());
        }

        TrainingSummary run() {
            Path plot = c.out().resolve("loss.png");
            double lastLoss = Double.NaN;
            double lastVal = Double.NaN;
            long lastCheckpoint = start;
            long lastEval = -1;
            long trainNanos = 0;
            long sessionTokens = 0;
            try (MetricsLog log = new MetricsLog(c.out().resolve("metrics.jsonl"), start)) {
                if (!log.trainLoss().isEmpty()) {
                    lastLoss = log.trainLoss().get(log.trainLoss().size() - 1).value();
                }
                sink.started(start, c.steps());
                for (long step = start; step < c.steps(); step++) {
                    long t0 = System.nanoTime();
                    double lr = schedule.at(step);
                    model.zeroGrad();
                    double loss = 0;
                    for (int k = 0; k < c.gradAccum(); k++) {
                        Batch b = batches.next();
                        loss += model.forwardBackward(b.tokens(), b.targets(), b.batch(), b.seqLen(),
                                1f / c.gradAccum());
                    }
                    loss /= c.gradAccum();
                    double norm = c.clip() > 0 ? opt.clipGradNorm(c.clip())
                            : GradientClipping.globalNorm(model.parameters(), ctx);
                    opt.step(lr);
                    trainNanos += System.nanoTime() - t0;
                    sessionTokens += c.tokensPerStep();
                    long done = step + 1;
                    lastLoss = loss;
                    StepMetrics m = new StepMetrics(done, loss, lr, norm, sessionTokens / (trainNanos / 1e9),
                            done * c.tokensPerStep());
                    log.step(m);
                    sink.step(m);
                    if (!validation.isEmpty() && (done % c.evalEvery() == 0 || done == c.steps())) {
                        lastVal = evaluate();
                        lastEval = done;
                        log.validation(done, lastVal);
                        LossCurvePlot.write(plot, "pollux train", log.trainLoss(), log.validationLoss());
                        sink.evaluated(done, lastVal);
                    }
                    if (done % c.checkpointEvery() == 0 || done == c.steps()) {
                        Path dir = ckpts.save(model, opt, state(done));
                        lastCheckpoint = done;
                        sink.message("checkpoint " + dir);
                    }
                }
                if (lastEval != c.steps() && !validation.isEmpty()) {
                    lastVal = evaluate();
                    if (start < c.steps()) {
                        log.validation(c.steps(), lastVal);
                    }
                    LossCurvePlot.write(plot, "pollux train", log.trainLoss(), log.validationLoss());
                }
                if (lastCheckpoint != c.steps() && start < c.steps()) {
                    ckpts.save(model, opt, state(c.steps()));
                }
            }
            List<Path> exports = new ArrayList<>();
            String name = "pollux-" + c.out().getFileName();
            for (DType t : c.export()) {
                Path f = c.out().resolve("model-" + t.name().toLowerCase(Locale.ROOT) + ".gguf");
                GgufExport.write(model, t, tok.metadata(), name, f);
                exports.add(f);
            }
            double seconds = (System.nanoTime() - sessionStart) / 1e9;
            TrainingSummary s = new TrainingSummary(c.steps(), lastLoss, lastVal, Math.exp(lastVal),
                    trainNanos == 0 ? 0 : sessionTokens / (trainNanos / 1e9), seconds, model.parameterCount(), exports);
            writeSummary(s);
            sink.finished(s);
            return s;
        }

        private TrainingState state(long step) {
            return new TrainingState(step, opt.stepCount(), batches.cursor(), c.seed(), tok.hash(), c.toJson());
        }

        /** Mean loss over the fixed validation batches (no gradients). */
        private double evaluate() {
            double sum = 0;
            for (Batch b : validation) {
                float[] logits = model.logits(b.tokens(), b.batch(), b.seqLen());
                sum += CrossEntropy.loss(ctx, logits, b.targets(), model.config().vocabSize(),
                        model.config().finalSoftcap());
            }
            return sum / validation.size();
        }

        private void writeSummary(TrainingSummary s) {
            ObjectNode n = JSON.createObjectNode().put("steps", s.steps()).put("final_train_loss", s.finalTrainLoss())
                    .put("final_val_loss", s.finalValLoss()).put("perplexity", s.perplexity())
                    .put("tokens_per_second", s.tokensPerSecond()).put("seconds", s.seconds())
                    .put("parameters", s.parameters());
            var ex = n.putArray("exports");
            s.exports().forEach(p -> ex.add(p.toString()));
            try {
                Files.writeString(c.out().resolve("summary.json"), n.toPrettyString());
            } catch (IOException e) {
                throw new UncheckedIOException(c.out() + ": cannot write summary.json: " + e.getMessage(), e);
            }
        }
    }
}
