package org.pollux.serve.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.pollux.generate.TokenConstraint;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.api.ApiStatus;
import org.pollux.serve.generate.prompt.FunctionTools;
import org.pollux.tokenizer.Tokenizer;

/**
 * Builds the token constraints behind JSON mode, {@code text/x.enum} and function-calling mode
 * ANY (constrained decoding lives in pollux-core; the server wires it in). Each call returns a
 * fresh constraint for one generation. A schema it cannot honour is a 400 {@link ApiException}.
 */
public interface ConstraintFactory {

    /**
     * Output that is one JSON value matching {@code jsonSchema} (standard JSON Schema; {@code {}} =
     * any value); {@code endTokens} (end of turn, EOS) may end it wherever it is complete.
     */
    TokenConstraint forSchema(JsonNode jsonSchema, Tokenizer tokenizer, Set<Integer> endTokens);

    /**
     * Output that is one call {@code {"name": …, "args": …}} of a function in {@code allowedNames},
     * its args matching that function's parameters. By default this is {@link #forSchema} of
     * {@link #functionCallSchema}.
     */
    default TokenConstraint forFunctionCall(List<FunctionTools.Function> functions, Set<String> allowedNames,
            Tokenizer tokenizer, Set<Integer> endTokens) {
        return forSchema(functionCallSchema(functions, allowedNames), tokenizer, endTokens);
    }

    /** The JSON Schema of one call to any of the allowed functions. */
    static JsonNode functionCallSchema(List<FunctionTools.Function> functions, Set<String> allowedNames) {
        ArrayNode options = ApiJson.MAPPER.createArrayNode();
        for (FunctionTools.Function f : functions) {
            if (!allowedNames.contains(f.name())) {
                continue;
            }
            ObjectNode call = options.addObject();
            call.put("type", "object");
            ObjectNode props = call.putObject("properties");
            props.putObject("name").putArray("enum").add(f.name());
            if (f.parameters() != null) {
                props.set("args", f.parameters());
            } else {
                props.putObject("args").put("type", "object").put("additionalProperties", false);
            }
            call.putArray("required").add("name").add("args");
            call.putArray("propertyOrdering").add("name").add("args");
            call.put("additionalProperties", false);
        }
        if (options.size() == 1) {
            return options.get(0);
        }
        ObjectNode any = ApiJson.MAPPER.createObjectNode();
        any.set("anyOf", options);
        return any;
    }

    /** No constrained decoding on this server: JSON mode, enums and mode ANY answer 501. */
    ConstraintFactory UNAVAILABLE = (schema, tokenizer, endTokens) -> {
        throw new ApiException(ApiStatus.UNIMPLEMENTED, "Constrained decoding is not available on this server yet, "
                + "so responseMimeType application/json or text/x.enum and function calling mode ANY cannot be "
                + "served. Use text output and mode AUTO.");
    };
}
