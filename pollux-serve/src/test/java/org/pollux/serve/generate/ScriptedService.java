package org.pollux.serve.generate;

import org.pollux.generate.FinishReason;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Sampler;
import org.pollux.generate.TokenStreamListener;

/**
 * A generation service that "generates" a given text in pieces of {@code pieceLength} characters,
 * one pseudo-token each: for testing how the server reads outputs a tiny model would never write
 * (function calls in AUTO mode).
 */
final class ScriptedService implements GenerationService {
    private final String script;
    private final int pieceLength;

    ScriptedService(String script, int pieceLength) {
        this.script = script;
        this.pieceLength = pieceLength;
    }

    @Override
    public GenerationResult generate(GenerationRequest req, TokenStreamListener listener) {
        int n = (script.length() + pieceLength - 1) / pieceLength;
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = i;
            listener.onToken(new Sampler.Choice(i, -0.5f, new int[0], new float[0]));
            listener.onText(script.substring(i * pieceLength, Math.min(script.length(), (i + 1) * pieceLength)));
        }
        GenerationResult r = new GenerationResult(script, tokens, FinishReason.STOP, req.promptLength(), 0, 0, 0, null);
        listener.onComplete(r);
        return r;
    }
}
