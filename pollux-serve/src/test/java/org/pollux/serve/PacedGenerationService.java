package org.pollux.serve;

import java.time.Duration;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Sampler;
import org.pollux.generate.TokenStreamListener;

/**
 * The real service, delivering each piece of text after a pause: a tiny model streams a reply
 * faster than a browser test can click "Stop", a paced one as slowly as a large model would.
 */
final class PacedGenerationService implements GenerationService {
    private final GenerationService inner;
    private final Duration pause;

    PacedGenerationService(GenerationService inner, Duration pause) {
        this.inner = inner;
        this.pause = pause;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenStreamListener listener) {
        return inner.generate(request, new TokenStreamListener() {
            @Override
            public void onText(String text) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                listener.onText(text);
            }

            @Override
            public void onToken(Sampler.Choice choice) {
                listener.onToken(choice);
            }

            @Override
            public void onComplete(GenerationResult result) {
                listener.onComplete(result);
            }
        });
    }
}
