package org.pollux.train.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pollux.model.ModelConfig;
import org.pollux.tensor.DType;
import org.pollux.train.data.SourceSpec;
import org.pollux.train.model.TrainPresets;

/**
 * Reads a recipe (YAML, or JSON, which is YAML too), applies {@code key=value} overrides
 * ({@code train.steps=10}, {@code data.sources[0].weight=2}, {@code export=[f32]}), fills in
 * defaults and validates every value, with messages that name the file and the key.
 *
 * <p>Relative paths (data sources, tokenizer file, out) resolve against the recipe's directory,
 * so a recipe works from any working directory.
 */
public final class TrainConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+)])?");

    private TrainConfigLoader() {}

    /** Loads {@code file} with {@code overrides} applied in order. */
    public static TrainConfig load(Path file, List<String> overrides) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML/JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            root = YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": the recipe must be a mapping of sections, got " + root.getNodeType());
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return parse((ObjectNode) root, overrides, file.toString(), file.toAbsolutePath().getParent(), name);
    }

    /** Builds a config from a tree (e.g. a recipe read elsewhere); {@code base} resolves relative paths. */
    public static TrainConfig parse(ObjectNode root, List<String> overrides, String source, Path base, String name) {
        ObjectNode tree = root.deepCopy();
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        ConfigNode c = new ConfigNode(source, "", tree);

        ConfigNode m = c.section("model");
        ModelShape shape;
        if (m.has("preset")) {
            String preset = m.string("preset", null);
            if (!TrainPresets.names().contains(preset)) {
                throw m.error("preset", "unknown preset '" + preset + "' (known: " + String.join(", ", TrainPresets.names())
                        + ")");
            }
            for (String k : List.of("layers", "d_model", "heads", "kv_heads", "head_dim", "ffn", "context", "window")) {
                if (m.has(k)) {
                    throw m.error(k, "cannot be combined with model.preset (give a preset or explicit sizes)");
                }
            }
            shape = ModelShape.preset(preset);
        } else {
            if (!m.has("layers")) {
                throw new ConfigException(source + ": model: give model.preset (" + String.join(", ", TrainPresets.names())
                        + ") or explicit sizes (layers, d_model, heads, kv_heads, head_dim, ffn, context)");
            }
            int layers = m.integer("layers", 0, 1);
            int d = m.integer("d_model", 0, 1);
            int heads = m.integer("heads", 0, 1);
            int kv = m.integer("kv_heads", heads, 1);
            int hd = m.integer("head_dim", heads == 0 ? 0 : d / heads, 1);
            int ffn = m.integer("ffn", 4 * d, 1);
            int ctx = m.integer("context", 0, 1);
            int window = m.integer("window", ctx, 1);
            for (String k : List.of("d_model", "heads", "context")) {
                if (!m.has(k)) {
                    throw m.error(k, "is required with explicit model sizes");
                }
            }
            if (heads % kv != 0) {
                throw m.error("kv_heads", "must divide heads (" + heads + "), got " + kv);
            }
            shape = new ModelShape(null, layers, d, heads, kv, hd, ffn, ctx, window);
        }
        m.rejectUnknown();

        ConfigNode data = c.section("data");
        List<SourceSpec> sources = new ArrayList<>();
        for (ConfigNode s : data.sections("sources")) {
            if (!s.has("path")) {
                throw s.error("path", "is required");
            }
            Path p = base.resolve(s.string("path", null)).normalize();
            String fmt = s.string("format", null);
            SourceSpec.Format format;
            if (fmt == null) {
                format = SourceSpec.Format.infer(p);
            } else {
                try {
                    format = SourceSpec.Format.valueOf(fmt.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw s.error("format", "must be text, zip, directory or jsonl, got '" + fmt + "'");
                }
            }
            double weight = s.number("weight", 1.0, Double.MIN_VALUE, Double.MAX_VALUE);
            String include = s.string("include", "");
            if (!include.isEmpty()) {
                try {
                    java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + include);
                } catch (IllegalArgumentException e) {
                    throw s.error("include", "is not a valid glob: " + e.getMessage());
                }
                // A missing path is reported when the data is read, with the recipe's install hint.
                if (java.nio.file.Files.exists(p) && format != SourceSpec.Format.ZIP
                        && format != SourceSpec.Format.DIRECTORY) {
                    throw s.error("include", "applies to zip and directory sources only, not " + p);
                }
            }
            sources.add(new SourceSpec(p, format, s.string("field", "text"),
                    s.string("delimiter", SourceSpec.DEFAULT_DELIMITER), weight, include, s.string("install", "")));
            s.rejectUnknown();
        }
        if (sources.isEmpty()) {
            throw new ConfigException(source + ": data.sources: at least one source is required");
        }
        double valFraction = data.number("val_fraction", 0.05, 0, 0.9);
        data.rejectUnknown();

        ConfigNode t = c.section("tokenizer");
        Path tokFile = t.has("file") ? base.resolve(t.string("file", null)).normalize() : null;
        int defaultVocab = shape.preset() != null ? TrainPresets.get(shape.preset()).vocabSize() : 0;
        int vocab = t.integer("vocab_size", defaultVocab, 0);
        if (tokFile == null && vocab == 0) {
            throw t.error("vocab_size", "is required to train a tokenizer for explicit model sizes (or give tokenizer.file)");
        }
        if (tokFile == null && vocab < 263) {
            throw t.error("vocab_size", "must be >= 263 (6 specials, 256 bytes and at least one character), got " + vocab);
        }
        long sample = t.integer("sample_bytes", 4_000_000L, 1, Long.MAX_VALUE);
        double coverage = t.number("character_coverage", 0.9995, 1e-9, 1);
        t.rejectUnknown();

        ConfigNode tr = c.section("train");
        int steps = tr.integer("steps", 0, 1);
        if (!tr.has("steps")) {
            throw tr.error("steps", "is required (optimizer steps to train)");
        }
        int seqLen = tr.integer("seq_len", shape.context(), 1);
        if (seqLen > shape.context()) {
            throw tr.error("seq_len", "must be <= the model's context (" + shape.context() + "), got " + seqLen);
        }
        int batch = tr.integer("batch", 8, 1);
        int accum = tr.integer("grad_accum", 1, 1);
        double lr = tr.number("lr", 1e-3, Double.MIN_VALUE, 10);
        double minLr = tr.number("min_lr", lr / 10, 0, 10);
        if (minLr > lr) {
            throw tr.error("min_lr", "must be <= train.lr (" + lr + "), got " + minLr);
        }
        int warmup = tr.integer("warmup", Math.min(100, steps / 10), 0);
        if (warmup >= steps) {
            throw tr.error("warmup", "must be < train.steps (" + steps + "), got " + warmup);
        }
        double wd = tr.number("weight_decay", 0.1, 0, 10);
        double clip = tr.number("clip", 1.0, 0, Double.MAX_VALUE);
        int evalEvery = tr.integer("eval_every", Math.max(1, steps / 10), 1);
        int evalBatches = tr.integer("eval_batches", 8, 1);
        int ckptEvery = tr.integer("checkpoint_every", steps, 1);
        int keep = tr.integer("keep", 3, 1);
        int threads = tr.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
        long seed = tr.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        tr.rejectUnknown();

        // An explicit out is relative to the recipe; the default lands in the working directory.
        Path out = c.has("out") ? base.resolve(c.string("out", null)).normalize()
                : Path.of("runs", name).toAbsolutePath().normalize();
        List<DType> export = new ArrayList<>();
        for (String e : c.strings("export", List.of("f32", "q8_0"))) {
            DType d;
            try {
                d = DType.parse(e);
            } catch (RuntimeException ex) {
                throw c.error("export", "unknown type '" + e + "' (use f32, f16, bf16, q8_0, q4_0, q4_k)");
            }
            if (!org.pollux.tensor.Quantizer.supports(d)) {
                throw c.error("export", "cannot export to " + d + " (use f32, f16, bf16, q8_0, q4_0, q4_k)");
            }
            export.add(d);
        }
        boolean resume = c.bool("resume", false);
        c.rejectUnknown();
        ModelConfig check = shape.resolve(Math.max(vocab, 263));
        if (check.dModel() % 2 != 0 || check.headDim() % 2 != 0) {
            throw new ConfigException(source + ": model.head_dim must be even for RoPE, got " + check.headDim());
        }
        return new TrainConfig(shape, sources, valFraction, vocab, tokFile, sample, coverage, seqLen, batch, accum, lr,
                minLr, warmup, wd, clip, steps, evalEvery, evalBatches, ckptEvery, keep, threads, seed, out, export,
                resume);
    }

    /** Sets {@code a.b[2].c=value} in the tree; the value is read as YAML (numbers, lists, booleans), else taken as text. */
    static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "' must look like key=value (e.g. train.steps=100)");
        }
        String key = override.substring(0, eq).strip();
        String text = override.substring(eq + 1);
        JsonNode value;
        try {
            value = text.isBlank() ? TextNode.valueOf(text) : YAML.readTree(text);
            if (value == null || value.isMissingNode() || value.isObject()) {
                value = TextNode.valueOf(text);
            }
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(text);
        }
        String[] parts = key.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            Matcher mt = SEGMENT.matcher(parts[i]);
            if (!mt.matches()) {
                throw new ConfigException("override '" + override + "': '" + parts[i] + "' is not a key");
            }
            boolean last = i == parts.length - 1;
            ObjectNode obj = (ObjectNode) node;
            String field = mt.group(1);
            if (mt.group(2) == null) {
                if (last) {
                    obj.set(field, value);
                } else {
                    JsonNode next = obj.get(field);
                    if (next == null || !next.isObject()) {
                        next = obj.putObject(field);
                    }
                    node = next;
                }
                continue;
            }
            int index = Integer.parseInt(mt.group(2));
            JsonNode arrNode = obj.get(field);
            ArrayNode arr = arrNode != null && arrNode.isArray() ? (ArrayNode) arrNode : obj.putArray(field);
            if (index > arr.size()) {
                throw new ConfigException("override '" + override + "': " + field + " has " + arr.size()
                        + " entries, so index " + index + " is out of range");
            }
            if (last) {
                if (index == arr.size()) {
                    arr.add(value);
                } else {
                    arr.set(index, value);
                }
            } else {
                if (index == arr.size()) {
                    arr.addObject();
                } else if (!arr.get(index).isObject()) {
                    ObjectNode o = arr.objectNode();
                    o.set("path", arr.get(index));
                    arr.set(index, o);
                }
                node = arr.get(index);
            }
        }
    }
}
