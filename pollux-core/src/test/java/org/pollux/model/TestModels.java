package org.pollux.model;

import java.lang.foreign.Arena;
import org.pollux.tensor.ComputeContext;

/** Random-weight models for tests of other packages. */
public final class TestModels {
    private TestModels() {}

    public static Decoder random(ModelConfig c, long seed, Arena arena, ComputeContext ctx) {
        return new Decoder(c, ModelWeights.bind(c, new RandomWeights(c, seed, arena).tensors::get, "random"), ctx, null);
    }
}
