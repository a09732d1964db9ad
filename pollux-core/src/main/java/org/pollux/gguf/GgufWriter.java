package org.pollux.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

/**
 * Builds a GGUF v3 file laid out exactly as llama.cpp writes and expects it: metadata in insertion
 * order, tensor infos in insertion order, data section aligned, tensor k at offset
 * {@code sum_{j<k} pad(bytes_j)}, every tensor (the last one included) zero-padded to the alignment.
 *
 * <p>Tensor bytes come from {@link TensorFiller}s that write directly into the memory-mapped
 * output, in order, so multi-GB models never sit in memory. {@link #write(Path)} is atomic.
 *
 * <p>Nothing is added implicitly except {@code general.alignment} (only when not 32); call
 * {@link #addQuantizationVersionIfNeeded()} to add the {@code general.quantization_version} key
 * llama.cpp requires for quantized files.
 */
public final class GgufWriter {
    public static final int VERSION = 3;
    public static final String KEY_QUANTIZATION_VERSION = "general.quantization_version";
    /** ggml's current quantization format version. */
    public static final int QUANTIZATION_VERSION = 2;
    /** Tensor names must be shorter than this many UTF-8 bytes (ggml's GGML_MAX_NAME). */
    public static final int MAX_NAME_BYTES = GgufFile.MAX_NAME_BYTES;
    public static final int MAX_DIMS = 4;

    private record PendingTensor(String name, DType type, long[] shape, long byteSize, TensorFiller filler) {}

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;
    private WriteProgress progress = WriteProgress.NONE;

    /** Adds a metadata entry; keys keep insertion order. Setting {@code general.alignment} also sets the alignment. */
    public GgufWriter put(String key, GgufValue value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("metadata key must not be empty");
        }
        if (metadata.containsKey(key)) {
            throw new IllegalArgumentException("duplicate metadata key '" + key + "'");
        }
        checkValue(key, value, 0);
        if (key.equals(GgufFile.KEY_ALIGNMENT)) {
            alignment = checkAlignment(value);
        }
        metadata.put(key, value);
        return this;
    }

    /** Adds every entry in the map's iteration order (e.g. {@code GgufMetadata.asMap()} of another file). */
    public GgufWriter putAll(Map<String, GgufValue> entries) {
        entries.forEach(this::put);
        return this;
    }

    /**
     * Sets the data alignment (a power of two, multiple of 8 per the GGUF spec). The key is written
     * only when it differs from the default 32 or was put explicitly; an existing key is updated in place.
     */
    public GgufWriter alignment(int alignment) {
        GgufValue v = GgufValue.ofU32(alignment);
        checkAlignment(v);
        this.alignment = alignment;
        if (metadata.containsKey(GgufFile.KEY_ALIGNMENT) || alignment != GgufFile.DEFAULT_ALIGNMENT) {
            metadata.put(GgufFile.KEY_ALIGNMENT, v);
        }
        return this;
    }

    public int alignment() {
        return alignment;
    }

    /** Reports progress after each tensor is written. */
    public GgufWriter progress(WriteProgress progress) {
        this.progress = progress == null ? WriteProgress.NONE : progress;
        return this;
    }

    /** Adds a tensor whose bytes {@code filler} writes into its slice of the output at write time. */
    public GgufWriter addTensor(String name, DType type, long[] shape, TensorFiller filler) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes >= MAX_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' is " + nameBytes
                    + " bytes of UTF-8; ggml allows at most " + (MAX_NAME_BYTES - 1));
        }
        if (tensorNames.contains(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        if (shape.length < 1 || shape.length > MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + shape.length
                    + " dimensions; GGUF allows 1.." + MAX_DIMS);
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + Arrays.toString(shape));
            }
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' row length " + shape[0]
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        long bytes;
        try {
            bytes = type.bytesFor(Tensor.elementCountOf(shape));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "' shape " + Arrays.toString(shape) + " overflows");
        }
        tensors.add(new PendingTensor(name, type, shape.clone(), bytes, java.util.Objects.requireNonNull(filler, "filler")));
        tensorNames.add(name);
        return this;
    }

    /** Adds a tensor whose bytes are copied from {@code t.data()} at write time (keep its source open until then). */
    public GgufWriter addTensor(Tensor t) {
        MemorySegment source = t.data();
        return addTensor(t.name(), t.type(), t.shape(), TensorFiller.copyOf(source));
    }

    /** Adds {@code general.quantization_version = 2} (u32) when a tensor is quantized and the key is absent. */
    public GgufWriter addQuantizationVersionIfNeeded() {
        boolean quantized = tensors.stream().anyMatch(t -> t.type().isQuantized());
        if (quantized && !metadata.containsKey(KEY_QUANTIZATION_VERSION)) {
            put(KEY_QUANTIZATION_VERSION, GgufValue.ofU32(QUANTIZATION_VERSION));
        }
        return this;
    }

    /** Offset of the tensor data section for the current contents (header size rounded up to the alignment). */
    private long dataStart(int headerBytes) {
        return tensors.isEmpty() ? headerBytes : GgufFile.alignUp(headerBytes, alignment);
    }

    private byte[] encodeHeader() {
        GgufHeaderEncoder enc = new GgufHeaderEncoder();
        enc.u32(GgufFile.MAGIC);
        enc.u32(VERSION);
        enc.u64(tensors.size());
        enc.u64(metadata.size());
        metadata.forEach((key, value) -> {
            enc.string(key);
            enc.u32(value.type().code());
            enc.value(value);
        });
        long offset = 0;
        for (PendingTensor t : tensors) {
            enc.string(t.name());
            enc.u32(t.shape().length);
            for (long d : t.shape()) {
                enc.u64(d);
            }
            enc.u32(t.type().ggmlId());
            enc.u64(offset);
            offset += GgufFile.alignUp(t.byteSize(), alignment);
        }
        return enc.toByteArray();
    }

    /**
     * Writes the file atomically (temp file in the same directory, forced to disk, moved over
     * {@code out}). IO problems become a {@link GgufException}; an exception thrown by a filler
     * propagates unchanged. Either way {@code out} is left as it was and no temp file remains.
     */
    public void write(Path out) {
        byte[] header = encodeHeader();
        long dataStart = dataStart(header.length);
        long dataBytes = 0;
        for (PendingTensor t : tensors) {
            dataBytes += GgufFile.alignUp(t.byteSize(), alignment);
        }
        long total = dataStart + dataBytes;
        try {
            AtomicFileWriter.write(out, total, file -> {
                MemorySegment.copy(MemorySegment.ofArray(header), 0, file, 0, header.length);
                long at = dataStart;
                for (PendingTensor t : tensors) {
                    t.filler().fill(file.asSlice(at, t.byteSize()));
                    at += GgufFile.alignUp(t.byteSize(), alignment);
                    progress.update(at, total);
                }
            });
        } catch (IOException e) {
            throw new GgufException(out, -1, "cannot write GGUF file: " + e, e);
        }
    }

    private static int checkAlignment(GgufValue v) {
        if (v.type() != GgufType.UINT32) {
            throw new IllegalArgumentException("'" + GgufFile.KEY_ALIGNMENT + "' must be u32, is " + v.type());
        }
        long a = (Long) v.value();
        if (a < 8 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw new IllegalArgumentException("alignment " + a + " must be a power of two between 8 and 2^30");
        }
        return (int) a;
    }

    /** Rejects integer values that do not fit their declared GGUF type, so nothing is silently truncated. */
    private static void checkValue(String key, GgufValue v, int depth) {
        if (v.type() == GgufType.ARRAY) {
            checkArray(key, (GgufValue.GgufArray) v.value(), depth);
        } else if (v.type().isInteger()) {
            checkInteger(key, v.type(), (Long) v.value());
        }
    }

    private static void checkArray(String key, GgufValue.GgufArray a, int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("'" + key + "': arrays nested deeper than 8 levels");
        }
        if (a.elementType() == GgufType.ARRAY) {
            for (GgufValue.GgufArray inner : (GgufValue.GgufArray[]) a.values()) {
                checkArray(key, inner, depth + 1);
            }
        } else if (a.elementType().isInteger()) {
            for (long l : (long[]) a.values()) {
                checkInteger(key, a.elementType(), l);
            }
        } else if (a.elementType() == GgufType.STRING) {
            for (String s : (String[]) a.values()) {
                java.util.Objects.requireNonNull(s, () -> "'" + key + "': null string in array");
            }
        }
    }

    private static void checkInteger(String key, GgufType type, long v) {
        boolean ok = switch (type) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true; // u64 keeps its bit pattern in a long; i64 is a long
        };
        if (!ok) {
            throw new IllegalArgumentException("metadata '" + key + "': " + v + " does not fit " + type);
        }
    }
}
