package org.pollux.serve.generate.prompt;

/** Finds cached contents by name (implemented by the cachedContents store). */
@FunctionalInterface
public interface CachedPrefixes {
    /** The live cache called {@code name} ({@code cachedContents/…}); a 404 ApiException when there is none. */
    CachedPrefix find(String name);
}
