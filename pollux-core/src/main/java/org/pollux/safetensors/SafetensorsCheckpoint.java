package org.pollux.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.tensor.Tensor;

/**
 * A Hugging Face checkpoint that may be split into shards: a directory with
 * {@code model.safetensors.index.json} (whose {@code weight_map} names the shard of every tensor),
 * a directory with a single {@code model.safetensors}, or one {@code .safetensors} file. Tensors
 * are looked up by name across all shards; the index must agree with the shards' headers exactly.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String SINGLE_FILE = "model.safetensors";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Path location;
    private final List<SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(Path location, List<SafetensorsFile> shards, Map<String, SafetensorsFile> byTensor) {
        this.location = location;
        this.shards = shards;
        this.byTensor = byTensor;
    }

    /** Opens a checkpoint directory or a single safetensors file. */
    public static SafetensorsCheckpoint open(Path location) {
        if (!Files.isDirectory(location)) {
            return fromShards(location, List.of(location), null);
        }
        Path index = location.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            Map<String, String> weightMap = readWeightMap(index);
            List<Path> files = weightMap.values().stream().distinct().map(location::resolve).toList();
            return fromShards(location, files, weightMap);
        }
        Path single = location.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return fromShards(location, List.of(single), null);
        }
        throw new SafetensorsException(location, null, "directory holds neither " + INDEX_FILE + " nor " + SINGLE_FILE);
    }

    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new SafetensorsException(index, null, "cannot parse the index: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new SafetensorsException(index, null, "index has no 'weight_map' object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String shard = e.getValue().isTextual() ? e.getValue().textValue() : null;
            if (shard == null || shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
                throw new SafetensorsException(index, e.getKey(), "weight_map entry " + e.getValue()
                        + " must be a plain file name in the checkpoint directory");
            }
            weightMap.put(e.getKey(), shard);
        }
        return weightMap;
    }

    /** Opens every shard (closing those already open if one fails) and checks names against the index. */
    private static SafetensorsCheckpoint fromShards(Path location, List<Path> files, Map<String, String> weightMap) {
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            for (Path file : files) {
                SafetensorsFile shard = SafetensorsFile.open(file);
                opened.add(shard);
                for (String name : shard.tensorInfos().keySet()) {
                    SafetensorsFile other = byTensor.putIfAbsent(name, shard);
                    if (other != null) {
                        throw new SafetensorsException(file, name, "also present in shard " + other.path().getFileName());
                    }
                    if (weightMap != null && !file.getFileName().toString().equals(weightMap.get(name))) {
                        throw new SafetensorsException(file, name, "is in this shard but the index maps it to "
                                + weightMap.get(name));
                    }
                }
            }
            if (weightMap != null) {
                for (Map.Entry<String, String> e : weightMap.entrySet()) {
                    if (!byTensor.containsKey(e.getKey())) {
                        throw new SafetensorsException(location.resolve(e.getValue()), e.getKey(),
                                "listed in " + INDEX_FILE + " but missing from the shard");
                    }
                }
            }
            return new SafetensorsCheckpoint(location, List.copyOf(opened), Collections.unmodifiableMap(byTensor));
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    public Path location() {
        return location;
    }

    public List<SafetensorsFile> shards() {
        return shards;
    }

    /** All tensor names, shard by shard in header order. */
    public java.util.Set<String> tensorNames() {
        return byTensor.keySet();
    }

    public boolean hasTensor(String name) {
        return byTensor.containsKey(name);
    }

    private SafetensorsFile shardOf(String name) {
        SafetensorsFile shard = byTensor.get(name);
        if (shard == null) {
            throw new SafetensorsException(location, name, "missing tensor");
        }
        return shard;
    }

    public SafetensorsTensorInfo info(String name) {
        return shardOf(name).info(name);
    }

    /** A zero-copy view in ggml shape order; see {@link SafetensorsFile#tensor}. */
    public Tensor tensor(String name) {
        return shardOf(name).tensor(name);
    }

    public MemorySegment bytes(String name) {
        return shardOf(name).bytes(name);
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
