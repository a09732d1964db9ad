package org.pollux.train.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.safetensors.SafetensorsDType;
import org.pollux.safetensors.SafetensorsException;
import org.pollux.safetensors.SafetensorsFile;
import org.pollux.safetensors.SafetensorsTensorInfo;
import org.pollux.safetensors.SafetensorsWriter;

/**
 * Named fp32 arrays as a safetensors file, exactly (little-endian, bit for bit), with pollux-core's
 * writer and reader. Reading checks that the file holds exactly the expected names, each F32
 * with the expected shape.
 */
final class FloatTensors {
    private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** An array with its shape in PyTorch order. */
    record Entry(long[] shape, float[] data) {}

    private FloatTensors() {}

    static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) {
        SafetensorsWriter w = new SafetensorsWriter();
        metadata.forEach(w::metadata);
        tensors.forEach((name, e) -> w.addTensor(name, SafetensorsDType.F32, e.shape(),
                target -> MemorySegment.copy(e.data(), 0, target, LE, 0, e.data().length)));
        w.write(file);
    }

    /** Copies every tensor of the file into the arrays of {@code into} (same names, shapes and sizes). */
    static void readInto(Path file, Map<String, Entry> into) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.tensorInfos().keySet()) {
                if (!into.containsKey(name)) {
                    throw new CheckpointException(file, "tensor '" + name + "' is not part of this model");
                }
            }
            for (Map.Entry<String, Entry> e : into.entrySet()) {
                if (!f.hasTensor(e.getKey())) {
                    throw new CheckpointException(file, "tensor '" + e.getKey() + "' is missing");
                }
                SafetensorsTensorInfo info = f.info(e.getKey());
                if (info.dtype() != SafetensorsDType.F32 || !Arrays.equals(info.shape(), e.getValue().shape())) {
                    throw new CheckpointException(file, "tensor '" + e.getKey() + "' is " + info.dtype() + " "
                            + Arrays.toString(info.shape()) + ", expected F32 " + Arrays.toString(e.getValue().shape()));
                }
                float[] dst = e.getValue().data();
                MemorySegment.copy(f.bytes(e.getKey()), LE, 0, dst, 0, dst.length);
            }
        } catch (SafetensorsException e) {
            throw new CheckpointException(file, "unreadable safetensors file: " + e.getMessage(), e);
        }
    }

    static Map<String, Entry> ordered() {
        return new LinkedHashMap<>();
    }
}
