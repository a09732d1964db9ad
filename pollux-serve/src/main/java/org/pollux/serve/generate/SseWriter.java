package org.pollux.serve.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.http.ApiExchange;

/**
 * {@code text/event-stream}: each chunk is one line {@code data: <compact JSON>} followed by a
 * blank line ({@code \r\n\r\n}, which every client splits on). No {@code [DONE]} sentinel: the
 * stream simply ends (a sentinel breaks the Java SDK). An error becomes a
 * {@code data: {"error":{…}}} event, which the SDKs raise as an exception.
 */
final class SseWriter implements StreamWriter {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ApiExchange ex;
    private OutputStream out;

    SseWriter(ApiExchange ex) {
        this.ex = ex;
    }

    @Override
    public void event(byte[] json) throws IOException {
        OutputStream o = open();
        o.write(DATA);
        o.write(json);
        o.write(END);
        o.flush();
    }

    @Override
    public void error(ApiException e) throws IOException {
        event(ApiJson.write(e.body()));
    }

    @Override
    public void finish() throws IOException {
        open().flush();
    }

    private OutputStream open() throws IOException {
        if (out == null) {
            ex.header("Content-Type", "text/event-stream");
            ex.header("Cache-Control", "no-cache");
            out = ex.output();
        }
        return out;
    }
}
