package org.pollux.generate.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema of a forced function call (function calling mode ANY): the output is one JSON object
 * {@code {"name": <an allowed function>, "args": <its parameters>}}, i.e. an anyOf of one object
 * schema per allowed function whose {@code name} is a constant. Each function's parameters are
 * compiled on their own, so {@code $ref}s stay relative to their own document.
 */
public final class FunctionCallSchema {
    private FunctionCallSchema() {}

    /**
     * A function declaration as far as calling it matters.
     *
     * @param parameters Gemini {@code Schema} of the arguments, or null
     * @param parametersJsonSchema JSON Schema of the arguments, or null (at most one of the two)
     * @param path how errors name the declaration, e.g. {@code tools[0].functionDeclarations[2]}
     */
    public record Declaration(String name, JsonNode parameters, JsonNode parametersJsonSchema, String path) {}

    /**
     * @param allowedNames the functions that may be called (empty: all declared ones)
     * @param allowedPath how errors name the allowed list, e.g.
     *     {@code toolConfig.functionCallingConfig.allowedFunctionNames}
     * @throws InvalidSchemaException for duplicate or unknown names, or a bad parameters schema
     */
    public static JsonSchema forcedCall(List<Declaration> declarations, List<String> allowedNames, String allowedPath) {
        Map<String, Declaration> byName = new LinkedHashMap<>();
        for (Declaration d : declarations) {
            if (d.name() == null || d.name().isEmpty()) {
                throw new InvalidSchemaException(d.path() + ".name", "a function needs a name");
            }
            if (byName.putIfAbsent(d.name(), d) != null) {
                throw new InvalidSchemaException(d.path() + ".name", "function \"" + d.name() + "\" is declared twice");
            }
            if (d.parameters() != null && d.parametersJsonSchema() != null) {
                throw new InvalidSchemaException(d.path(), "set parameters or parametersJsonSchema, not both");
            }
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < allowedNames.size(); i++) {
            String n = allowedNames.get(i);
            if (!byName.containsKey(n)) {
                throw new InvalidSchemaException(allowedPath + "[" + i + "]", "no function named \"" + n
                        + "\" is declared");
            }
            if (seen.add(n)) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            names.addAll(byName.keySet());
        }
        if (names.isEmpty()) {
            throw new InvalidSchemaException(allowedPath, "no function is declared to call");
        }
        List<SchemaNode> nodes = new ArrayList<>();
        // Every declaration is compiled, called or not: a bad one is the request's error either way.
        Map<String, SchemaNode> arguments = new LinkedHashMap<>();
        for (Declaration d : declarations) {
            SchemaNode args;
            if (d.parametersJsonSchema() != null) {
                args = JsonSchema.fromJsonSchema(d.parametersJsonSchema(), d.path() + ".parametersJsonSchema").root();
            } else if (d.parameters() != null) {
                args = JsonSchema.fromGemini(d.parameters(), d.path() + ".parameters").root();
            } else {
                args = add(nodes, new SchemaNode.ObjectNode(d.path(), List.of(), null, 0, 0));
            }
            arguments.put(d.name(), args);
        }
        List<SchemaNode> calls = new ArrayList<>();
        for (String n : names) {
            Declaration d = byName.get(n);
            SchemaNode args = arguments.get(n);
            SchemaNode name = literal(nodes, d.path() + ".name", TextNode.valueOf(n).toString());
            calls.add(add(nodes, new SchemaNode.ObjectNode(d.path(), List.of(
                    new SchemaNode.Property("name", literal(nodes, d.path(), "\"name\""), name, true),
                    new SchemaNode.Property("args", literal(nodes, d.path(), "\"args\""), args, true)),
                    null, 0, Integer.MAX_VALUE)));
        }
        SchemaNode root = calls.size() == 1 ? calls.get(0) : add(nodes, new SchemaNode.AnyOf(allowedPath, calls));
        MinimalInstances.compute(nodes, root);
        return new JsonSchema(root);
    }

    private static SchemaNode.LiteralNode literal(List<SchemaNode> nodes, String path, String jsonText) {
        return add(nodes, new SchemaNode.LiteralNode(path, List.of(jsonText)));
    }

    private static <T extends SchemaNode> T add(List<SchemaNode> nodes, T n) {
        nodes.add(n);
        return n;
    }
}
