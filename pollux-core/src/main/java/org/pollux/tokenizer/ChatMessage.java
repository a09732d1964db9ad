package org.pollux.tokenizer;

import java.util.Objects;

/**
 * One chat turn. {@code role} is "system", "user" or the model's role, spelled "model" (Gemma) or
 * "assistant" (Llama); templates translate between the two spellings.
 */
public record ChatMessage(String role, String text) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String MODEL = "model";
    public static final String ASSISTANT = "assistant";

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(SYSTEM, text);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(USER, text);
    }

    public static ChatMessage model(String text) {
        return new ChatMessage(MODEL, text);
    }

    /** Whether this is a turn written by the model (either spelling). */
    public boolean isModel() {
        return role.equals(MODEL) || role.equals(ASSISTANT);
    }

    public boolean isSystem() {
        return role.equals(SYSTEM);
    }
}
