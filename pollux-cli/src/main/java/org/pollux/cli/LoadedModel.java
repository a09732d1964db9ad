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
        try {
            try (GgufFile f = GgufFile.open(path)) {
                tokenizer = Tokenizers.fromGguf(f.metadata(), path.toString());
                template = ChatTemplate.detect(f.metadata(), tokenizer);
            }
            model = ModelLoader.load(path, ctx);
        } catch (RuntimeException e) {
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
