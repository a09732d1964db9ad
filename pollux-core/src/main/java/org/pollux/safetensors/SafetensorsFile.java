package org.pollux.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.pollux.tensor.Tensor;

/**
 * A safetensors file (Hugging Face), memory-mapped read-only: an 8-byte little-endian header
 * length, a JSON header, then the tensor data. The header is validated on open; tensors are
 * zero-copy views. Shapes in the file are PyTorch order ({@code [out, in]}); {@link #tensor}
 * returns ggml order ({@code [in, out]}), the bytes being identical.
 *
 * <p>Close the file to unmap it; views obtained from it must not be used afterwards.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final long dataStart;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path path, Arena arena, MemorySegment segment) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        if (segment.byteSize() < 8) {
            throw new SafetensorsException(path, null, "file has " + segment.byteSize()
                    + " bytes, too short for the 8-byte header length: truncated or not a safetensors file");
        }
        long headerLength = segment.get(U64, 0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(path, null, "header length " + Long.toUnsignedString(headerLength)
                    + " is not plausible (2.." + MAX_HEADER_BYTES + "): not a safetensors file?");
        }
        if (headerLength > segment.byteSize() - 8) {
            throw new SafetensorsException(path, null, "header length " + headerLength + " exceeds the file size "
                    + segment.byteSize() + ": truncated file?");
        }
        dataStart = 8 + headerLength;
        byte[] json = segment.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        header = SafetensorsHeader.parse(path, json, segment.byteSize() - dataStart);
    }

    /** Opens and validates a safetensors file. */
    public static SafetensorsFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new SafetensorsException(path, null, "is a directory, not a safetensors file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                throw new SafetensorsException(path, null, "empty file (0 bytes), not a safetensors file");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new SafetensorsFile(path, arena, seg);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new SafetensorsException(path, null, "file not found");
        } catch (IOException e) {
            arena.close();
            throw new SafetensorsException(path, null, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} string map (empty when absent), in file order. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Tensor entries in header order. */
    public Map<String, SafetensorsTensorInfo> tensorInfos() {
        return header.tensors();
    }

    public boolean hasTensor(String name) {
        return header.tensors().containsKey(name);
    }

    public SafetensorsTensorInfo info(String name) {
        SafetensorsTensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new SafetensorsException(path, name, "missing tensor");
        }
        return info;
    }

    /** The tensor's bytes, zero-copy, whatever its type. */
    public MemorySegment bytes(String name) {
        SafetensorsTensorInfo info = info(name);
        return segment.asSlice(dataStart + info.begin(), info.byteSize());
    }

    /**
     * A zero-copy {@link Tensor} view with the shape reversed into ggml order; fails for U8 and
     * BOOL, which have no {@link org.pollux.tensor.DType} (use {@link #bytes}).
     */
    public Tensor tensor(String name) {
        SafetensorsTensorInfo info = info(name);
        if (info.dtype().dtype() == null) {
            throw new SafetensorsException(path, name, "dtype " + info.dtype() + " has no tensor type; read it with bytes()");
        }
        return new Tensor(name, info.dtype().dtype(), info.ggmlShape(), bytes(name));
    }

    /** Absolute file offset of the data section. */
    public long dataStart() {
        return dataStart;
    }

    @Override
    public void close() {
        arena.close();
    }
}
