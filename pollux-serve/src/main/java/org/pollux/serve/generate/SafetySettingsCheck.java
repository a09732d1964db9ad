package org.pollux.serve.generate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.ProtoEnums;
import org.pollux.serve.generate.wire.SafetySetting;

/**
 * Checks {@code safetySettings} (enum values, one setting per category). This server runs no
 * safety classifier, so the settings are validated and otherwise have no effect; no candidate is
 * ever blocked.
 */
final class SafetySettingsCheck {
    /** Proto order (numbers), then the names the SDKs add. */
    static final List<String> CATEGORIES = List.of("HARM_CATEGORY_UNSPECIFIED", "HARM_CATEGORY_DEROGATORY",
            "HARM_CATEGORY_TOXICITY", "HARM_CATEGORY_VIOLENCE", "HARM_CATEGORY_SEXUAL", "HARM_CATEGORY_MEDICAL",
            "HARM_CATEGORY_DANGEROUS", "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_CIVIC_INTEGRITY",
            "HARM_CATEGORY_JAILBREAK", "HARM_CATEGORY_IMAGE_HATE", "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT",
            "HARM_CATEGORY_IMAGE_HARASSMENT", "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT");
    static final List<String> THRESHOLDS = List.of("HARM_BLOCK_THRESHOLD_UNSPECIFIED", "BLOCK_LOW_AND_ABOVE",
            "BLOCK_MEDIUM_AND_ABOVE", "BLOCK_ONLY_HIGH", "BLOCK_NONE", "OFF");

    private SafetySettingsCheck() {}

    static void check(List<SafetySetting> settings) {
        if (settings == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < settings.size(); i++) {
            String at = "GenerateContentRequest.safetySettings[" + i + "]";
            SafetySetting s = settings.get(i);
            if (s == null || s.category() == null) {
                throw Invalid.at(at + ".category", "a safety setting needs a category.");
            }
            String category = ProtoEnums.parse(at + ".category", s.category(), CATEGORIES);
            ProtoEnums.parse(at + ".threshold", s.threshold(), THRESHOLDS);
            if (!seen.add(category)) {
                throw Invalid.at(at + ".category", "Duplicate safety setting for " + category + ".");
            }
        }
    }
}
