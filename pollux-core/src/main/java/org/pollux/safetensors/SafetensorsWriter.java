package org.pollux.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pollux.gguf.AtomicFileWriter;
import org.pollux.gguf.TensorFiller;
import org.pollux.gguf.WriteProgress;
import org.pollux.tensor.Tensor;

/**
 * Builds a safetensors file: {@code __metadata__} and tensor entries in insertion order, tensor
 * data packed back to back in the same order. The JSON header is padded with spaces so the data
 * section starts at a multiple of 8 bytes (as the reference writer does), which keeps every
 * 8-byte-or-smaller element aligned in a mapping.
 *
 * <p>Tensor bytes come from {@link TensorFiller}s writing straight into the memory-mapped output;
 * {@link #write(Path)} is atomic (temp file, fsync, move), so an interrupted checkpoint never
 * replaces a good one.
 */
public final class SafetensorsWriter {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final JsonFactory JSON = new JsonFactory();

    private record PendingTensor(String name, SafetensorsDType dtype, long[] shape, long byteSize, TensorFiller filler) {}

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private WriteProgress progress = WriteProgress.NONE;

    /** Adds a {@code __metadata__} entry (insertion order kept; duplicates rejected). */
    public SafetensorsWriter metadata(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate metadata key '" + key + "'");
        }
        return this;
    }

    public SafetensorsWriter progress(WriteProgress progress) {
        this.progress = progress == null ? WriteProgress.NONE : progress;
        return this;
    }

    /** Adds a tensor with its shape in PyTorch order (slowest-varying first, e.g. {@code [out, in]}). */
    public SafetensorsWriter addTensor(String name, SafetensorsDType dtype, long[] shape, TensorFiller filler) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        if (name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + name + "' is reserved for the metadata map");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        long bytes;
        try {
            long elements = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: "
                            + Arrays.toString(shape));
                }
                elements = Math.multiplyExact(elements, d);
            }
            bytes = Math.multiplyExact(elements, dtype.size());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "' shape " + Arrays.toString(shape) + " overflows");
        }
        names.add(name);
        tensors.add(new PendingTensor(name, dtype, shape.clone(), bytes, Objects.requireNonNull(filler, "filler")));
        return this;
    }

    /** Adds a copy of a plain (non-quantized) tensor; its ggml shape is reversed into PyTorch order. */
    public SafetensorsWriter addTensor(Tensor t) {
        SafetensorsDType dtype = SafetensorsDType.of(t.type());
        if (dtype == null) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' has type " + t.type()
                    + ", which safetensors cannot store (dequantize it first)");
        }
        return addTensor(t.name(), dtype, SafetensorsTensorInfo.reversed(t.shape()), TensorFiller.copyOf(t.data()));
    }

    /** The JSON header, padded with spaces to make 8 + its length a multiple of 8. */
    private byte[] encodeHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(SafetensorsHeader.METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (PendingTensor t : tensors) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + t.byteSize());
                g.writeEndArray();
                g.writeEndObject();
                offset += t.byteSize();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        while (out.size() % 8 != 0) {
            out.write(' ');
        }
        return out.toByteArray();
    }

    /**
     * Writes the file atomically. IO problems become a {@link SafetensorsException}; an exception
     * thrown by a filler propagates unchanged; either way an existing {@code out} is untouched.
     */
    public void write(Path out) {
        byte[] header = encodeHeader();
        long dataStart = 8L + header.length;
        long total = dataStart;
        for (PendingTensor t : tensors) {
            total += t.byteSize();
        }
        long fileSize = total;
        try {
            AtomicFileWriter.write(out, fileSize, file -> {
                file.set(U64, 0, header.length);
                MemorySegment.copy(MemorySegment.ofArray(header), 0, file, 8, header.length);
                long at = dataStart;
                for (PendingTensor t : tensors) {
                    t.filler().fill(file.asSlice(at, t.byteSize()));
                    at += t.byteSize();
                    progress.update(at, fileSize);
                }
            });
        } catch (IOException e) {
            throw new SafetensorsException(out, null, "cannot write safetensors file: " + e, e);
        }
    }
}
