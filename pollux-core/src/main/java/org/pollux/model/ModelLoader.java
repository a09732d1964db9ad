package org.pollux.model;

import java.nio.file.Path;
import org.pollux.gguf.GgufFile;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.Tensor;

/** Opens a GGUF model file as a ready {@link Decoder}; the file stays mapped until the model is closed. */
public final class ModelLoader {
    private ModelLoader() {}

    public static Decoder load(Path path, ComputeContext ctx) {
        GgufFile file = GgufFile.open(path);
        try {
            return fromGguf(file, ctx);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Builds the decoder over an open file; closing the decoder closes the file. */
    public static Decoder fromGguf(GgufFile file, ComputeContext ctx) {
        String where = file.path().toString();
        if (!file.hasTensor(TensorNames.TOKEN_EMBD)) {
            throw new ModelLoadException(where + ": missing tensor '" + TensorNames.TOKEN_EMBD
                    + "' (is this a vocabulary-only GGUF?)");
        }
        Tensor embd = file.tensor(TensorNames.TOKEN_EMBD);
        if (embd.shape().length != 2) {
            throw new ModelLoadException(where + ": tensor '" + TensorNames.TOKEN_EMBD + "' has shape "
                    + embd.shapeString() + ", expected 2 dimensions");
        }
        ModelConfig config;
        try {
            config = ModelConfig.fromGguf(file.metadata(), embd.rows(), file.hasTensor(TensorNames.OUTPUT));
        } catch (ModelLoadException e) {
            throw new ModelLoadException(where + ": " + e.getMessage(), e);
        }
        ModelWeights weights = ModelWeights.bind(config,
                name -> file.hasTensor(name) ? file.tensor(name) : null, where);
        return new Decoder(config, weights, ctx, file);
    }
}
