package org.pollux.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a Hugging Face {@code tokenizer.json} whose model is BPE. Two shapes are understood:
 * <ul>
 *   <li>SentencePiece-style (Gemma, Llama 2): normalizer {@code Replace(" " → "▁")}, optionally
 *       preceded by {@code Prepend("▁")}, or a {@code Metaspace} pre-tokenizer without splitting;
 *       byte fallback. → {@link HfBpeTokenizer}</li>
 *   <li>Byte-level (GPT-2): {@code ByteLevel} pre-tokenizer with the GPT-2 regex. →
 *       {@link Gpt2BpeTokenizer}</li>
 * </ul>
 * Merge ranks are the merges list order (entries either {@code ["a", "b"]} or {@code "a b"}).
 * Added tokens flagged {@code special} become control tokens (split out only with special parsing),
 * the others user-defined (always split out, as Hugging Face does). BOS comes from the
 * {@code TemplateProcessing} post-processor (which also decides whether BOS is added); EOS and
 * padding are found by their conventional names ({@code <eos>}, {@code </s>}, {@code <|endoftext|>},
 * {@code <pad>}). Anything else is rejected with the JSON path and value that did not fit.
 */
public final class HfTokenizerJsonReader {
    private static final String SPACE_PIECE = String.valueOf(SentencePieceText.SPACE);

    private final String source;

    private HfTokenizerJsonReader(String source) {
        this.source = source;
    }

    public static Tokenizer read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes);
    }

    /** Parses the JSON in {@code bytes}; {@code source} names it in errors. */
    public static Tokenizer parse(String source, byte[] bytes) {
        return new HfTokenizerJsonReader(source).build(TokenizerJsonDocument.parse(source, bytes));
    }

    private Tokenizer build(TokenizerJsonDocument doc) {
        JsonNode root = doc.root;
        JsonNode model = doc.model;
        if (model == null) {
            throw fail("'model' is missing or not an object");
        }
        String type = model.has("type") ? text(model, "type", "model.type") : "BPE";
        if (!type.equals("BPE")) {
            throw fail("model.type is '" + type + "'; only BPE is supported");
        }
        rejectUnsupportedBpeOptions(model);
        Vocabulary vocab = vocabulary(doc);
        MergeTable merges = merges(doc, vocab);
        boolean addBos = bosFromPostProcessor(root.get("post_processor"), vocab) != Vocabulary.NONE;

        JsonNode normalizer = root.get("normalizer");
        JsonNode pre = root.get("pre_tokenizer");
        if (typeOf(pre).equals("ByteLevel")) {
            if (!isNull(normalizer)) {
                throw fail("normalizer '" + typeOf(normalizer) + "' with a ByteLevel pre_tokenizer is not supported");
            }
            if (pre.path("add_prefix_space").asBoolean(false) || !pre.path("use_regex").asBoolean(true)) {
                throw fail("ByteLevel pre_tokenizer with add_prefix_space=true or use_regex=false is not supported");
            }
            return new Gpt2BpeTokenizer(vocab, merges, ByteLevelPreTokenizer.GPT2, addBos);
        }
        boolean addPrefix = sentencePieceNormalization(normalizer, pre);
        return new HfBpeTokenizer(vocab, merges, addBos, addPrefix,
                model.path("byte_fallback").asBoolean(false), model.path("ignore_merges").asBoolean(false),
                model.path("fuse_unk").asBoolean(false));
    }

    private void rejectUnsupportedBpeOptions(JsonNode model) {
        for (String key : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            JsonNode v = model.get(key);
            if (!isNull(v) && !v.asText().isEmpty()) {
                throw fail("model." + key + " = '" + v.asText() + "' is not supported");
            }
        }
        JsonNode dropout = model.get("dropout");
        if (!isNull(dropout) && dropout.asDouble() != 0.0) {
            throw fail("model.dropout = " + dropout + " is not supported (inference needs deterministic BPE)");
        }
    }

    /** Returns whether a ▁ is prepended; fails for normalizers / pre-tokenizers this engine lacks. */
    private boolean sentencePieceNormalization(JsonNode normalizer, JsonNode pre) {
        if (typeOf(pre).equals("Metaspace")) {
            if (!isNull(normalizer)) {
                throw fail("normalizer '" + typeOf(normalizer) + "' together with a Metaspace pre_tokenizer is not supported");
            }
            if (pre.path("split").asBoolean(true) || !pre.path("replacement").asText(SPACE_PIECE).equals(SPACE_PIECE)) {
                throw fail("Metaspace pre_tokenizer with split=true or a replacement other than ▁ is not supported");
            }
            String scheme = pre.path("prepend_scheme").asText(pre.path("add_prefix_space").asBoolean(true) ? "always" : "never");
            return !scheme.equals("never");
        }
        boolean splitOnSpace = typeOf(pre).equals("Split") && pre.path("pattern").path("String").asText("").equals(" ");
        if (!isNull(pre) && !splitOnSpace) {
            throw fail("pre_tokenizer '" + typeOf(pre) + "' is not supported with a SentencePiece-style normalizer");
        }
        // Splitting on " " is a no-op here: the normalizer already turned every space into ▁.
        if (isReplaceSpace(normalizer)) {
            return false;
        }
        if (typeOf(normalizer).equals("Sequence")) {
            JsonNode steps = normalizer.path("normalizers");
            if (steps.size() == 2 && typeOf(steps.get(0)).equals("Prepend")
                    && steps.get(0).path("prepend").asText().equals(SPACE_PIECE) && isReplaceSpace(steps.get(1))) {
                return true;
            }
            if (steps.size() == 1 && isReplaceSpace(steps.get(0))) {
                return false;
            }
        }
        throw fail("normalizer " + (isNull(normalizer) ? "null" : normalizer.toString())
                + " is not supported; expected Replace(' ' → '▁'), optionally after Prepend('▁')");
    }

    private static boolean isReplaceSpace(JsonNode n) {
        return typeOf(n).equals("Replace") && n.path("pattern").path("String").asText("").equals(" ")
                && n.path("content").asText("").equals(SPACE_PIECE);
    }

    private Vocabulary vocabulary(TokenizerJsonDocument doc) {
        JsonNode root = doc.root;
        JsonNode model = doc.model;
        if (!doc.hasVocab) {
            throw fail("model.vocab is missing or not an object");
        }
        int size = 0;
        for (int i = 0; i < doc.vocabIds.size(); i++) {
            size = Math.max(size, doc.vocabIds.get(i) + 1);
        }
        JsonNode added = root.path("added_tokens");
        if (!added.isMissingNode() && !added.isNull() && !added.isArray()) {
            throw fail("added_tokens is not an array");
        }
        for (int i = 0; i < added.size(); i++) {
            size = Math.max(size, id(added.get(i).get("id"), "added_tokens[" + i + "].id") + 1);
        }
        String[] pieces = new String[size];
        TokenType[] types = new TokenType[size];
        for (int i = 0; i < doc.vocabIds.size(); i++) {
            int id = doc.vocabIds.get(i);
            String piece = doc.vocabPieces.get(i);
            pieces[id] = piece;
            types[id] = Vocabulary.byteValue(piece) >= 0 ? TokenType.BYTE : TokenType.NORMAL;
        }
        String unk = model.hasNonNull("unk_token") ? text(model, "unk_token", "model.unk_token") : null;
        for (int i = 0; i < added.size(); i++) {
            JsonNode a = added.get(i);
            int id = a.get("id").intValue();
            pieces[id] = text(a, "content", "added_tokens[" + i + "].content");
            boolean special = a.path("special").asBoolean(false);
            types[id] = pieces[id].equals(unk) ? TokenType.UNKNOWN : special ? TokenType.CONTROL : TokenType.USER_DEFINED;
        }
        for (int i = 0; i < size; i++) {
            if (pieces[i] == null) {
                throw fail("token id " + i + " is in neither model.vocab nor added_tokens (ids must be contiguous)");
            }
        }
        Vocabulary draft = new Vocabulary(source, pieces, null, types, Vocabulary.NONE, Vocabulary.NONE,
                Vocabulary.NONE, Vocabulary.NONE);
        int unkId = unk == null ? Vocabulary.NONE : draft.id(unk);
        if (unk != null && unkId == Vocabulary.NONE) {
            throw fail("model.unk_token '" + unk + "' is not in the vocabulary");
        }
        int bos = bosFromPostProcessor(root.get("post_processor"), draft);
        if (bos == Vocabulary.NONE) {
            bos = firstPresent(draft, "<bos>", "<s>", "<|begin_of_text|>");
        }
        return draft.withSpecialIds(source, bos,
                firstPresent(draft, "<eos>", "</s>", "<|endoftext|>", "<|end_of_text|>"), unkId,
                firstPresent(draft, "<pad>"));
    }

    private static int firstPresent(Vocabulary vocab, String... pieces) {
        for (String p : pieces) {
            int id = vocab.id(p);
            if (id != Vocabulary.NONE) {
                return id;
            }
        }
        return Vocabulary.NONE;
    }

    /** The id of the special token a TemplateProcessing post-processor puts first, or NONE. */
    private int bosFromPostProcessor(JsonNode post, Vocabulary vocab) {
        if (!typeOf(post).equals("TemplateProcessing")) {
            return Vocabulary.NONE;
        }
        JsonNode first = post.path("single").path(0).path("SpecialToken").path("id");
        if (!first.isTextual()) {
            return Vocabulary.NONE;
        }
        int id = vocab.id(first.asText());
        if (id == Vocabulary.NONE) {
            throw fail("post_processor.single[0] names special token '" + first.asText() + "', which is not in the vocabulary");
        }
        return id;
    }

    private MergeTable merges(TokenizerJsonDocument doc, Vocabulary vocab) {
        if (!doc.hasMerges) {
            throw fail("model.merges is missing or not an array");
        }
        MergeTable table = new MergeTable(doc.merges.size());
        for (int i = 0; i < doc.merges.size(); i++) {
            String[] m = doc.merges.get(i);
            String left;
            String right;
            if (m.length == 2) {
                left = m[0];
                right = m[1];
            } else {
                int space = m[0].indexOf(' ', 1);
                if (space < 0) {
                    throw fail("model.merges[" + i + "] = \"" + m[0] + "\" is not \"left right\"");
                }
                left = m[0].substring(0, space);
                right = m[0].substring(space + 1);
            }
            MergeLists.add(table, vocab, left, right, source + " model.merges", i);
        }
        return table;
    }

    private String text(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw fail(path + " is missing or not a string");
        }
        return n.asText();
    }

    private int id(JsonNode n, String path) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
            throw fail(path + " = " + n + " is not a token id");
        }
        return n.intValue();
    }

    private static String typeOf(JsonNode n) {
        return isNull(n) ? "" : n.path("type").asText("");
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private TokenizerException fail(String message) {
        return new TokenizerException(source, message);
    }
}
