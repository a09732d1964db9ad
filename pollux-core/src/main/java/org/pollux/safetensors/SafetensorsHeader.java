package org.pollux.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the JSON header of a safetensors file: the optional {@code __metadata__}
 * string map and one entry per tensor. Offsets must be in bounds, must not overlap, and must tile
 * the data section exactly; each tensor's byte length must equal its element count times its
 * element size.
 */
record SafetensorsHeader(Map<String, String> metadata, Map<String, SafetensorsTensorInfo> tensors) {
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static SafetensorsHeader parse(Path file, byte[] json, long dataBytes) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, null, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafetensorsException(file, null, "cannot parse header: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(file, null, "header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafetensorsTensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, e.getValue());
            } else {
                tensors.put(e.getKey(), parseTensor(file, e.getKey(), e.getValue()));
            }
        }
        checkLayout(file, tensors.values(), dataBytes);
        return new SafetensorsHeader(Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw new SafetensorsException(file, null, "'" + METADATA_KEY + "' must be an object of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(file, null, "'" + METADATA_KEY + "' entry '" + e.getKey()
                        + "' must be a string, is " + e.getValue().getNodeType());
            }
            m.put(e.getKey(), e.getValue().textValue());
        }
        return m;
    }

    private static SafetensorsTensorInfo parseTensor(Path file, String name, JsonNode node) {
        if (!node.isObject()) {
            throw new SafetensorsException(file, name, "header entry must be an object, is " + node.getNodeType());
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsException(file, name, "missing or non-string 'dtype'");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new SafetensorsException(file, name, "unsupported dtype '" + dtypeNode.textValue()
                    + "' (supported: " + Arrays.toString(SafetensorsDType.values()) + ")");
        }
        long[] shape = longArray(file, name, node.get("shape"), "shape", -1);
        long[] offsets = longArray(file, name, node.get("data_offsets"), "data_offsets", 2);
        if (offsets[0] > offsets[1]) {
            throw new SafetensorsException(file, name, "data_offsets " + Arrays.toString(offsets) + " end before they begin");
        }
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            long expected = Math.multiplyExact(elements, dtype.size());
            if (expected != offsets[1] - offsets[0]) {
                throw new SafetensorsException(file, name, dtype + " " + Arrays.toString(shape) + " needs " + expected
                        + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
            }
        } catch (ArithmeticException e) {
            throw new SafetensorsException(file, name, "shape " + Arrays.toString(shape) + " overflows");
        }
        return new SafetensorsTensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers (of {@code length} elements unless it is -1). */
    private static long[] longArray(Path file, String name, JsonNode node, String field, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new SafetensorsException(file, name, "'" + field + "' must be an array of "
                    + (length >= 0 ? length + " " : "") + "non-negative integers, is " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new SafetensorsException(file, name, "'" + field + "'[" + i + "] = " + v
                        + " is not a non-negative 64-bit integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Sorted by offset, tensors must follow each other without gap or overlap and end exactly at the data end. */
    private static void checkLayout(Path file, Iterable<SafetensorsTensorInfo> infos, long dataBytes) {
        List<SafetensorsTensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(SafetensorsTensorInfo::begin).thenComparingLong(SafetensorsTensorInfo::end));
        long expected = 0;
        SafetensorsTensorInfo previous = null;
        for (SafetensorsTensorInfo t : sorted) {
            if (t.end() > dataBytes) {
                throw new SafetensorsException(file, t.name(), "data_offsets [" + t.begin() + ", " + t.end()
                        + "] extend past the data section (" + dataBytes + " bytes): truncated file?");
            }
            if (t.begin() < expected) {
                throw new SafetensorsException(file, t.name(), "data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > expected) {
                throw new SafetensorsException(file, t.name(), "gap in the data section: tensor starts at "
                        + t.begin() + " but the previous data ends at " + expected);
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataBytes) {
            throw new SafetensorsException(file, null, "tensors cover " + expected + " bytes of the data section but it has "
                    + dataBytes + " bytes");
        }
    }
}
