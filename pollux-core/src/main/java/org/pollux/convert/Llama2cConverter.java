package org.pollux.convert;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufWriter;
import org.pollux.model.Architecture;
import org.pollux.model.ModelConfig;
import org.pollux.model.ModelLoadException;
import org.pollux.model.TensorNames;
import org.pollux.tensor.DType;

/**
 * {@code pollux convert --from llama2c}: a llama2.c checkpoint plus its tokenizer .bin → a
 * {@code llama} GGUF (F32) that Pollux and llama.cpp load.
 *
 * <p>Checkpoint (llama2.c "legacy" export, little-endian): seven int32 (dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size — negative when the classifier is not shared — and seq_len), then
 * float32 arrays, each covering all layers: token embedding [vocab, dim], rms_att [L, dim],
 * wq [L, dim, dim], wk/wv [L, kv_dim, dim], wo [L, dim, dim], rms_ffn [L, dim], w1 [L, hidden, dim],
 * w2 [L, dim, hidden], w3 [L, hidden, dim], rms_final [dim], two legacy RoPE tables
 * [seq_len, head_size/2] (skipped), then wcls [vocab, dim] when unshared. Matrices are row-major
 * [out, in], which is exactly a ggml [in, out] tensor, so rows are copied unchanged. llama2.c rotates
 * adjacent pairs, which is how llama GGUF files are laid out, so q/k need no permutation.
 *
 * <p>Tokenizer .bin: int32 max_token_length, then per token float32 score, int32 length, bytes.
 * llama2.c's exporter wrote spaces instead of SentencePiece's '▁' and wrapped BOS/EOS in newlines;
 * both are undone so the GGUF holds a standard SentencePiece vocabulary.
 */
public final class Llama2cConverter {
    private static final int HEADER_INTS = 7;

    private Llama2cConverter() {}

    /** Parsed header of a checkpoint. */
    public record Header(int dim, int hidden, int layers, int heads, int kvHeads, int vocab, boolean sharedClassifier,
            int seqLen) {
        int headSize() {
            return dim / heads;
        }

        int kvDim() {
            return kvHeads * headSize();
        }

        ModelConfig toConfig() {
            return ModelConfig.of(Architecture.LLAMA, layers, dim, heads, kvHeads, headSize(), hidden, vocab, seqLen, 0,
                    10_000f, 1f, sharedClassifier);
        }

        long floatsExpected() {
            long l = layers;
            long n = (long) vocab * dim + l * dim + l * dim * dim + 2 * l * kvDim() * dim + l * dim * dim + l * dim
                    + 3 * l * hidden * dim + dim + 2L * seqLen * (headSize() / 2);
            return sharedClassifier ? n : n + (long) vocab * dim;
        }
    }

    public static Header readHeader(Path checkpoint, ByteBuffer bytes) {
        if (bytes.remaining() < HEADER_INTS * 4) {
            throw new ModelLoadException(checkpoint + ": too short for a llama2.c header (" + bytes.remaining() + " bytes)");
        }
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int dim = b.getInt();
        int hidden = b.getInt();
        int layers = b.getInt();
        int heads = b.getInt();
        int kvHeads = b.getInt();
        int vocab = b.getInt();
        int seq = b.getInt();
        if (dim <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocab == 0 || seq <= 0
                || dim % heads != 0 || heads % kvHeads != 0) {
            throw new ModelLoadException(checkpoint + ": implausible llama2.c header dim=" + dim + " hidden=" + hidden
                    + " layers=" + layers + " heads=" + heads + " kv_heads=" + kvHeads + " vocab=" + vocab + " seq_len="
                    + seq + " (is this a llama2.c checkpoint of the legacy format?)");
        }
        return new Header(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), vocab > 0, seq);
    }

    /** Converts and writes {@code out} atomically. */
    public static void convert(Path checkpoint, Path tokenizerBin, Path out, String name) {
        ByteBuffer ckpt = readAll(checkpoint);
        Header h = readHeader(checkpoint, ckpt);
        long floats = (ckpt.remaining() - HEADER_INTS * 4L) / 4;
        if (floats != h.floatsExpected()) {
            throw new ModelLoadException(checkpoint + ": holds " + floats + " floats after the header, the header "
                    + h + " implies " + h.floatsExpected() + " (truncated file or another format)");
        }
        ModelConfig config = h.toConfig();
        MemorySegment data = MemorySegment.ofBuffer(ckpt).asSlice(HEADER_INTS * 4L);
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.ofString("llama"));
        w.put("general.name", GgufValue.ofString(name));
        Map<String, GgufValue> arch = new LinkedHashMap<>(config.toGgufMetadata());
        arch.remove("general.architecture");
        w.putAll(arch);
        w.put("general.file_type", GgufValue.ofU32(0));
        w.putAll(Llama2cVocabulary.read(tokenizerBin, h.vocab()).toGgufMetadata());

        // Offsets (in floats) of each array in the checkpoint.
        long d = h.dim();
        long l = h.layers();
        long kv = h.kvDim();
        long hid = h.hidden();
        long emb = 0;
        long rmsAtt = emb + h.vocab() * d;
        long wq = rmsAtt + l * d;
        long wk = wq + l * d * d;
        long wv = wk + l * kv * d;
        long wo = wv + l * kv * d;
        long rmsFfn = wo + l * d * d;
        long w1 = rmsFfn + l * d;
        long w2 = w1 + l * hid * d;
        long w3 = w2 + l * d * hid;
        long rmsFinal = w3 + l * hid * d;
        long wcls = rmsFinal + d + 2L * h.seqLen() * (h.headSize() / 2);

        copy(w, data, TensorNames.TOKEN_EMBD, emb, d, h.vocab());
        for (int i = 0; i < h.layers(); i++) {
            copy(w, data, TensorNames.Layer.ATTN_NORM.name(i), rmsAtt + i * d, d);
            copy(w, data, TensorNames.Layer.ATTN_Q.name(i), wq + i * d * d, d, d);
            copy(w, data, TensorNames.Layer.ATTN_K.name(i), wk + i * kv * d, d, kv);
            copy(w, data, TensorNames.Layer.ATTN_V.name(i), wv + i * kv * d, d, kv);
            copy(w, data, TensorNames.Layer.ATTN_OUTPUT.name(i), wo + i * d * d, d, d);
            copy(w, data, TensorNames.Layer.FFN_NORM.name(i), rmsFfn + i * d, d);
            copy(w, data, TensorNames.Layer.FFN_GATE.name(i), w1 + i * hid * d, d, hid);
            copy(w, data, TensorNames.Layer.FFN_DOWN.name(i), w2 + i * d * hid, hid, d);
            copy(w, data, TensorNames.Layer.FFN_UP.name(i), w3 + i * hid * d, d, hid);
        }
        copy(w, data, TensorNames.OUTPUT_NORM, rmsFinal, d);
        if (!h.sharedClassifier()) {
            copy(w, data, TensorNames.OUTPUT, wcls, d, h.vocab());
        }
        w.write(out);
    }

    private static void copy(GgufWriter w, MemorySegment data, String name, long floatOffset, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        long bytes = n * 4;
        MemorySegment src = data.asSlice(floatOffset * 4, bytes);
        w.addTensor(name, DType.F32, shape, target -> MemorySegment.copy(src, 0, target, 0, bytes));
    }

    static ByteBuffer readAll(Path p) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(p + ": file not found");
        } catch (IOException e) {
            throw new ModelLoadException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** llama2.c's tokenizer .bin, turned back into a SentencePiece vocabulary. */
    public record Llama2cVocabulary(String[] pieces, float[] scores, int[] types) {
        static final int NORMAL = 1;
        static final int UNKNOWN = 2;
        static final int CONTROL = 3;
        static final int BYTE = 6;

        public static Llama2cVocabulary read(Path file, int vocab) {
            ByteBuffer b = readAll(file);
            if (b.remaining() < 4) {
                throw new ModelLoadException(file + ": too short for a llama2.c tokenizer");
            }
            b.getInt(); // max_token_length: not needed
            String[] pieces = new String[vocab];
            float[] scores = new float[vocab];
            int[] types = new int[vocab];
            for (int i = 0; i < vocab; i++) {
                int at = b.position();
                if (b.remaining() < 8) {
                    throw new ModelLoadException(file + " @" + at + ": truncated at token " + i + " of " + vocab);
                }
                scores[i] = b.getFloat();
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new ModelLoadException(file + " @" + at + ": token " + i + " has length " + len
                            + ", " + b.remaining() + " bytes left");
                }
                byte[] raw = new byte[len];
                b.get(raw);
                String s = new String(raw, StandardCharsets.UTF_8);
                if (i == 0) {
                    pieces[i] = "<unk>";
                    types[i] = UNKNOWN;
                } else if (i == 1 || i == 2) {
                    pieces[i] = s.strip(); // "\n<s>\n" → "<s>", "\n</s>\n" → "</s>"
                    types[i] = CONTROL;
                } else if (s.length() == 6 && s.startsWith("<0x") && s.endsWith(">")) {
                    pieces[i] = s;
                    types[i] = BYTE;
                } else {
                    pieces[i] = s.replace(' ', '\u2581');
                    types[i] = NORMAL;
                }
            }
            if (b.hasRemaining()) {
                throw new ModelLoadException(file + ": " + b.remaining() + " bytes after the " + vocab
                        + " tokens the checkpoint expects (tokenizer of another model?)");
            }
            return new Llama2cVocabulary(pieces, scores, types);
        }

        /** llama.cpp's tokenizer keys for a SentencePiece ("llama") vocabulary. */
        public Map<String, GgufValue> toGgufMetadata() {
            Map<String, GgufValue> m = new LinkedHashMap<>();
            m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
            m.put("tokenizer.ggml.pre", GgufValue.ofString("default"));
            m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufValue.GgufArray.ofStrings(pieces)));
            m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValue.GgufArray.ofFloats(scores)));
            long[] t = new long[types.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = types[i];
            }
            m.put("tokenizer.ggml.token_type", GgufValue.ofArray(
                    GgufValue.GgufArray.ofInts(org.pollux.gguf.GgufType.INT32, t)));
            m.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(1));
            m.put("tokenizer.ggml.eos_token_id", GgufValue.ofU32(2));
            m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofU32(0));
            m.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(true));
            m.put("tokenizer.ggml.add_eos_token", GgufValue.ofBool(false));
            m.put("tokenizer.ggml.add_space_prefix", GgufValue.ofBool(true));
            return m;
        }
    }
}
