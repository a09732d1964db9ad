package org.pollux.generate.constrain;

/**
 * A schema that cannot be compiled: malformed, contradictory (minimum above maximum, a required
 * property that must contain itself) or using a feature constrained decoding does not support.
 * The message starts with the JSON path of the offending part, e.g.
 * {@code responseSchema.properties.colors.items: unknown type "STRANG"}.
 */
public final class InvalidSchemaException extends IllegalArgumentException {
    private final String path;

    public InvalidSchemaException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the part of the schema that is wrong. */
    public String path() {
        return path;
    }
}
