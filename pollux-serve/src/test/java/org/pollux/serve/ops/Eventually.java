package org.pollux.serve.ops;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls until a value satisfies a condition. The exchange listener (metrics, access log) runs
 * after the response has reached the client, so a client can see its answer a moment before the
 * request is counted.
 */
final class Eventually {
    private Eventually() {}

    static <T> T get(Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = read.call();
        }
        return value;
    }
}
