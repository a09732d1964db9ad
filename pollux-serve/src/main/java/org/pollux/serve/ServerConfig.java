package org.pollux.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the server runs.
 *
 * @param host interface to bind ("127.0.0.1" keeps it local)
 * @param port TCP port; 0 picks a free one
 * @param apiKeys accepted keys; empty serves without authentication
 * @param strict reject unknown JSON fields with 400 instead of ignoring them
 * @param maxBodyBytes largest JSON request body
 * @param dataDir where files, their metadata database and other state live
 * @param databaseUrl JDBC URL of the metadata database; null for SQLite in {@code dataDir}
 * @param shutdownGrace how long shutdown waits for in-flight requests
 * @param accessLog where the JSON access log goes: {@value #STDERR} for standard error, a file
 *     path (appended to), or null for none
 * @param maxQueue generations a model's scheduler lets wait before it answers 429
 * @param maxBatch sequences a model's scheduler decodes together
 */
public record ServerConfig(
        String host,
        int port,
        Set<String> apiKeys,
        boolean strict,
        long maxBodyBytes,
        Path dataDir,
        String databaseUrl,
        Duration shutdownGrace,
        String accessLog,
        int maxQueue,
        int maxBatch) {

    /** The {@link #accessLog} value that means standard error. */
    public static final String STDERR = "-";

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        apiKeys = Set.copyOf(apiKeys);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, got " + shutdownGrace);
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue must not be negative, got " + maxQueue);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        for (String k : apiKeys) {
            if (k.isEmpty() || k.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("an API key must be non-empty, without spaces or control characters");
            }
        }
    }

    /**
     * Local defaults: 127.0.0.1:8080, no keys, lenient JSON, 64 MiB bodies, state under
     * {@code dataDir}, 10 s shutdown grace, no access log, a queue of 64 and batches of 8.
     */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", 8080, Set.of(), false, 64L << 20, dataDir, null, Duration.ofSeconds(10),
                null, 64, 8);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withApiKeys(Set<String> keys) {
        return new ServerConfig(host, port, keys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withStrict(boolean s) {
        return new ServerConfig(host, port, apiKeys, s, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withMaxBodyBytes(long n) {
        return new ServerConfig(host, port, apiKeys, strict, n, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withDatabaseUrl(String url) {
        return new ServerConfig(host, port, apiKeys, strict, maxBodyBytes, dataDir, url, shutdownGrace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withShutdownGrace(Duration grace) {
        return new ServerConfig(host, port, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, grace, accessLog,
                maxQueue, maxBatch);
    }

    public ServerConfig withAccessLog(String target) {
        return new ServerConfig(host, port, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, target,
                maxQueue, maxBatch);
    }

    public ServerConfig withMaxQueue(int n) {
        return new ServerConfig(host, port, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                n, maxBatch);
    }

    public ServerConfig withMaxBatch(int n) {
        return new ServerConfig(host, port, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace, accessLog,
                maxQueue, n);
    }

    /** How each model's batching scheduler runs: {@code maxBatch} together, {@code maxQueue} waiting, retry after 1 s. */
    public org.pollux.generate.batch.SchedulerOptions scheduling() {
        return new org.pollux.generate.batch.SchedulerOptions(maxBatch, maxQueue, Duration.ofSeconds(1), false);
    }
}
