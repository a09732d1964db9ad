package org.pollux.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks that a {@code tokenizer.json}'s normalizer and pre-tokenizer describe SentencePiece-style
 * text handling (spaces → ▁, optionally a ▁ prepended, no splitting) and says whether a ▁ is
 * prepended. Anything else (byte-level, NFKC, Metaspace with splitting, ...) is rejected by name:
 * tokenizing it as SentencePiece-style would give different ids without any error.
 *
 * <p>Accepted: normalizer {@code Replace(" " → "▁")}, optionally preceded by {@code Prepend("▁")}
 * in a {@code Sequence} (Gemma, Llama 2), with pre-tokenizer null or {@code Split(" ")} (a no-op once
 * spaces are gone); or normalizer null with a {@code Metaspace} pre-tokenizer that does not split.
 */
final class HfNormalization {
    private static final String SPACE_PIECE = "\u2581";

    private HfNormalization() {}

    /** Whether a ▁ is prepended to the text; throws for unsupported combinations. */
    static boolean addsSpacePrefix(JsonNode normalizer, JsonNode preTokenizer, String source) {
        String preType = type(preTokenizer);
        if (preType.equals("Metaspace")) {
            if (!isNull(normalizer)) {
                throw unsupported(source, "normalizer " + normalizer + " together with a Metaspace pre_tokenizer");
            }
            if (preTokenizer.path("split").asBoolean(true)
                    || !preTokenizer.path("replacement").asText(SPACE_PIECE).equals(SPACE_PIECE)) {
                throw unsupported(source, "Metaspace pre_tokenizer with split=true or a replacement other than ▁");
            }
            String legacy = preTokenizer.path("add_prefix_space").asBoolean(true) ? "always" : "never";
            return !preTokenizer.path("prepend_scheme").asText(legacy).equals("never");
        }
        boolean splitOnSpace = preType.equals("Split") && preTokenizer.path("pattern").path("String").asText("").equals(" ");
        if (!isNull(preTokenizer) && !splitOnSpace) {
            throw unsupported(source, "pre_tokenizer " + preTokenizer);
        }
        if (isReplaceSpace(normalizer)) {
            return false;
        }
        if (type(normalizer).equals("Sequence")) {
            JsonNode steps = normalizer.path("normalizers");
            if (steps.size() == 1 && isReplaceSpace(steps.get(0))) {
                return false;
            }
            if (steps.size() == 2 && type(steps.get(0)).equals("Prepend")
                    && steps.get(0).path("prepend").asText("").equals(SPACE_PIECE) && isReplaceSpace(steps.get(1))) {
                return true;
            }
        }
        throw unsupported(source, "normalizer " + (isNull(normalizer) ? "null" : normalizer.toString())
                + " (expected Replace(' ' → '▁'), optionally after Prepend('▁'))");
    }

    private static boolean isReplaceSpace(JsonNode n) {
        return type(n).equals("Replace") && n.path("pattern").path("String").asText("").equals(" ")
                && n.path("content").asText("").equals(SPACE_PIECE);
    }

    private static String type(JsonNode n) {
        return isNull(n) ? "" : n.path("type").asText("");
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static TokenizerException unsupported(String source, String what) {
        return new TokenizerException(source + ": " + what + " is not supported; only SentencePiece-style BPE"
                + " tokenizer.json files are (for byte-level models use the GGUF)");
    }
}
