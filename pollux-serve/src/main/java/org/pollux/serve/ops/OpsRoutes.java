package org.pollux.serve.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;

/**
 * Operations routes, outside the API and without a key (load balancers and Prometheus carry
 * none): {@code GET /healthz} → {@code {"status":"ok","models":["models/…"]}}, and
 * {@code GET /metrics} → the Prometheus text format.
 */
public final class OpsRoutes {
    private final ModelRegistry models;
    private final Metrics metrics;

    public OpsRoutes(ModelRegistry models, Metrics metrics) {
        this.models = models;
        this.metrics = metrics;
    }

    public void register(Router router) {
        router.plain("GET", "/healthz", this::health);
        router.plain("GET", "/metrics", this::metrics);
    }

    private void health(ApiCall call) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("models", models.all().stream().map(ServedModel::resourceName).toList());
        ApiDispatcher.writeJson(call.exchange(), 200, body);
    }

    private void metrics(ApiCall call) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
        metrics.writeTo(text);
        var ex = call.exchange();
        ex.status(200);
        ex.header("Content-Type", metrics.contentType());
        ex.header("Content-Length", Integer.toString(text.size()));
        OutputStream out = ex.output();
        text.writeTo(out);
        out.flush();
    }
}
