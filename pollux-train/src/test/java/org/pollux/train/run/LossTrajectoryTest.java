package org.pollux.train.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.SamplingParams;
import org.pollux.model.LoadedModel;
import org.pollux.tokenizer.ChatTemplate;

/**
 * The sample recipe end to end: 200 steps of {@code train-tiny} on TinyStories must follow the
 * recorded loss trajectory (|Δ| ≤ 1e-4 relative at every step), on any thread count; the loss
 * curve is a real PNG; the exported GGUFs load in the engine and generate text.
 *
 * <p>Re-recording (after a deliberate change to the numerics, the tokenizer trainer or the data
 * order): run this test with {@code -Dpollux.recordTrajectory=true}; it writes
 * {@code src/test/resources/org/pollux/train/run/tiny-stories-losses.json}; review the diff and
 * commit it.
 */
class LossTrajectoryTest {
    private static final String RESOURCE = "tiny-stories-losses.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoHundredStepsFollowTheRecordedTrajectoryAndTheModelRuns() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingSummary summary = Trainer.run(Recipes.tinyStories(dir.resolve("run"), "train.threads=2"), sink);
        double[] losses = sink.losses();
        assertThat(losses).hasSize(200);
        if (Boolean.getBoolean("pollux.recordTrajectory")) {
            Path res = Path.of("src/test/resources/org/pollux/train/run", RESOURCE);
            Files.createDirectories(res.getParent());
            Files.writeString(res, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(losses) + "\n");
        }
        double[] want;
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertThat(in).as("recorded trajectory %s (see the class comment to record it)", RESOURCE).isNotNull();
            want = JSON.readValue(in, double[].class);
        }
        assertThat(want).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(Math.abs(losses[i] - want[i]) / Math.abs(want[i])).as("step %d: %s vs recorded %s", i + 1,
                    losses[i], want[i]).isLessThanOrEqualTo(1e-4);
        }
        assertThat(losses[0]).as("starts near ln(512)").isBetween(5.5, 6.8);
        assertThat(summary.finalValLoss()).as("learns").isLessThan(losses[0] - 2);
        assertThat(sink.validation).hasSize(4);
        assertThat(summary.perplexity()).isEqualTo(Math.exp(summary.finalValLoss()));

        Path out = dir.resolve("run");
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(metrics).hasSize(204);
        JsonNode first = JSON.readTree(metrics.get(0));
        assertThat(first.get("loss").asDouble()).isEqualTo(losses[0]);
        BufferedImage png = ImageIO.read(out.resolve("loss.png").toFile());
        assertThat(png).as("loss.png decodes").isNotNull();
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(500);
        assertThat(Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("step-00000100", "step-00000200");

        for (String type : List.of("f32", "q8_0")) {
            try (LoadedModel m = new LoadedModel(out.resolve("model-" + type + ".gguf"), 1)) {
                assertThat(m.template()).isEqualTo(ChatTemplate.GEMMA);
                Generator g = new Generator(m.model(), m.tokenizer());
                int[] prompt = m.tokenizer().encode("Once upon a time", true, false);
                GenerationResult r = g.generate(GenerationRequest.of(prompt, SamplingParams.greedy(24),
                        Set.of(m.tokenizer().eosId())), new org.pollux.generate.TokenStreamListener() {});
                assertThat(r.tokens().length).as(type).isPositive();
                assertThat(r.text()).as(type + " generates words").matches("(?s).*[a-z]{2,}.*");
            }
        }
    }

    @Test
    void lossesDoNotDependOnTheThreadCount() {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        Trainer.run(Recipes.tinyStories(dir.resolve("a"), "train.steps=6", "train.warmup=2", "train.threads=1",
                "export=[]"), a);
        Trainer.run(Recipes.tinyStories(dir.resolve("b"), "train.steps=6", "train.warmup=2", "train.threads=3",
                "export=[]"), b);
        assertThat(b.losses()).isEqualTo(a.losses());
    }
}
