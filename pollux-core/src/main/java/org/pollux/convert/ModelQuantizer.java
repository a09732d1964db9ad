package org.pollux.convert;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufTensorInfo;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufWriter;
import org.pollux.tensor.DType;
import org.pollux.tensor.Ops;
import org.pollux.tensor.Quantizer;
import org.pollux.tensor.Tensor;

/**
 * {@code pollux quantize}: rewrites a GGUF model with its weight matrices in a smaller type.
 *
 * <p>Which tensors change (the same rule as llama-quantize's default mixes, simplified): every
 * matrix is converted to the target type, except that the token embedding table gets Q8_0 when the
 * target is a 4-bit type (it doubles as the output layer when embeddings are tied, where 4 bits
 * cost the most quality); 1-D tensors (norms) stay as they are; matrices whose row length is not a
 * multiple of the target block size are kept. Metadata is copied and {@code general.file_type} set.
 */
public final class ModelQuantizer {
    private ModelQuantizer() {}

    /** The {@code general.file_type} code llama.cpp uses for a whole-file target type. */
    public static int fileType(DType target) {
        return switch (target) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q4_1 -> 3;
            case Q8_0 -> 7;
            case Q4_K -> 15; // "Q4_K_M" is the closest named mix
            case Q5_K -> 17;
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException("no file type for " + target);
        };
    }

    /** The type a tensor gets when the file is quantized to {@code target}. */
    public static DType typeFor(GgufTensorInfo info, DType target) {
        long[] shape = info.shape();
        if (shape.length < 2 || !info.type().equals(DType.F32) && !info.type().equals(DType.F16)
                && !info.type().equals(DType.BF16) && !info.type().isQuantized()) {
            return info.type();
        }
        DType t = target;
        boolean fourBit = target == DType.Q4_0 || target == DType.Q4_1 || target == DType.Q4_K;
        if (fourBit && info.name().equals("token_embd.weight")) {
            t = DType.Q8_0;
        }
        return shape[0] % t.blockSize() == 0 ? t : info.type();
    }

    /**
     * Writes {@code out} with the tensors of {@code in} converted as {@link #typeFor} says.
     *
     * @param progress receives the number of input rows processed so far (may be null)
     */
    public static void quantize(Path in, Path out, DType target, LongConsumer progress) {
        if (!Quantizer.supports(target)) {
            throw new IllegalArgumentException("cannot quantize to " + target + " (supported: q8_0, q4_0, q4_k, f16, bf16)");
        }
        try (GgufFile src = GgufFile.open(in)) {
            GgufWriter w = new GgufWriter();
            for (Map.Entry<String, GgufValue> e : src.metadata().asMap().entrySet()) {
                switch (e.getKey()) {
                    case "general.file_type", "general.quantization_version", GgufFile.KEY_ALIGNMENT -> { }
                    default -> w.put(e.getKey(), e.getValue());
                }
            }
            w.put("general.file_type", GgufValue.ofU32(fileType(target)));
            w.put("general.quantization_version", GgufValue.ofU32(2));
            long[] rowsDone = {0};
            for (GgufTensorInfo info : src.tensorInfos().values()) {
                Tensor t = src.tensor(info.name());
                DType dst = typeFor(info, target);
                if (dst == info.type()) {
                    w.addTensor(t);
                    continue;
                }
                w.addTensor(info.name(), dst, info.shape(), seg -> {
                    int cols = t.cols();
                    long dstRowBytes = dst.bytesFor(cols);
                    float[] row = new float[cols];
                    for (int r = 0; r < t.rows(); r++) {
                        Ops.dequantizeRow(t, r, row, 0);
                        Quantizer.quantize(dst, row, 0, cols, seg, r * dstRowBytes);
                        if (progress != null) {
                            progress.accept(++rowsDone[0]);
                        }
                    }
                });
            }
            w.write(out);
        }
    }

    /** Total rows {@link #quantize} will report (the rows it converts), for sizing a progress bar. */
    public static long rowsToConvert(Path in, DType target) {
        try (GgufFile src = GgufFile.open(in)) {
            long rows = 0;
            for (GgufTensorInfo info : src.tensorInfos().values()) {
                if (typeFor(info, target) != info.type()) {
                    rows += info.elementCount() / Math.max(1, info.shape()[0]);
                }
            }
            return rows;
        }
    }
}
