package org.pollux.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.pollux.gguf.GgufException;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufMetadata;

/**
 * Loads tokenizers from the three formats real models ship: GGUF metadata, Hugging Face
 * {@code tokenizer.json} (BPE models), and SentencePiece {@code .model} protobufs.
 */
public final class Tokenizers {
    private Tokenizers() {}

    /** Loads from a GGUF, a {@code tokenizer.json} or a {@code .model} file, recognized by content. */
    public static Tokenizer load(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F') {
                try (GgufFile f = GgufFile.open(path)) {
                    return fromGguf(f.metadata(), path.toString());
                }
            }
            byte[] all = Files.readAllBytes(path);
            int i = 0;
            while (i < all.length && Character.isWhitespace(all[i])) {
                i++;
            }
            if (i < all.length && all[i] == '{') {
                return fromHuggingFaceJson(all, path.toString());
            }
            return SentencePieceModelReader.read(path.toString(), all);
        } catch (NoSuchFileException e) {
            throw new TokenizerException(path + ": file not found");
        } catch (IOException e) {
            throw new TokenizerException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The tokenizer described by GGUF {@code tokenizer.ggml.*} keys. */
    public static Tokenizer fromGguf(GgufMetadata md, String source) {
        try {
            if (!md.has("tokenizer.ggml.model")) {
                throw new TokenizerException(source + ": no tokenizer in this file (key 'tokenizer.ggml.model' is missing)");
            }
            String model = md.getString("tokenizer.ggml.model");
            String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
            int n = tokens.length;
            float[] scores = md.has("tokenizer.ggml.scores") ? md.getFloatArray("tokenizer.ggml.scores") : new float[n];
            TokenType[] types = new TokenType[n];
            if (md.has("tokenizer.ggml.token_type")) {
                int[] codes = md.getIntArray("tokenizer.ggml.token_type");
                if (codes.length != n) {
                    throw new TokenizerException(source + ": " + codes.length + " token types for " + n + " tokens");
                }
                for (int i = 0; i < n; i++) {
                    types[i] = TokenType.fromCode(codes[i]);
                }
            } else {
                Arrays.fill(types, TokenType.NORMAL);
            }
            if (scores.length != n) {
                throw new TokenizerException(source + ": " + scores.length + " scores for " + n + " tokens");
            }
            Vocabulary v = new Vocabulary(tokens, scores, types);
            return switch (model) {
                case "llama" -> SentencePieceTokenizer.byScores(v,
                        md.getInt("tokenizer.ggml.bos_token_id", 1),
                        md.getInt("tokenizer.ggml.eos_token_id", 2),
                        md.getInt("tokenizer.ggml.unknown_token_id", 0),
                        md.getBoolean("tokenizer.ggml.add_bos_token", true),
                        md.getBoolean("tokenizer.ggml.add_space_prefix", true));
                case "gpt2" -> new Gpt2Tokenizer(v, md.getStringArray("tokenizer.ggml.merges"),
                        ByteLevelPreTokenizer.forGgufName(md.getString("tokenizer.ggml.pre", null), source),
                        md.getInt("tokenizer.ggml.bos_token_id", 11),
                        md.getInt("tokenizer.ggml.eos_token_id", 11),
                        md.getBoolean("tokenizer.ggml.add_bos_token", false));
                default -> throw new TokenizerException(source + ": tokenizer model '" + model
                        + "' is not supported (supported: llama, gpt2)");
            };
        } catch (GgufException e) {
            throw new TokenizerException(source + ": " + e.getMessage(), e);
        }
    }

    /** A Hugging Face {@code tokenizer.json} holding a BPE model with byte fallback (Gemma's). */
    public static Tokenizer fromHuggingFaceJson(byte[] json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerException(source + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerException(source + ": " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new TokenizerException(source + ": model.type is '" + model.path("type").asText()
                    + "', only BPE is supported");
        }
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new TokenizerException(source + ": model.vocab is missing or empty");
        }
        int size = 0;
        for (Iterator<JsonNode> it = vocabNode.elements(); it.hasNext(); ) {
            size = Math.max(size, it.next().asInt(-1) + 1);
        }
        for (JsonNode a : root.path("added_tokens")) {
            size = Math.max(size, a.path("id").asInt(-1) + 1);
        }
        String[] pieces = new String[size];
        TokenType[] types = new TokenType[size];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0) {
                throw new TokenizerException(source + ": vocab entry '" + e.getKey() + "' has no valid id");
            }
            pieces[id] = e.getKey();
            types[id] = e.getKey().matches("<0x[0-9A-F]{2}>") ? TokenType.BYTE : TokenType.NORMAL;
        }
        for (JsonNode a : root.path("added_tokens")) {
            int id = a.path("id").asInt(-1);
            String content = a.path("content").asText(null);
            if (id < 0 || content == null) {
                throw new TokenizerException(source + ": added token without id or content: " + a);
            }
            pieces[id] = content;
            types[id] = a.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED;
        }
        for (int i = 0; i < size; i++) {
            if (pieces[i] == null) {
                throw new TokenizerException(source + ": no piece has id " + i + " (ids must be contiguous)");
            }
        }
        String unkPiece = model.path("unk_token").asText(null);
        Map<String, Integer> ranks = new HashMap<>();
        int rank = 0;
        for (JsonNode m : model.path("merges")) {
            String left;
            String right;
            if (m.isArray() && m.size() == 2) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else if (m.isTextual() && m.asText().indexOf(' ') > 0) {
                left = m.asText().substring(0, m.asText().indexOf(' '));
                right = m.asText().substring(m.asText().indexOf(' ') + 1);
            } else {
                throw new TokenizerException(source + ": merge #" + rank + " is malformed: " + m);
            }
            ranks.putIfAbsent(SentencePieceTokenizer.mergeKey(left, right), rank++);
        }
        Vocabulary v = new Vocabulary(pieces, new float[size], types);
        int unk = unkPiece == null ? -1 : v.id(unkPiece).orElse(-1);
        if (unk >= 0) {
            types[unk] = TokenType.UNKNOWN;
            v = new Vocabulary(pieces, new float[size], types);
        }
        int bos = v.id("<bos>").orElse(v.id("<s>").orElse(0));
        int eos = v.id("<eos>").orElse(v.id("</s>").orElse(0));
        boolean prefix = HfNormalization.addsSpacePrefix(root.get("normalizer"), root.get("pre_tokenizer"), source);
        boolean addBos = root.path("post_processor").toString().contains("\"" + v.piece(bos) + "\"");
        return SentencePieceTokenizer.byRanks(v, ranks, bos, eos, unk, addBos, prefix);
    }
}
