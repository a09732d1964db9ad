package org.pollux.train.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pollux.train.data.DataCursor;

/** {@code state.json}: a {@link TrainingState} as JSON, read back with an error per missing or mistyped field. */
final class StateJson {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private StateJson() {}

    static byte[] encode(TrainingState s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("step", s.step());
        root.put("optimizer_step", s.optimizerStep());
        ObjectNode rng = root.putObject("rng");
        rng.put("seed", s.seed());
        rng.put("sequences", s.cursor().sequences());
        ArrayNode pos = root.putObject("data_cursor").put("sequences", s.cursor().sequences()).putArray("positions");
        for (long p : s.cursor().positions()) {
            pos.add(p);
        }
        root.put("tokenizer_hash", s.tokenizerHash());
        root.set("config", s.config());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the training state", e);
        }
    }

    static TrainingState read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "not a JSON object");
        }
        long format = number(file, root, "format");
        if (format != FORMAT) {
            throw new CheckpointException(file, "field 'format' is " + format + ", this version reads " + FORMAT);
        }
        JsonNode cursor = object(file, root, "data_cursor");
        JsonNode positions = cursor.get("positions");
        if (positions == null || !positions.isArray()) {
            throw new CheckpointException(file, "field 'data_cursor.positions' is missing or not an array");
        }
        long[] pos = new long[positions.size()];
        for (int i = 0; i < pos.length; i++) {
            if (!positions.get(i).canConvertToLong() || positions.get(i).asLong() < 0) {
                throw new CheckpointException(file, "field 'data_cursor.positions[" + i + "]' is not a count");
            }
            pos[i] = positions.get(i).asLong();
        }
        JsonNode hash = root.get("tokenizer_hash");
        if (hash == null || !hash.isTextual() || !hash.textValue().matches("[0-9a-f]{64}")) {
            throw new CheckpointException(file, "field 'tokenizer_hash' is missing or not a SHA-256 hex string");
        }
        return new TrainingState(number(file, root, "step"), number(file, root, "optimizer_step"),
                new DataCursor(number(file, cursor, "sequences", "data_cursor.sequences"), pos),
                number(file, object(file, root, "rng"), "seed", "rng.seed"), hash.textValue(),
                object(file, root, "config"));
    }

    private static long number(Path file, JsonNode parent, String field) {
        return number(file, parent, field, field);
    }

    private static long number(Path file, JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new CheckpointException(file, "field '" + path + "' is missing or not an integer");
        }
        return n.asLong();
    }

    private static JsonNode object(Path file, JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new CheckpointException(file, "field '" + field + "' is missing or not an object");
        }
        return n;
    }
}
