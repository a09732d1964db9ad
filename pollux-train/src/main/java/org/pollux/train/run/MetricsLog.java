package org.pollux.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per line, {@code {"step":…, "loss":…, "lr":…,
 * "grad_norm":…, "tokens":…, "tok_per_s":…}} per step and {@code {"step":…, "val_loss":…,
 * "val_ppl":…}} per validation. Lines are flushed as written, so the file is a live record.
 *
 * <p>On resume the log is cut back to the checkpoint's step (later lines described steps that
 * are about to be redone), and the history it holds feeds the loss curve.
 */
final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One point of a curve. */
    record Point(long step, double value) {}

    private final List<Point> train = new ArrayList<>();
    private final List<Point> validation = new ArrayList<>();
    private final BufferedWriter out;

    /** Opens the log; keeps the lines of steps ≤ {@code keepUpTo} (0: start empty). */
    MetricsLog(Path file, long keepUpTo) {
        try {
            List<String> kept = new ArrayList<>();
            if (keepUpTo > 0 && Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if (n.path("step").asLong() <= keepUpTo) {
                        kept.add(line);
                        record(n);
                    }
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the metrics log: " + e.getMessage(), e);
        }
    }

    private void record(JsonNode n) {
        if (n.has("loss")) {
            train.add(new Point(n.get("step").asLong(), n.get("loss").asDouble()));
        }
        if (n.has("val_loss")) {
            validation.add(new Point(n.get("step").asLong(), n.get("val_loss").asDouble()));
        }
    }

    void step(StepMetrics m) {
        ObjectNode n = JSON.createObjectNode().put("step", m.step()).put("loss", m.loss()).put("lr", m.lr())
                .put("grad_norm", m.gradNorm()).put("tokens", m.tokens()).put("tok_per_s", m.tokensPerSecond());
        write(n);
    }

    void validation(long step, double loss) {
        write(JSON.createObjectNode().put("step", step).put("val_loss", loss).put("val_ppl", Math.exp(loss)));
    }

    private void write(ObjectNode n) {
        record(n);
        try {
            out.write(n.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics log: " + e.getMessage(), e);
        }
    }

    List<Point> trainLoss() {
        return train;
    }

    List<Point> validationLoss() {
        return validation;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
