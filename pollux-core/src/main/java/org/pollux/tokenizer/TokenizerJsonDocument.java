package org.pollux.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code tokenizer.json} split for fast loading: {@code model.vocab} and {@code model.merges}
 * (hundreds of thousands of entries for Gemma) are streamed straight into flat lists with Jackson's
 * token parser, everything else (small) is kept as a JSON tree. Building a full tree of the 33 MB
 * Gemma file costs several times longer.
 */
final class TokenizerJsonDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The document without {@code model}. */
    final ObjectNode root = JSON.createObjectNode();
    /** {@code model} without {@code vocab} and {@code merges}; null when absent. */
    ObjectNode model;
    final List<String> vocabPieces = new ArrayList<>();
    final IntList vocabIds = new IntList(1024);
    boolean hasVocab;
    /** Each merge as given: {@code [left, right]}, or {@code [text]} for the "a b" form. */
    final List<String[]> merges = new ArrayList<>();
    boolean hasMerges;

    private final String source;

    private TokenizerJsonDocument(String source) {
        this.source = source;
    }

    static TokenizerJsonDocument parse(String source, byte[] bytes) {
        TokenizerJsonDocument doc = new TokenizerJsonDocument(source);
        try (JsonParser p = JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build().createParser(bytes)) {
            p.setCodec(JSON);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw doc.fail(p, "top level is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                    doc.readModel(p);
                } else {
                    doc.root.set(name, p.readValueAsTree());
                }
            }
            if (p.nextToken() != null) {
                throw doc.fail(p, "trailing content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            long offset = offsetOf(e.getLocation());
            throw new TokenizerException(source, offset, "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerException(source, "cannot parse: " + e.getMessage(), e);
        }
        return doc;
    }

    private void readModel(JsonParser p) throws IOException {
        model = JSON.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("vocab") && t == JsonToken.START_OBJECT) {
                hasVocab = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String piece = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                        throw fail(p, "model.vocab['" + piece + "'] is not a token id");
                    }
                    vocabPieces.add(piece);
                    vocabIds.add(p.getIntValue());
                }
            } else if (name.equals("merges") && t == JsonToken.START_ARRAY) {
                hasMerges = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    merges.add(readMerge(p));
                }
            } else {
                model.set(name, p.readValueAsTree());
            }
        }
    }

    private String[] readMerge(JsonParser p) throws IOException {
        int index = merges.size();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return new String[] {p.getText()};
        }
        if (p.currentToken() == JsonToken.START_ARRAY) {
            String left = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            String right = left != null && p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            if (right != null && p.nextToken() == JsonToken.END_ARRAY) {
                return new String[] {left, right};
            }
        }
        throw fail(p, "model.merges[" + index + "] is neither [\"a\", \"b\"] nor \"a b\"");
    }

    private TokenizerException fail(JsonParser p, String message) {
        return new TokenizerException(source, offsetOf(p.currentLocation()), message);
    }

    /** Byte offset of a parser location; Jackson reports some positions only as char offsets. */
    private static long offsetOf(JsonLocation location) {
        if (location == null) {
            return -1;
        }
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    JsonNode rootField(String name) {
        return root.get(name);
    }
}
