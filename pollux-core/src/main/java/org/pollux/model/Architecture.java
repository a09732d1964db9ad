package org.pollux.model;

import java.util.Locale;

/** The decoder families Pollux runs, named as in GGUF's {@code general.architecture}. */
public enum Architecture {
    GEMMA("gemma"),
    GEMMA2("gemma2"),
    GEMMA3("gemma3"),
    LLAMA("llama");

    private final String ggufName;

    Architecture(String ggufName) {
        this.ggufName = ggufName;
    }

    public String ggufName() {
        return ggufName;
    }

    public boolean isGemma() {
        return this != LLAMA;
    }

    /** The architecture with this GGUF name, or a {@link ModelLoadException} listing the supported ones. */
    public static Architecture fromGguf(String name) {
        for (Architecture a : values()) {
            if (a.ggufName.equals(name)) {
                return a;
            }
        }
        throw new ModelLoadException("unknown architecture '" + name + "' (supported: gemma, gemma2, gemma3, llama)");
    }

    @Override
    public String toString() {
        return ggufName.toLowerCase(Locale.ROOT);
    }
}
