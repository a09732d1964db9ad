package org.pollux.train.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.pollux.train.data.DataCursor;

/**
 * Everything besides tensors that a resumed run needs to continue exactly where it stopped.
 *
 * @param step optimizer steps completed (the next step to run)
 * @param optimizerStep AdamW's bias-correction counter
 * @param cursor where the training batches continue
 * @param seed the run's seed (initialisation, split, shuffling and mixture draws all derive from
 *     it and from counters in the cursor, so seed + cursor is the whole random state)
 * @param tokenizerHash {@link org.pollux.train.tokenizer.TokenizerHash} of the run's tokenizer
 * @param config the run's configuration as written (compared on resume)
 */
public record TrainingState(long step, long optimizerStep, DataCursor cursor, long seed, String tokenizerHash,
        JsonNode config) {
    public TrainingState {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(tokenizerHash, "tokenizerHash");
        Objects.requireNonNull(config, "config");
        if (step < 0 || optimizerStep < 0) {
            throw new IllegalArgumentException("step counts must be >= 0, got " + step + " and " + optimizerStep);
        }
    }
}
