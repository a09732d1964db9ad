package org.pollux.serve.generate.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The functions a request declares and how the model may use them.
 *
 * @param functions every declaration, in request order
 * @param mode AUTO (the model chooses), ANY (it must call one of {@code allowed}), NONE (no tools
 *     in the prompt)
 * @param allowed names an ANY-mode call may use (all declared names when the request named none)
 */
public record FunctionTools(List<Function> functions, Mode mode, Set<String> allowed) {

    /** How function calling works for a request. */
    public enum Mode { AUTO, ANY, NONE }

    /** One function: its parameters as standard JSON Schema (null: no parameters). */
    public record Function(String name, String description, ObjectNode parameters) {}

    /** No tools. */
    public static final FunctionTools NONE = new FunctionTools(List.of(), Mode.NONE, Set.of());

    public FunctionTools {
        functions = List.copyOf(functions);
        allowed = Set.copyOf(allowed);
    }

    /** Whether the prompt lists functions and the output may hold calls. */
    public boolean active() {
        return mode != Mode.NONE && !functions.isEmpty();
    }

    /** The functions an answer may call: all of them, or in ANY mode the allowed ones. */
    public List<Function> callable() {
        return mode == Mode.ANY ? functions.stream().filter(f -> allowed.contains(f.name())).toList() : functions;
    }
}
