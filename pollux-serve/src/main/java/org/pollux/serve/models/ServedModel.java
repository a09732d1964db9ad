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

    /**
     * A served model with a fresh {@link #modelLock()}. Right only when {@code service} takes that
     * same lock around its forward passes (or runs none on this model); otherwise pass the
     * service's lock to the canonical constructor.
     */
    public ServedModel(String id, String displayName, String description, LanguageModel model, Tokenizer tokenizer,
            ChatTemplate template, GenerationService service) {
        this(id, displayName, description, model, tokenizer, template, service, new ReentrantLock(true));
    }

    /** {@code models/{id}}. */
    public String resourceName() {
        return "models/" + id;
    }
}
