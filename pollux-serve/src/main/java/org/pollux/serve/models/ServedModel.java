package org.pollux.serve.models;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
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
 * @param modelLock held around every use of {@code model} outside {@code service} (embeddings,
 *     cached-content prefill): the network is not thread-safe, so the service must take the same
 *     lock around its own forward passes
 */
public record ServedModel(
        String id,
        String displayName,
        String description,
        LanguageModel model,
        Tokenizer tokenizer,
        ChatTemplate template,
        GenerationService service,
        ReentrantLock modelLock) {

    /** What a model id may look like. */
    public static final String ID_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]*";

    public ServedModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modelLock, "modelLock");
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("model name \"" + id
                    + "\" must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** The same model served by {@code other}, which must hold {@link #modelLock()} around its forward passes. */
    public ServedModel withService(GenerationService other) {
        return new ServedModel(id, displayName, description, model, tokenizer, template, other, modelLock);
    }

    /** {@code models/{id}}. */
    public String resourceName() {
        return "models/" + id;
    }
}
