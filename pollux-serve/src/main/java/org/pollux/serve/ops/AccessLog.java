package org.pollux.serve.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.http.JettyHandler;

/**
 * The access log: one JSON object per line and request, written whole under a lock so lines never
 * interleave, and flushed at once (so {@code tail -f} and log shippers see it). Fields:
 *
 * <pre>{"time":"2026-11-05T10:15:30.123Z","requestId":"…","method":"GET",
 *  "path":"/v1beta/models?key=REDACTED","route":"/{version}/models","status":200,"bytes":412,
 *  "durationMs":1.734,"remoteAddress":"127.0.0.1","userAgent":"curl/8.5.0"}</pre>
 *
 * <p>Credentials never reach the log: the values of the {@code key} and {@code upload_id} query
 * parameters (an upload session URL is itself a credential) are replaced by {@value #REDACTED},
 * whatever their spelling or percent-encoding, and no header other than the User-Agent is logged.
 */
public final class AccessLog implements AutoCloseable {
    /** What a secret query value is replaced with. */
    public static final String REDACTED = "REDACTED";

    private static final Set<String> SECRET_PARAMS = Set.of("key", "upload_id");
    private static final int MAX_USER_AGENT = 256;

    private final OutputStream out;
    private final boolean closeOut;

    private AccessLog(OutputStream out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
    }

    /**
     * The log a config asks for ({@link ServerConfig#accessLog}): standard error, a file (created
     * if missing, appended to), or null for none.
     */
    public static AccessLog open(String target) {
        if (target == null) {
            return null;
        }
        if (target.equals(ServerConfig.STDERR)) {
            return new AccessLog(System.err, false);
        }
        Path file = Path.of(target);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new AccessLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the access log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the line of one finished exchange. */
    public void log(JettyHandler.Completed c) {
        byte[] line = line(c);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                // A full disk must not fail requests; the line is lost.
                java.util.logging.Logger.getLogger(AccessLog.class.getName()).warning("access log write failed: " + e);
            }
        }
    }

    /** The JSON line (with its newline) of one exchange. */
    static byte[] line(JettyHandler.Completed c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", c.start().toString());
        m.put("requestId", c.requestId());
        m.put("method", c.method());
        m.put("path", c.query() == null || c.query().isEmpty() ? c.path() : c.path() + "?" + redact(c.query()));
        m.put("route", c.route());
        m.put("status", c.status());
        m.put("bytes", c.bytes());
        m.put("durationMs", Math.round(c.nanos() / 1e3) / 1e3);
        m.put("remoteAddress", c.remoteAddress());
        String ua = c.userAgent();
        m.put("userAgent", ua != null && ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) + "…" : ua);
        byte[] json = ApiJson.write(m);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** The raw query with the values of secret parameters replaced by {@value #REDACTED}. */
    static String redact(String rawQuery) {
        StringJoiner b = new StringJoiner("&");
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            b.add(isSecret(name) ? name + "=" + REDACTED : pair);
        }
        return b.toString();
    }

    /**
     * Whether a raw parameter name is a secret one once decoded, as the server decodes it
     * ({@code %6Bey} is {@code key}); a name that does not decode is treated as secret.
     */
    private static boolean isSecret(String rawName) {
        try {
            String name = URLDecoder.decode(rawName, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
            return SECRET_PARAMS.contains(name);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            out.flush();
            if (closeOut) {
                out.close();
            }
        }
    }
}
