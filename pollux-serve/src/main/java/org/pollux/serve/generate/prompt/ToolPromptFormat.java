package org.pollux.serve.generate.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pollux.serve.api.ApiJson;

/**
 * How functions appear in the prompt text, and how the model is told to call them. Served models
 * (Gemma, Llama) have no function-calling tokens, so calls are fenced JSON blocks:
 *
 * <pre>
 * ```function_call
 * {"name":"get_weather","args":{"city":"Paris"}}
 * ```
 * </pre>
 *
 * Results go back in {@code ```function_response} blocks holding {@code {"name","response"}}
 * (plus {@code "id"} when the client gave one). The declarations are listed at the end of the
 * system turn, one JSON object per line ({@code name}, {@code description} when given,
 * {@code parameters} as JSON Schema), in a {@code ```function_declarations} block followed by a
 * two-line instruction and an example call. Small contexts are the norm for local models, so the
 * wording is kept short. The same fences are what
 * {@code FunctionCallParser} reads back from the model's answer; in ANY mode the answer is forced to
 * be the bare JSON object of one call.
 */
public final class ToolPromptFormat {
    /** Opens a call block in the model's output. */
    public static final String CALL_FENCE = "```function_call";
    /** Opens a function result block. */
    public static final String RESPONSE_FENCE = "```function_response";
    /** Closes any block. */
    public static final String END_FENCE = "```";

    private ToolPromptFormat() {}

    /** The text appended to the system turn for {@code tools} (empty when they are not active). */
    public static String declarations(FunctionTools tools) {
        if (!tools.active()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append("Functions you can call (parameters as JSON Schema):\n```function_declarations\n");
        for (FunctionTools.Function f : tools.callable()) {
            ObjectNode d = ApiJson.MAPPER.createObjectNode();
            d.put("name", f.name());
            if (!f.description().isEmpty()) {
                d.put("description", f.description());
            }
            if (f.parameters() != null) {
                d.set("parameters", f.parameters());
            }
            b.append(compact(d)).append('\n');
        }
        b.append(END_FENCE).append('\n');
        b.append(tools.mode() == FunctionTools.Mode.ANY ? "Answer with a function call." : "To call functions, end "
                + "your answer with one block per call:");
        b.append('\n').append(CALL_FENCE).append("\n{\"name\":\"...\",\"args\":{...}}\n").append(END_FENCE).append('\n');
        b.append("Results come back in ").append(RESPONSE_FENCE).append(" blocks.");
        return b.toString();
    }

    /** A call in a model turn. */
    public static String call(String name, JsonNode args) {
        ObjectNode c = ApiJson.MAPPER.createObjectNode();
        c.put("name", name);
        c.set("args", args == null ? ApiJson.MAPPER.createObjectNode() : args);
        return CALL_FENCE + "\n" + compact(c) + "\n" + END_FENCE;
    }

    /** A function's result in a user turn. */
    public static String response(String id, String name, JsonNode response) {
        ObjectNode r = ApiJson.MAPPER.createObjectNode();
        if (id != null) {
            r.put("id", id);
        }
        r.put("name", name);
        r.set("response", response == null ? ApiJson.MAPPER.createObjectNode() : response);
        return RESPONSE_FENCE + "\n" + compact(r) + "\n" + END_FENCE;
    }

    private static String compact(JsonNode n) {
        return new String(ApiJson.write(n), java.nio.charset.StandardCharsets.UTF_8);
    }
}
