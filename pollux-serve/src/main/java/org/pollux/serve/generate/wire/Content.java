package org.pollux.serve.generate.wire;

import java.util.List;

/**
 * One turn: {@code role} is {@code user}, {@code model} or (older clients, for function results)
 * {@code function}; it may be absent (then {@code user}).
 */
public record Content(String role, List<Part> parts) {
    /** A model turn with these parts (what candidates carry). */
    public static Content model(List<Part> parts) {
        return new Content("model", parts);
    }
}
