package org.pollux.generate;

/**
 * Runs generations: the seam between front ends (CLI, server, evaluation) and whatever executes
 * them. {@link Generator} runs one request on the calling thread; a batching scheduler runs many
 * concurrently and shares each decode step's pass over the weights among them. Either way the
 * call blocks until the generation ends and reports through the listener as it goes.
 */
public interface GenerationService {

    /**
     * Runs {@code request} to its end.
     *
     * @throws IllegalArgumentException before any model work when the request cannot run (empty
     *     prompt, ids outside the vocabulary, prompt over the context)
     * @throws GenerationRejectedException when the service is saturated or shutting down
     */
    GenerationResult generate(GenerationRequest request, TokenStreamListener listener);
}
