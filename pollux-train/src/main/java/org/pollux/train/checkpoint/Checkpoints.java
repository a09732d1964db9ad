package org.pollux.train.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pollux.gguf.AtomicFileWriter;
import org.pollux.train.model.Parameter;
import org.pollux.train.model.TrainableModel;
import org.pollux.train.optim.AdamW;

/**
 * The checkpoints of a run, one directory per saved step under a root:
 *
 * <pre>
 * checkpoints/step-00000100/model.safetensors      every parameter, F32, its GGUF tensor name
 *                          /optimizer.safetensors  AdamW moments ("&lt;param&gt;.exp_avg", ".exp_avg_sq")
 *                          /state.json             step, RNG seed, data cursor, config, tokenizer hash
 * </pre>
 *
 * <p>Atomicity: a checkpoint is written into {@code step-N.partial} and renamed to {@code step-N}
 * only when complete, so a directory named {@code step-N} is always whole; a crash leaves at most
 * a {@code .partial} directory, which the next save removes. After each save only the newest
 * {@code keep} checkpoints remain.
 */
public final class Checkpoints {
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "state.json";
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,})");

    private final Path root;
    private final int keep;

    /** Checkpoints under {@code root}, keeping the newest {@code keep} (&gt;= 1). */
    public Checkpoints(Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("must keep at least 1 checkpoint, got " + keep);
        }
        this.root = root;
        this.keep = keep;
    }

    public Path root() {
        return root;
    }

    /** Writes the checkpoint of {@code state.step()} and prunes old ones; returns its directory. */
    public Path save(TrainableModel model, AdamW optimizer, TrainingState state) {
        Path dir = root.resolve(String.format("step-%08d", state.step()));
        Path partial = root.resolve(dir.getFileName() + ".partial");
        try {
            Files.createDirectories(root);
            deleteTree(partial);
            Files.createDirectories(partial);
            FloatTensors.write(partial.resolve(MODEL_FILE), weights(model),
                    Map.of("format", "pollux-train", "step", Long.toString(state.step())));
            FloatTensors.write(partial.resolve(OPTIMIZER_FILE), optimizerState(optimizer),
                    Map.of("format", "pollux-train", "optimizer", "adamw"));
            byte[] json = StateJson.encode(state);
            AtomicFileWriter.write(partial.resolve(STATE_FILE), json.length,
                    seg -> MemorySegment.copy(MemorySegment.ofArray(json), 0, seg, 0, json.length));
            deleteTree(dir);
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, dir);
            }
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write the checkpoint: " + e.getMessage(), e);
        }
        prune();
        return dir;
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        } catch (IOException e) {
            throw new CheckpointException(root, "cannot list checkpoints: " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The step a checkpoint directory is named after. */
    public static long stepOf(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(dir + " is not a checkpoint directory (step-NNNNNNNN)");
        }
        return Long.parseLong(m.group(1));
    }

    /** Reads only the state of a checkpoint (to check it before building the model). */
    public static TrainingState readState(Path dir) {
        return StateJson.read(dir.resolve(STATE_FILE));
    }

    /**
     * Loads a checkpoint into {@code model} and {@code optimizer} (which must have the shapes it
     * was saved from) and returns its state.
     *
     * @throws CheckpointException naming the file and the field or tensor at fault
     */
    public static TrainingState load(Path dir, TrainableModel model, AdamW optimizer) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "no such checkpoint directory");
        }
        TrainingState state = readState(dir);
        FloatTensors.readInto(dir.resolve(MODEL_FILE), weights(model));
        Map<String, FloatTensors.Entry> opt = optimizerState(optimizer);
        FloatTensors.readInto(dir.resolve(OPTIMIZER_FILE), opt);
        Map<String, float[]> arrays = new java.util.LinkedHashMap<>();
        opt.forEach((k, e) -> arrays.put(k, e.data()));
        optimizer.load(arrays, state.optimizerStep());
        return state;
    }

    private static Map<String, FloatTensors.Entry> weights(TrainableModel model) {
        Map<String, FloatTensors.Entry> m = FloatTensors.ordered();
        for (Parameter p : model.parameters()) {
            long[] ggml = p.shape();
            long[] torch = new long[ggml.length];
            for (int i = 0; i < ggml.length; i++) {
                torch[i] = ggml[ggml.length - 1 - i];
            }
            m.put(p.name(), new FloatTensors.Entry(torch, p.data()));
        }
        return m;
    }

    /** Copies of the moments when reading (AdamW.load validates and copies them in); live arrays when writing. */
    private static Map<String, FloatTensors.Entry> optimizerState(AdamW optimizer) {
        Map<String, FloatTensors.Entry> m = FloatTensors.ordered();
        optimizer.state().forEach((k, v) -> m.put(k, new FloatTensors.Entry(new long[] {v.length}, v.clone())));
        return m;
    }

    private void prune() {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                deleteTree(all.get(i));
            } catch (IOException e) {
                throw new CheckpointException(all.get(i), "cannot delete an old checkpoint: " + e.getMessage(), e);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(p)) {
            s.forEach(paths::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.delete(paths.get(i));
        }
    }
}
