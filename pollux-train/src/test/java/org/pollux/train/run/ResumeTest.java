package org.pollux.train.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.safetensors.SafetensorsFile;
import org.pollux.train.checkpoint.CheckpointException;

/**
 * Resuming is bit-identical: 2k steps in one go equal k steps, a crash right after the step-k
 * checkpoint, and a fresh run that resumes from disk for the other k steps (weights, AdamW
 * moments and every loss, compared exactly). Also the guards around resuming.
 */
class ResumeTest {
    private static final String[] SMALL = {"train.steps=8", "train.warmup=2", "train.checkpoint_every=4",
        "train.eval_every=4", "train.eval_batches=2", "tokenizer.sample_bytes=60000", "export=[]", "train.batch=4"};

    @TempDir
    Path dir;

    /** Stops the run after its first checkpoint, as a crash would. */
    static final class CrashAfterCheckpoint extends RecordingSink {
        @Override
        public void message(String text) {
            super.message(text);
            if (text.startsWith("checkpoint ")) {
                throw new IllegalStateException("simulated crash");
            }
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() {
        RecordingSink whole = new RecordingSink();
        Trainer.run(Recipes.tinyStories(dir.resolve("whole"), SMALL), whole);

        CrashAfterCheckpoint first = new CrashAfterCheckpoint();
        Path split = dir.resolve("split");
        assertThatThrownBy(() -> Trainer.run(Recipes.tinyStories(split, SMALL), first))
                .hasMessage("simulated crash");
        assertThat(first.steps).hasSize(4);
        RecordingSink second = new RecordingSink();
        List<String> resume = new java.util.ArrayList<>(List.of(SMALL));
        resume.add("resume=true");
        resume.add("train.threads=1"); // free to change: results do not depend on it
        Trainer.run(Recipes.tinyStories(split, resume.toArray(String[]::new)), second);
        assertThat(second.messages).anyMatch(m -> m.startsWith("resumed from") && m.endsWith("at step 4"));
        assertThat(second.steps).hasSize(4);

        double[] joined = new double[8];
        System.arraycopy(first.losses(), 0, joined, 0, 4);
        System.arraycopy(second.losses(), 0, joined, 4, 4);
        assertThat(joined).isEqualTo(whole.losses());
        assertThat(second.validation.get(second.validation.size() - 1))
                .isEqualTo(whole.validation.get(whole.validation.size() - 1));
        for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
            Path a = dir.resolve("whole/checkpoints/step-00000008").resolve(file);
            Path b = split.resolve("checkpoints/step-00000008").resolve(file);
            try (SafetensorsFile fa = SafetensorsFile.open(a); SafetensorsFile fb = SafetensorsFile.open(b)) {
                assertThat(fb.tensorInfos().keySet()).isEqualTo(fa.tensorInfos().keySet());
                for (String t : fa.tensorInfos().keySet()) {
                    float[] x = fa.bytes(t).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
                    float[] y = fb.bytes(t).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
                    assertThat(Arrays.equals(x, y)).as("%s %s", file, t).isTrue();
                }
            }
        }
        // The metrics log holds each step once: the lines the crash left after step 4 were cut.
        assertThat(readSteps(split.resolve("metrics.jsonl"))).isEqualTo(readSteps(dir.resolve("whole/metrics.jsonl")));
    }

    private static List<Long> readSteps(Path metrics) {
        try {
            return Files.readAllLines(metrics).stream().filter(l -> l.contains("\"loss\""))
                    .map(l -> Long.parseLong(l.replaceAll(".*\"step\":(\\d+).*", "$1"))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void resumeGuards() {
        Path out = dir.resolve("run");
        List<String> resume = new java.util.ArrayList<>(List.of(SMALL));
        resume.add("resume=true");
        assertThatThrownBy(() -> Trainer.run(Recipes.tinyStories(out, resume.toArray(String[]::new)), ProgressSink.NONE))
                .isInstanceOf(CheckpointException.class).hasMessage(out.resolve("checkpoints")
                        + ": no checkpoint to resume from");
        Trainer.run(Recipes.tinyStories(out, SMALL), ProgressSink.NONE);
        assertThatThrownBy(() -> Trainer.run(Recipes.tinyStories(out, SMALL), ProgressSink.NONE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already holds checkpoints (newest step-00000008)");
        resume.add("train.lr=0.001");
        assertThatThrownBy(() -> Trainer.run(Recipes.tinyStories(out, resume.toArray(String[]::new)), ProgressSink.NONE))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(out.resolve("checkpoints/step-00000008/state.json") + ": config field 'train.lr' was 0.003"
                        + " when the checkpoint was written but is 0.001 now; resuming needs the same value (or start a"
                        + " new run in another directory)");
        assertThat(Files.exists(out.resolve("checkpoints/step-00000004"))).as("keep 2").isTrue();
    }
}
