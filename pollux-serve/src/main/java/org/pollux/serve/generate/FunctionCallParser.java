package org.pollux.serve.generate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.ToolPromptFormat;
import org.pollux.serve.generate.wire.FunctionCall;
import org.pollux.serve.generate.wire.Part;

/**
 * Reads function calls back from the model's text ({@link ToolPromptFormat}). In AUTO mode calls
 * are fenced blocks among text; in ANY mode the whole answer is one bare call object. A call that
 * does not parse, names an undeclared function, or has non-object args makes the answer
 * malformed (finish reason MALFORMED_FUNCTION_CALL) instead of an empty or misleading STOP.
 */
final class FunctionCallParser {
    /** Parts in order of appearance, or the reason the calls are malformed (then {@code parts} holds the raw text). */
    record Parsed(List<Part> parts, String malformed) {
        boolean hasCalls() {
            return parts.stream().anyMatch(p -> p.functionCall() != null);
        }
    }

    private FunctionCallParser() {}

    /** AUTO mode: text with zero or more {@code ```function_call} blocks. */
    static Parsed auto(String text, Set<String> names) {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (true) {
            int fence = text.indexOf(ToolPromptFormat.CALL_FENCE, pos);
            if (fence < 0) {
                addText(parts, text.substring(pos));
                return new Parsed(parts, null);
            }
            addText(parts, text.substring(pos, fence));
            int start = fence + ToolPromptFormat.CALL_FENCE.length();
            Read r = readJson(text, start);
            if (r.error != null) {
                return malformed(text, r.error);
            }
            String problem = check(r.value, names);
            if (problem != null) {
                return malformed(text, problem);
            }
            parts.add(callPart(r.value));
            int after = skipSpace(text, r.end);
            if (text.startsWith(ToolPromptFormat.END_FENCE, after)) {
                pos = after + ToolPromptFormat.END_FENCE.length();
            } else if (after == text.length()) {
                pos = after; // the model stopped right after the call, before closing the block
            } else {
                return malformed(text, "the function_call block is not closed after its JSON object");
            }
        }
    }

    /** ANY mode: the whole answer is one call object. */
    static Parsed forced(String text, Set<String> names) {
        Read r = readJson(text, 0);
        if (r.error != null) {
            return malformed(text, r.error);
        }
        if (skipSpace(text, r.end) != text.length()) {
            return malformed(text, "text follows the function call object");
        }
        String problem = check(r.value, names);
        return problem != null ? malformed(text, problem) : new Parsed(List.of(callPart(r.value)), null);
    }

    private static Part callPart(JsonNode call) {
        JsonNode args = call.get("args");
        FunctionCall fc = new FunctionCall(null, call.get("name").asText(),
                args == null || args.isNull() ? ApiJson.MAPPER.createObjectNode() : args);
        return Part.ofCall(fc, ThoughtSignatures.sign(fc));
    }

    private static String check(JsonNode call, Set<String> names) {
        if (!call.isObject()) {
            return "a function call must be a JSON object, got " + call.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        JsonNode name = call.get("name");
        if (name == null || !name.isTextual()) {
            return "the function call has no \"name\" string";
        }
        if (!names.contains(name.asText())) {
            return "\"" + name.asText() + "\" is not a declared function";
        }
        JsonNode args = call.get("args");
        if (args != null && !args.isObject() && !args.isNull()) {
            return "the \"args\" of " + name.asText() + " must be a JSON object";
        }
        return null;
    }

    private static Parsed malformed(String text, String why) {
        return new Parsed(List.of(Part.ofText(text)), why);
    }

    private static void addText(List<Part> parts, String s) {
        if (!s.isBlank()) {
            parts.add(Part.ofText(s));
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private record Read(JsonNode value, int end, String error) {}

    /** One JSON value starting at {@code from} (after whitespace); {@code end} is the index after it. */
    private static Read readJson(String text, int from) {
        String rest = text.substring(from);
        try (JsonParser p = ApiJson.MAPPER.createParser(rest)) {
            if (p.nextToken() == null) {
                return new Read(null, 0, "the function call is empty");
            }
            JsonNode value = ApiJson.MAPPER.readTree(p);
            int end = from + (int) p.currentLocation().getCharOffset();
            return new Read(value, end, null);
        } catch (IOException e) {
            String msg = e.getMessage();
            int nl = msg == null ? -1 : msg.indexOf('\n');
            return new Read(null, 0, "the function call is not valid JSON: " + (nl > 0 ? msg.substring(0, nl) : msg));
        }
    }
}
