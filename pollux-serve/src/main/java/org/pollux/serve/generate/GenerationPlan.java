package org.pollux.serve.generate;

import java.util.List;
import org.pollux.generate.TokenConstraint;
import org.pollux.serve.generate.prompt.FunctionTools;
import org.pollux.serve.models.ServedModel;

/**
 * Everything a checked generateContent request runs with.
 *
 * @param constraints one per candidate (null entries: unconstrained), built before any output so
 *     that a refusal is still an HTTP error
 */
public record GenerationPlan(ServedModel model, PromptPlan prompt, SamplingPlan sampling, OutputFormat output,
        List<TokenConstraint> constraints) {

    public FunctionTools tools() {
        return prompt.conversation().tools();
    }
}
