package org.pollux.serve.models;

import java.util.concurrent.locks.ReentrantLock;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Generator;
import org.pollux.generate.TokenStreamListener;

/**
 * Runs one generation at a time on the caller's thread, in arrival order (a fair lock): the
 * simplest real {@link GenerationService} over a {@link Generator}, for tests that wrap or script
 * the service (the server itself runs every model through a batching scheduler).
 */
public final class SerialGenerationService implements GenerationService {
    private final Generator generator;
    private final ReentrantLock lock;

    public SerialGenerationService(Generator generator) {
        this(generator, new ReentrantLock(true));
    }

    /** A service that runs under {@code lock}, shared with other users of the same model ({@link ServedModel#modelLock()}). */
    public SerialGenerationService(Generator generator, ReentrantLock lock) {
        this.generator = generator;
        this.lock = lock;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenStreamListener listener) {
        lock.lock();
        try {
            return generator.generate(request, listener);
        } finally {
            lock.unlock();
        }
    }
}
