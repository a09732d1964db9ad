package org.pollux.serve.models;

import java.util.Objects;
import org.pollux.generate.GenerationService;
import org.pollux.model.LanguageModel;
import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;

/**
 * A model the server serves under {@code models/{id}}: the network, its tokenizer and chat
 * template, and the service that runs its generations (shared by every request to it).
 *
 * @param id the name in paths, e.g. {@code gemma-3-1b} for {@code models/gemma-3-1b}
 * @param description free text for the Model resource
 */
public record ServedModel(
        String id,
        String displayName,
        String description,
        LanguageModel model,
        Tokenizer tokenizer,
        ChatTemplate template,
        GenerationService service) {

    /** What a model id may look like. */
    public static final String ID_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]*";

    public ServedModel {
        Objects.requireNonNull(id, "id");
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("model name \"" + id
                    + "\" must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** {@code models/{id}}. */
    public String resourceName() {
        return "models/" + id;
    }
}
