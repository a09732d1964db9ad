package org.pollux.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

/**
 * A GGUF v2/v3 file, memory-mapped read-only. Metadata and tensor infos are parsed eagerly and
 * validated (bounds, alignment, duplicate names, known types); tensor data stays in the mapping and
 * is handed out as zero-copy {@link Tensor} views. Files larger than 2 GiB work because the whole
 * file is one {@link MemorySegment}.
 *
 * <p>Close the file to unmap it; tensors obtained from it must not be used afterwards.
 */
public final class GgufFile implements AutoCloseable {
    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_NAME: tensor names must be shorter, because ggml stores them NUL-terminated. */
    public static final int MAX_NAME_BYTES = 64;
    public static final String KEY_ALIGNMENT = "general.alignment";
    public static final String KEY_ARCHITECTURE = "general.architecture";
    /** Sanity bound on array and string lengths so corrupt counts fail fast instead of allocating. */
    private static final long MAX_COUNT = Integer.MAX_VALUE - 16;
    /** Smallest encodings, used to reject counts the remaining bytes cannot possibly hold. */
    private static final long MIN_KV_BYTES = 8 + 4 + 1;
    private static final long MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;
    private static final long MIN_STRING_BYTES = 8;
    private static final long MIN_ARRAY_BYTES = 4 + 8;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensorInfos;
    private final int alignment;
    private final long dataStart;

    private GgufFile(Path path, Arena arena, MemorySegment segment) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        Cursor c = new Cursor();
        int magic = c.i32("magic");
        if (magic != MAGIC) {
            throw new GgufException(path, 0, String.format("not a GGUF file: magic is 0x%08x, expected 0x%08x (\"GGUF\")",
                    magic, MAGIC));
        }
        version = c.i32("version");
        if (version == 1) {
            throw new GgufException(path, 4, "GGUF version 1 (32-bit counts, 2023) is obsolete and not supported;"
                    + " re-convert the model with a current llama.cpp (supported versions: 2, 3)");
        }
        if (version != 2 && version != 3) {
            throw new GgufException(path, 4, "unsupported GGUF version " + version + " (supported: 2, 3)");
        }
        long tensorCount = c.count("tensor count", MIN_TENSOR_INFO_BYTES);
        long kvCount = c.count("metadata count", MIN_KV_BYTES);
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = c.pos;
            String key = c.string("metadata key #" + i);
            GgufType type = c.type("value type of '" + key + "'");
            GgufValue value = c.value(type, key);
            if (kv.putIfAbsent(key, value) != null) {
                throw new GgufException(path, at, "duplicate metadata key '" + key + "'");
            }
        }
        metadata = new GgufMetadata(path, kv);
        alignment = readAlignment(kv);
        Map<String, GgufTensorInfo> infos = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = c.pos;
            String name = c.string("tensor name #" + i);
            int nameBytes = (int) (c.pos - at - 8);
            if (nameBytes >= MAX_NAME_BYTES) {
                throw new GgufException(path, at, "tensor name '" + name + "' is " + nameBytes
                        + " bytes; ggml allows at most " + (MAX_NAME_BYTES - 1));
            }
            int nDims = c.i32("dimension count of tensor '" + name + "'");
            if (nDims < 1 || nDims > 4) {
                throw new GgufException(path, at, "tensor '" + name + "' has " + nDims + " dimensions (allowed 1..4)");
            }
            long[] dims = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                dims[d] = c.i64("dimension " + d + " of tensor '" + name + "'");
                if (dims[d] < 0) {
                    throw new GgufException(path, c.pos - 8, "tensor '" + name + "' has negative dimension " + dims[d]);
                }
            }
            long typeAt = c.pos;
            int typeId = c.i32("type of tensor '" + name + "'");
            DType type = DType.fromGgmlId(typeId);
            if (type == null) {
                throw new GgufException(path, typeAt, "tensor '" + name + "' has unknown ggml type " + typeId);
            }
            long offsetAt = c.pos;
            long offset = c.i64("data offset of tensor '" + name + "'");
            if (offset < 0 || offset > segment.byteSize()) {
                throw new GgufException(path, offsetAt, "tensor '" + name + "' data offset " + Long.toUnsignedString(offset)
                        + " lies beyond the end of the file (" + segment.byteSize() + " bytes)");
            }
            if (dims[0] % type.blockSize() != 0) {
                throw new GgufException(path, at, "tensor '" + name + "' row length " + dims[0]
                        + " is not a multiple of the " + type + " block size " + type.blockSize());
            }
            if (offset % alignment != 0) {
                throw new GgufException(path, offsetAt, "tensor '" + name + "' data offset " + offset
                        + " is not a multiple of the alignment " + alignment);
            }
            GgufTensorInfo info;
            try {
                info = new GgufTensorInfo(name, type, dims, offset);
                info.byteSize();
            } catch (ArithmeticException e) {
                throw new GgufException(path, at, "tensor '" + name + "' shape " + Arrays.toString(dims) + " overflows");
            }
            if (infos.putIfAbsent(name, info) != null) {
                throw new GgufException(path, at, "duplicate tensor name '" + name + "'");
            }
        }
        dataStart = tensorCount == 0 ? c.pos : alignUp(c.pos, alignment);
        checkTensorExtents(infos);
        tensorInfos = Collections.unmodifiableMap(infos);
    }

    /**
     * Every tensor must lie inside the file and no two may share bytes. (llama.cpp insists on the
     * exact packing its writer produces; Pollux accepts gaps but never overlap.)
     */
    private void checkTensorExtents(Map<String, GgufTensorInfo> infos) {
        long available = segment.byteSize() - dataStart;
        GgufTensorInfo[] byOffset = infos.values().toArray(GgufTensorInfo[]::new);
        Arrays.sort(byOffset, java.util.Comparator.comparingLong(GgufTensorInfo::offset));
        GgufTensorInfo previous = null;
        for (GgufTensorInfo info : byOffset) {
            // offset <= file size was checked when it was read, so this subtraction cannot overflow.
            if (available < 0 || info.byteSize() > available - info.offset()) {
                throw new GgufException(path, dataStart + info.offset(), "tensor '" + info.name() + "' ("
                        + info.type() + " " + Arrays.toString(info.shape()) + ", " + info.byteSize()
                        + " bytes at data offset " + info.offset() + ") extends past the end of the file ("
                        + segment.byteSize() + " bytes): truncated file?");
            }
            if (previous != null && previous.offset() + previous.byteSize() > info.offset()) {
                throw new GgufException(path, dataStart + info.offset(), "tensor '" + info.name()
                        + "' at data offset " + info.offset() + " overlaps tensor '" + previous.name()
                        + "' (data offset " + previous.offset() + ", " + previous.byteSize() + " bytes)");
            }
            previous = info;
        }
    }

    /** Opens and validates a GGUF file. */
    public static GgufFile open(Path path) {
        if (java.nio.file.Files.isDirectory(path)) {
            throw new GgufException(path, -1, "is a directory, not a GGUF file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                throw new GgufException(path, -1, "empty file (0 bytes), not a GGUF file");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new GgufFile(path, arena, seg);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new GgufException(path, -1, "file not found");
        } catch (IOException e) {
            arena.close();
            throw new GgufException(path, -1, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private int readAlignment(Map<String, GgufValue> kv) {
        GgufValue v = kv.get(KEY_ALIGNMENT);
        if (v == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (v.type() != GgufType.UINT32) {
            throw new GgufException(path, -1, "'" + KEY_ALIGNMENT + "' must be u32, is " + v.type());
        }
        long a = (Long) v.value();
        if (a <= 0 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw new GgufException(path, -1, "'" + KEY_ALIGNMENT + "' = " + a + " is not a power of two");
        }
        return (int) a;
    }

    static long alignUp(long x, long alignment) {
        return (x + alignment - 1) / alignment * alignment;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public int alignment() {
        return alignment;
    }

    /** Absolute file offset of the tensor data section. */
    public long dataStart() {
        return dataStart;
    }

    public long fileSize() {
        return segment.byteSize();
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensor infos in file order. */
    public Map<String, GgufTensorInfo> tensorInfos() {
        return tensorInfos;
    }

    public boolean hasTensor(String name) {
        return tensorInfos.containsKey(name);
    }

    /** A zero-copy view of the named tensor; throws a {@link GgufException} naming it when absent. */
    public Tensor tensor(String name) {
        GgufTensorInfo info = tensorInfos.get(name);
        if (info == null) {
            throw new GgufException(path, -1, "missing tensor '" + name + "'");
        }
        MemorySegment data = segment.asSlice(dataStart + info.offset(), info.byteSize());
        return new Tensor(name, info.type(), info.shape(), data);
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Sequential, bounds-checked reader over the header. */
    private final class Cursor {
        long pos;

        private void need(long n, String what) {
            if (n < 0 || pos + n > segment.byteSize() || pos + n < 0) {
                throw new GgufException(path, pos, "unexpected end of file reading " + what + " (need " + n
                        + " bytes, file has " + segment.byteSize() + "): truncated file?");
            }
        }

        int i32(String what) {
            need(4, what);
            int v = segment.get(I32, pos);
            pos += 4;
            return v;
        }

        long i64(String what) {
            need(8, what);
            long v = segment.get(I64, pos);
            pos += 8;
            return v;
        }

        /** A u64 count (v2 and v3 both use 64 bits) of items taking at least {@code minItemBytes} each. */
        long count(String what, long minItemBytes) {
            long at = pos;
            long n = i64(what);
            if (n < 0 || n > MAX_COUNT) {
                throw new GgufException(path, at, what + " " + Long.toUnsignedString(n) + " is not plausible");
            }
            if (n * minItemBytes > segment.byteSize() - pos) {
                throw new GgufException(path, at, what + " " + n + " needs at least " + n * minItemBytes
                        + " bytes but only " + (segment.byteSize() - pos) + " remain: corrupt or truncated file");
            }
            return n;
        }

        GgufType type(String what) {
            long at = pos;
            int code = i32(what);
            GgufType t = GgufType.fromCode(code);
            if (t == null) {
                throw new GgufException(path, at, what + ": unknown metadata type code " + code);
            }
            return t;
        }

        String string(String what) {
            long at = pos;
            long len = i64("length of " + what);
            if (len < 0 || len > MAX_COUNT) {
                throw new GgufException(path, at, what + ": string length " + Long.toUnsignedString(len)
                        + " is not plausible");
            }
            need(len, what);
            byte[] bytes = segment.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
            pos += len;
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                // Some real vocabularies carry pieces that are not valid UTF-8; keep them lossily.
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        GgufValue value(GgufType type, String key) {
            String what = "value of '" + key + "'";
            return switch (type) {
                case UINT8 -> { need(1, what); yield new GgufValue(type, (long) (segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF)); }
                case INT8 -> { need(1, what); yield new GgufValue(type, (long) segment.get(ValueLayout.JAVA_BYTE, pos++)); }
                case UINT16 -> { need(2, what); long v = segment.get(I16, pos) & 0xFFFF; pos += 2; yield new GgufValue(type, v); }
                case INT16 -> { need(2, what); long v = segment.get(I16, pos); pos += 2; yield new GgufValue(type, v); }
                case UINT32 -> new GgufValue(type, i32(what) & 0xFFFF_FFFFL);
                case INT32 -> new GgufValue(type, (long) i32(what));
                case UINT64, INT64 -> new GgufValue(type, i64(what));
                case FLOAT32 -> { need(4, what); float v = segment.get(F32, pos); pos += 4; yield new GgufValue(type, v); }
                case FLOAT64 -> { need(8, what); double v = segment.get(F64, pos); pos += 8; yield new GgufValue(type, v); }
                case BOOL -> {
                    need(1, what);
                    byte b = segment.get(ValueLayout.JAVA_BYTE, pos);
                    if (b != 0 && b != 1) {
                        throw new GgufException(path, pos, what + ": bool byte is " + b + ", expected 0 or 1");
                    }
                    pos++;
                    yield new GgufValue(type, b == 1);
                }
                case STRING -> new GgufValue(type, string(what));
                case ARRAY -> new GgufValue(type, array(key, 0));
            };
        }

        GgufValue.GgufArray array(String key, int depth) {
            if (depth > 8) {
                throw new GgufException(path, pos, "'" + key + "': arrays nested deeper than 8 levels");
            }
            GgufType et = type("element type of array '" + key + "'");
            long minElementBytes = switch (et) {
                case STRING -> MIN_STRING_BYTES;
                case ARRAY -> MIN_ARRAY_BYTES;
                default -> et.size();
            };
            int len = (int) count("length of array '" + key + "'", minElementBytes);
            String what = "element of '" + key + "'";
            return switch (et) {
                case STRING -> {
                    String[] s = new String[len];
                    for (int i = 0; i < len; i++) {
                        s[i] = string(what);
                    }
                    yield new GgufValue.GgufArray(et, s);
                }
                case FLOAT32 -> {
                    float[] f = new float[len];
                    MemorySegment.copy(segment, F32, pos, f, 0, len);
                    pos += 4L * len;
                    yield new GgufValue.GgufArray(et, f);
                }
                case FLOAT64 -> {
                    double[] d = new double[len];
                    MemorySegment.copy(segment, F64, pos, d, 0, len);
                    pos += 8L * len;
                    yield new GgufValue.GgufArray(et, d);
                }
                case BOOL -> {
                    boolean[] b = new boolean[len];
                    for (int i = 0; i < len; i++) {
                        b[i] = (Boolean) value(GgufType.BOOL, key).value();
                    }
                    yield new GgufValue.GgufArray(et, b);
                }
                case ARRAY -> {
                    GgufValue.GgufArray[] a = new GgufValue.GgufArray[len];
                    for (int i = 0; i < len; i++) {
                        a[i] = array(key, depth + 1);
                    }
                    yield new GgufValue.GgufArray(et, a);
                }
                default -> {
                    long[] l = new long[len];
                    for (int i = 0; i < len; i++) {
                        l[i] = (Long) value(et, key).value();
                    }
                    yield new GgufValue.GgufArray(et, l);
                }
            };
        }
    }
}
