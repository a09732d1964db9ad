package org.pollux.tokenizer;

import java.util.Locale;

/** One turn of a conversation. Roles: {@code system}, {@code user}, {@code model} (alias {@code assistant}). */
public record ChatMessage(String role, String text) {
    public ChatMessage {
        role = role.toLowerCase(Locale.ROOT);
        if (role.equals("assistant")) {
            role = "model";
        }
        if (!role.equals("system") && !role.equals("user") && !role.equals("model")) {
            throw new IllegalArgumentException("unknown chat role '" + role + "' (system, user, model)");
        }
        if (text == null) {
            throw new IllegalArgumentException("chat message text is null");
        }
    }

    public static ChatMessage user(String text) {
        return new ChatMessage("user", text);
    }

    public static ChatMessage model(String text) {
        return new ChatMessage("model", text);
    }

    public static ChatMessage system(String text) {
        return new ChatMessage("system", text);
    }
}
