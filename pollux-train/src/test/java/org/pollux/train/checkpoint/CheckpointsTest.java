package org.pollux.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.data.DataCursor;
import org.pollux.train.model.Parameter;
import org.pollux.train.model.TrainPresets;
import org.pollux.train.model.TrainableModel;
import org.pollux.train.optim.AdamW;

/** Checkpoint round trips, retention, and precise errors for damaged or mismatched checkpoints. */
class CheckpointsTest {
    private static final String HASH = "ab".repeat(32);
    static ComputeContext ctx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ctx = ComputeContext.of(2);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    private static ObjectNode config(double lr) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("train").put("lr", lr).put("threads", 2);
        return n;
    }

    /** A model and optimizer in a state no fresh one has: a few real steps taken. */
    private static TrainableModel trained(AdamW[] opt, long seed) {
        TrainableModel m = new TrainableModel(TrainPresets.get("train-tiny"), seed, ctx);
        opt[0] = new AdamW(m.parameters(), ctx);
        int[] tokens = new SplittableRandom(seed).ints(2 * 16, 0, 512).toArray();
        int[] targets = new SplittableRandom(seed + 1).ints(2 * 16, 0, 512).toArray();
        for (int i = 0; i < 3; i++) {
            m.zeroGrad();
            m.forwardBackward(tokens, targets, 2, 16);
            opt[0].step(1e-3);
        }
        return m;
    }

    private TrainingState state(long step, AdamW opt) {
        return new TrainingState(step, opt.stepCount(), new DataCursor(7 * step, new long[] {11, 13}), 42, HASH,
                config(0.003));
    }

    @Test
    void roundTripRestoresEveryValueExactly() {
        AdamW[] opt = new AdamW[1];
        TrainableModel m = trained(opt, 1);
        Checkpoints ck = new Checkpoints(dir, 3);
        Path saved = ck.save(m, opt[0], state(3, opt[0]));
        assertThat(saved.getFileName().toString()).isEqualTo("step-00000003");

        AdamW[] fresh = new AdamW[1];
        TrainableModel other = new TrainableModel(TrainPresets.get("train-tiny"), 99, ctx);
        fresh[0] = new AdamW(other.parameters(), ctx);
        TrainingState back = Checkpoints.load(saved, other, fresh[0]);
        assertThat(back.step()).isEqualTo(3);
        assertThat(back.optimizerStep()).isEqualTo(3);
        assertThat(back.cursor()).isEqualTo(new DataCursor(21, new long[] {11, 13}));
        assertThat(back.seed()).isEqualTo(42);
        assertThat(back.tokenizerHash()).isEqualTo(HASH);
        assertThat(back.config()).isEqualTo(config(0.003));
        List<Parameter> a = m.parameters();
        List<Parameter> b = other.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(Arrays.equals(a.get(i).data(), b.get(i).data())).as(a.get(i).name()).isTrue();
        }
        opt[0].state().forEach((k, v) -> assertThat(Arrays.equals(v, fresh[0].state().get(k))).as(k).isTrue());
    }

    @Test
    void keepsTheNewestN() {
        AdamW[] opt = new AdamW[1];
        TrainableModel m = trained(opt, 2);
        Checkpoints ck = new Checkpoints(dir, 2);
        for (long s : new long[] {10, 20, 30, 40}) {
            ck.save(m, opt[0], state(s, opt[0]));
        }
        assertThat(ck.list().stream().map(p -> p.getFileName().toString()).toList())
                .containsExactly("step-00000030", "step-00000040");
        assertThat(ck.latest()).contains(dir.resolve("step-00000040"));
        assertThatThrownBy(() -> new Checkpoints(dir, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void damagedCheckpointsNameTheFileAndField() throws Exception {
        AdamW[] opt = new AdamW[1];
        TrainableModel m = trained(opt, 3);
        Path saved = new Checkpoints(dir, 3).save(m, opt[0], state(5, opt[0]));
        Path model = saved.resolve(Checkpoints.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Checkpoints.load(saved, m, opt[0])).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(model + ": unreadable safetensors file");
        Files.write(model, bytes);

        Path state = saved.resolve(Checkpoints.STATE_FILE);
        String json = Files.readString(state);
        Files.writeString(state, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> Checkpoints.load(saved, m, opt[0])).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(state + ": malformed JSON at line");
        Files.writeString(state, json.replace("\"optimizer_step\" : 3", "\"optimizer_step\" : \"three\""));
        assertThatThrownBy(() -> Checkpoints.load(saved, m, opt[0])).isInstanceOf(CheckpointException.class)
                .hasMessage(state + ": field 'optimizer_step' is missing or not an integer");
        Files.writeString(state, json.replaceAll("\"positions\" : \\[[^]]*]", "\"positions\" : 5"));
        assertThatThrownBy(() -> Checkpoints.load(saved, m, opt[0])).isInstanceOf(CheckpointException.class)
                .hasMessage(state + ": field 'data_cursor.positions' is missing or not an array");
        Files.writeString(state, json);

        // A checkpoint of another shape.
        TrainableModel bigger = new TrainableModel(TrainPresets.get("train-tiny").withVocab(600, true), 1, ctx);
        assertThatThrownBy(() -> Checkpoints.load(saved, bigger, new AdamW(bigger.parameters(), ctx)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(model + ": tensor 'token_embd.weight' is F32 [512, 64], expected F32 [600, 64]");
    }

    @Test
    void configMismatchNamesTheField() {
        Path f = dir.resolve("state.json");
        ConfigMatch.check(f, config(0.003), config(0.003), Set.of());
        ObjectNode threads = config(0.003);
        ((ObjectNode) threads.get("train")).put("threads", 8);
        ConfigMatch.check(f, config(0.003), threads, Set.of("train.threads"));
        assertThatThrownBy(() -> ConfigMatch.check(f, config(0.003), threads, Set.of()))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("config field 'train.threads' was 2");
        ObjectNode extra = config(0.003);
        extra.put("new_key", true);
        assertThatThrownBy(() -> ConfigMatch.check(f, config(0.003), extra, Set.of()))
                .hasMessageContaining("'new_key' was absent when the checkpoint was written but is true now");
    }
}
