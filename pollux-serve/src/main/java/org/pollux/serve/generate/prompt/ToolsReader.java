package org.pollux.serve.generate.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pollux.serve.generate.wire.FunctionDeclaration;
import org.pollux.serve.generate.wire.Tool;
import org.pollux.serve.generate.wire.ToolConfig;

/**
 * Checks {@code tools} and {@code toolConfig} and reduces them to {@link FunctionTools}. Built-in
 * tools (Google Search, code execution, URL context…) are refused, always, with a 400 naming the
 * tool: this server runs none of them.
 */
public final class ToolsReader {
    static final List<String> MODES = List.of("MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED");
    /** The real service's rule for function names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}");

    private ToolsReader() {}

    /** {@code prefix} is the message name used in paths, e.g. {@code GenerateContentRequest}. */
    public static FunctionTools read(List<Tool> tools, ToolConfig toolConfig, String prefix, boolean strict) {
        List<FunctionTools.Function> functions = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<Tool> list = tools == null ? List.of() : tools;
        for (int t = 0; t < list.size(); t++) {
            String at = prefix + ".tools[" + t + "]";
            Tool tool = list.get(t);
            if (tool == null) {
                throw Invalid.at(at, "a Tool must not be null.");
            }
            Map<String, JsonNode> builtIns = tool.builtIns();
            if (!builtIns.isEmpty()) {
                String name = builtIns.keySet().iterator().next();
                throw Invalid.at(at + "." + name, "the " + name + " tool is not supported by this server; only "
                        + "functionDeclarations are.");
            }
            if (tool.functionDeclarations() == null || tool.functionDeclarations().isEmpty()) {
                throw Invalid.at(at, "the Tool declares nothing this server knows (it supports functionDeclarations).");
            }
            for (int f = 0; f < tool.functionDeclarations().size(); f++) {
                FunctionTools.Function fn = function(tool.functionDeclarations().get(f),
                        at + ".functionDeclarations[" + f + "]", strict);
                if (!names.add(fn.name())) {
                    throw Invalid.at(at + ".functionDeclarations[" + f + "].name", "Duplicate function name \""
                            + fn.name() + "\".");
                }
                functions.add(fn);
            }
        }
        return withConfig(functions, names, toolConfig, prefix);
    }

    private static FunctionTools withConfig(List<FunctionTools.Function> functions, Set<String> names,
            ToolConfig toolConfig, String prefix) {
        ToolConfig.FunctionCallingConfig fcc = toolConfig == null ? null : toolConfig.functionCallingConfig();
        String at = prefix + ".toolConfig.functionCallingConfig";
        String mode = fcc == null ? null : ProtoEnums.parse(at + ".mode", fcc.mode(), MODES);
        if (mode == null || mode.equals("MODE_UNSPECIFIED")) {
            mode = "AUTO";
        }
        if (mode.equals("VALIDATED")) {
            throw Invalid.at(at + ".mode", "mode VALIDATED is not supported by this server (use AUTO, ANY or NONE).");
        }
        List<String> allowed = fcc == null || fcc.allowedFunctionNames() == null ? List.of() : fcc.allowedFunctionNames();
        if (!allowed.isEmpty() && !mode.equals("ANY")) {
            throw Invalid.at(at + ".allowedFunctionNames", "allowedFunctionNames may only be set when mode is ANY, "
                    + "not " + mode + ".");
        }
        for (String n : allowed) {
            if (!names.contains(n)) {
                throw Invalid.at(at + ".allowedFunctionNames", "\"" + n + "\" is not a declared function (declared: "
                        + String.join(", ", names) + ").");
            }
        }
        FunctionTools.Mode m = FunctionTools.Mode.valueOf(mode);
        if (m == FunctionTools.Mode.ANY && functions.isEmpty()) {
            throw Invalid.at(at + ".mode", "mode ANY needs at least one function declaration in tools.");
        }
        return new FunctionTools(functions, m, allowed.isEmpty() ? names : Set.copyOf(allowed));
    }

    private static FunctionTools.Function function(FunctionDeclaration d, String at, boolean strict) {
        if (d == null) {
            throw Invalid.at(at, "a FunctionDeclaration must not be null.");
        }
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            throw Invalid.at(at + ".name", "Invalid function name \"" + d.name() + "\". It must start with a letter "
                    + "or an underscore and contain only a-z, A-Z, 0-9, underscores, dots, colons and dashes, with a "
                    + "maximum length of 64.");
        }
        if (d.parameters() != null && d.parametersJsonSchema() != null) {
            throw Invalid.at(at, "set parameters or parametersJsonSchema, not both.");
        }
        ObjectNode params = null;
        if (d.parameters() != null) {
            params = SchemaConverter.toJsonSchema(d.parameters(), at + ".parameters", strict);
        } else if (d.parametersJsonSchema() != null) {
            if (!d.parametersJsonSchema().isObject()) {
                throw Invalid.at(at + ".parametersJsonSchema", "must be a JSON Schema object.");
            }
            params = (ObjectNode) d.parametersJsonSchema();
        }
        return new FunctionTools.Function(d.name(), d.description() == null ? "" : d.description(), params);
    }
}
