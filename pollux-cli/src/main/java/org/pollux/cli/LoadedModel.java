package org.pollux.cli;

import java.nio.file.Path;
import org.pollux.gguf.GgufFile;
import org.pollux.model.Decoder;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;
import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/** A model file opened for generation: decoder, its tokenizer and chat template, and the threads. */
final class LoadedModel implements AutoCloseable {
    final ComputeContext ctx;
    final Decoder model;
    final Tokenizer tokenizer;
    final ChatTemplate template;

    LoadedModel(Path path, int threads) {
        ctx = ComputeContext.of(threads);
        GgufFile file = null;
        try {
            // One mapping serves the tokenizer and the weights; the model closes it.
            file = GgufFile.open(path);
            tokenizer = Tokenizers.fromGguf(file.metadata(), path.toString());
            template = ChatTemplate.detect(file.metadata(), tokenizer);
            model = ModelLoader.fromGguf(file, ctx);
        } catch (RuntimeException e) {
            if (file != null) {
                file.close();
            }
            ctx.close();
            throw e;
        }
    }

    @Override
    public void close() {
        model.close();
        ctx.close();
    }
}
