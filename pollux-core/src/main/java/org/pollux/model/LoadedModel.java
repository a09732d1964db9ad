package org.pollux.model;

import java.nio.file.Path;
import org.pollux.gguf.GgufFile;
import org.pollux.tensor.ComputeContext;
import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/**
 * A GGUF model file opened for generation: the decoder, its tokenizer and chat template, and the
 * threads it computes on. One mapping of the file serves the tokenizer and the weights; closing
 * this closes both and stops the threads.
 */
public final class LoadedModel implements AutoCloseable {
    private final Path path;
    private final ComputeContext ctx;
    private final Decoder model;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    public LoadedModel(Path path, int threads) {
        this.path = path;
        ctx = ComputeContext.of(threads);
        GgufFile file = null;
        try {
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

    public Path path() {
        return path;
    }

    public ComputeContext context() {
        return ctx;
    }

    public Decoder model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate template() {
        return template;
    }

    @Override
    public void close() {
        model.close();
        ctx.close();
    }
}
