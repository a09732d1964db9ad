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
 * system turn, one JSON object per line ({@code name}, {@code description}, {@code parameters} as
 * JSON Schema), followed by the instructions below. The same fences are what
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
        b.append("You can call the following functions. Each is described by one JSON object with its name, ")
                .append("description and parameters (JSON Schema):\n```function_declarations\n");
        for (FunctionTools.Function f : tools.callable()) {
            ObjectNode d = ApiJson.MAPPER.createObjectNode();
            d.put("name", f.name());
            d.put("description", f.description());
            if (f.parameters() != null) {
                d.set("parameters", f.parameters());
            }
            b.append(compact(d)).append('\n');
        }
        b.append(END_FENCE).append('\n');
        b.append(tools.mode() == FunctionTools.Mode.ANY
                ? "You must answer with a function call.\n"
                : "To call a function, answer with a block like the one below (one block per call) and write nothing "
                        + "after your calls:\n");
        b.append(CALL_FENCE).append("\n{\"name\":\"function_name\",\"args\":{\"parameter\":\"value\"}}\n")
                .append(END_FENCE).append('\n');
        b.append("Function results come back in ").append(RESPONSE_FENCE).append(" blocks.");
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
