package org.pollux.serve.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.FunctionTools;
import org.pollux.serve.generate.wire.Part;

/**
 * Turns generated text into response parts according to the plan: function calls (AUTO: fenced
 * blocks among text; ANY: one bare call), a bare enum value ({@code text/x.enum}: the constrained
 * output is a JSON string), or plain text (also JSON mode, whose text is the JSON).
 */
final class OutputReader {
    private OutputReader() {}

    /** The parts of {@code text} (the part of the answer not streamed yet, or all of it). */
    static FunctionCallParser.Parsed read(GenerationPlan plan, String text) {
        FunctionTools tools = plan.tools();
        if (tools.active()) {
            var names = tools.callable().stream().map(FunctionTools.Function::name).collect(Collectors.toSet());
            return tools.mode() == FunctionTools.Mode.ANY ? FunctionCallParser.forced(text, names)
                    : FunctionCallParser.auto(text, names);
        }
        if (plan.output().kind() == OutputFormat.Kind.ENUM) {
            return new FunctionCallParser.Parsed(List.of(Part.ofText(unquote(text))), null);
        }
        return new FunctionCallParser.Parsed(List.of(Part.ofText(text)), null);
    }

    /** {@code "value"} → {@code value}; text that is not one JSON string stays as it is. */
    private static String unquote(String text) {
        try {
            JsonNode n = ApiJson.MAPPER.readTree(text);
            return n != null && n.isTextual() ? n.asText() : text;
        } catch (IOException e) {
            return text;
        }
    }
}
