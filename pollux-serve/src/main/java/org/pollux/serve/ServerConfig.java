package org.pollux.serve;

import java.nio.file.Path;
import java.time.Duration;
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
 */
public record ServerConfig(
        String host,
        int port,
        Set<String> apiKeys,
        boolean strict,
        long maxBodyBytes,
        Path dataDir,
        String databaseUrl,
        Duration shutdownGrace) {

    public ServerConfig {
        apiKeys = Set.copyOf(apiKeys);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
    }

    /** Local defaults: 127.0.0.1:8080, no keys, lenient JSON, 64 MiB bodies, state under {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", 8080, Set.of(), false, 64L << 20, dataDir, null, Duration.ofSeconds(10));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, apiKeys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace);
    }

    public ServerConfig withApiKeys(Set<String> keys) {
        return new ServerConfig(host, port, keys, strict, maxBodyBytes, dataDir, databaseUrl, shutdownGrace);
    }

    public ServerConfig withStrict(boolean s) {
        return new ServerConfig(host, port, apiKeys, s, maxBodyBytes, dataDir, databaseUrl, shutdownGrace);
    }
}
