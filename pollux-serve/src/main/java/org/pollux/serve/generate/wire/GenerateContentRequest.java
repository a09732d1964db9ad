package org.pollux.serve.generate.wire;

import java.util.List;

/** The body of generateContent and streamGenerateContent (and of countTokens' second form). */
public record GenerateContentRequest(
        String model,
        List<Content> contents,
        Content systemInstruction,
        List<Tool> tools,
        ToolConfig toolConfig,
        List<SafetySetting> safetySettings,
        GenerationConfig generationConfig,
        String cachedContent) {

    /** {@code generationConfig}, or an empty one. */
    public GenerationConfig config() {
        return generationConfig != null ? generationConfig : GenerationConfig.empty();
    }
}
