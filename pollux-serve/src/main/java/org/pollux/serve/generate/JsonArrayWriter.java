package org.pollux.serve.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.http.ApiExchange;

/**
 * The streamed JSON array ({@code streamGenerateContent} without {@code alt}, or {@code alt=json}):
 * {@code [} chunk {@code ,} chunk … {@code ]}, each element flushed as it is written. An error after
 * the start is a last element {@code {"error":{…}}}, and an error before any element comes as
 * {@code [{"error":{…}}]}, as the real service sends it.
 */
final class JsonArrayWriter implements StreamWriter {
    private static final byte[] OPEN = "[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = ",\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]".getBytes(StandardCharsets.US_ASCII);

    private final ApiExchange ex;
    private OutputStream out;
    private boolean any;

    JsonArrayWriter(ApiExchange ex) {
        this.ex = ex;
    }

    @Override
    public void event(byte[] json) throws IOException {
        OutputStream o = open();
        o.write(any ? SEPARATOR : OPEN);
        o.write(json);
        any = true;
        o.flush();
    }

    @Override
    public void error(ApiException e) throws IOException {
        event(ApiJson.write(e.body()));
        finish();
    }

    @Override
    public void finish() throws IOException {
        OutputStream o = open();
        if (!any) {
            o.write(OPEN);
            any = true;
        }
        o.write(CLOSE);
        o.flush();
    }

    private OutputStream open() throws IOException {
        if (out == null) {
            ex.header("Content-Type", "application/json; charset=UTF-8");
            out = ex.output();
        }
        return out;
    }
}
