package org.pollux.serve.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.Paging;
import org.pollux.serve.http.Router;

/** models.list and models.get; {@code tunedModels} lists as empty (API.md §1.2). */
public final class ModelRoutes {
    private final ModelRegistry registry;

    public ModelRoutes(ModelRegistry registry) {
        this.registry = registry;
    }

    public void register(Router router) {
        router.api("GET", "/models", this::list);
        router.api("GET", "/models/{model}", this::get);
        router.api("GET", "/tunedModels", call -> ApiDispatcher.writeJson(call.exchange(), 200,
                Map.of("tunedModels", List.of())));
    }

    private void list(ApiCall call) {
        List<ModelResource> all = registry.all().stream().map(ModelResource::of).toList();
        Paging.Page<ModelResource> page = Paging.page(all, call.exchange().query("pageSize"),
                call.exchange().query("pageToken"), 50, 1000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", page.items());
        if (!page.nextPageToken().isEmpty()) {
            body.put("nextPageToken", page.nextPageToken());
        }
        ApiDispatcher.writeJson(call.exchange(), 200, body);
    }

    private void get(ApiCall call) {
        ServedModel m = registry.resolve(call.param("model"), call.version(), "get");
        ApiDispatcher.writeJson(call.exchange(), 200, ModelResource.of(m));
    }
}
