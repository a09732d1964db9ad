package org.pollux.serve.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.pollux.generate.TokenConstraint;
import org.pollux.generate.constrain.InvalidSchemaException;
import org.pollux.generate.constrain.JsonConstraint;
import org.pollux.generate.constrain.JsonSchema;
import org.pollux.serve.api.ApiException;
import org.pollux.tokenizer.Tokenizer;

/**
 * Constrained decoding from pollux-core ({@code org.pollux.generate.constrain}) behind JSON mode
 * and function-calling mode ANY: every generation gets a fresh {@link JsonConstraint} over the
 * served tokenizer. A schema the recognizer cannot honour is a 400 naming the schema path.
 */
public final class JsonConstraintFactory implements ConstraintFactory {

    /** The path schemas are reported under: the request converts both schema fields to JSON Schema first. */
    private static final String PATH = "generationConfig.responseSchema";

    @Override
    public TokenConstraint forSchema(JsonNode jsonSchema, Tokenizer tokenizer, Set<Integer> endTokens) {
        try {
            return JsonConstraint.of(JsonSchema.fromJsonSchema(jsonSchema, PATH), tokenizer, List.copyOf(endTokens));
        } catch (InvalidSchemaException e) {
            throw ApiException.invalid("Invalid schema: " + e.getMessage());
        }
    }
}
