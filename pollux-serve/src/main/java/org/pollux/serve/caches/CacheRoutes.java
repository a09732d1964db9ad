package org.pollux.serve.caches;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.Paging;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;

/**
 * cachedContents create / get / list / patch (expiration only; {@code updateMask} optional, as
 * the SDKs send none) / delete. There is no minimum size: a local cache pays off from the first
 * reuse.
 */
public final class CacheRoutes {
    static final int MAX_DISPLAY_NAME = 128;

    private final ModelRegistry models;
    private final CachedContentStore store;
    private final FileResolver files;
    private final long maxBody;
    private final boolean strict;

    public CacheRoutes(ModelRegistry models, CachedContentStore store, FileResolver files, long maxBody,
            boolean strict) {
        this.models = models;
        this.store = store;
        this.files = files;
        this.maxBody = maxBody;
        this.strict = strict;
    }

    public void register(Router router) {
        router.api("POST", "/cachedContents", this::create);
        router.api("GET", "/cachedContents", this::list);
        router.api("GET", "/cachedContents/{id}", call -> write(call, store.get(call.param("id"))));
        router.api("PATCH", "/cachedContents/{id}", this::patch);
        router.api("DELETE", "/cachedContents/{id}", call -> {
            store.delete(call.param("id"));
            ApiDispatcher.writeEmpty(call.exchange());
        });
    }

    private void create(ApiCall call) throws IOException {
        CachedContent req = read(call);
        if (req.model() == null || req.model().isEmpty()) {
            throw Invalid.at("CachedContent.model", "model is required.");
        }
        ServedModel m = models.resolve(req.model(), call.version(), "createCachedContent");
        if (req.displayName() != null && req.displayName().length() > MAX_DISPLAY_NAME) {
            throw Invalid.at("CachedContent.displayName", "displayName is longer than " + MAX_DISPLAY_NAME
                    + " characters.");
        }
        Instant now = store.now();
        Instant expire = Expiry.of(req.ttl(), req.expireTime(), now, "CachedContent");
        if (expire == null) {
            expire = now.plus(Expiry.DEFAULT_TTL);
        }
        var prefix = CachePrefill.prefill(m, CachedContentStore.newName(), req, files, strict);
        write(call, store.add(prefix, req.displayName(), expire));
    }

    private void list(ApiCall call) {
        List<CachedContent> all = store.list().stream().map(CachedContentStore.Entry::resource).toList();
        Paging.Page<CachedContent> page = Paging.page(all, call.exchange().query("pageSize"),
                call.exchange().query("pageToken"), 50, 1000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cachedContents", page.items());
        if (!page.nextPageToken().isEmpty()) {
            body.put("nextPageToken", page.nextPageToken());
        }
        ApiDispatcher.writeJson(call.exchange(), 200, body);
    }

    private void patch(ApiCall call) throws IOException {
        CachedContent req = read(call);
        String mask = call.exchange().query("updateMask");
        if (mask != null && !mask.isBlank()) {
            for (String field : Arrays.stream(mask.split(",")).map(String::strip).toList()) {
                boolean ttl = field.equals("ttl");
                boolean expire = field.equals("expireTime") || field.equals("expire_time");
                if (!ttl && !expire) {
                    throw Invalid.at("updateMask", "only ttl and expire_time can be updated, not " + field + ".");
                }
                if ((ttl && req.ttl() == null) || (expire && req.expireTime() == null)) {
                    throw Invalid.at("CachedContent." + (ttl ? "ttl" : "expireTime"), "the update mask names "
                            + field + " but the body does not set it.");
                }
            }
        }
        Instant expire = Expiry.of(req.ttl(), req.expireTime(), store.now(), "CachedContent");
        if (expire == null) {
            throw Invalid.at("CachedContent", "an update must set ttl or expireTime (the only updatable fields).");
        }
        write(call, store.setExpireTime(call.param("id"), expire));
    }

    private CachedContent read(ApiCall call) throws IOException {
        return ApiJson.read(call.exchange().bodyBytes(maxBody), CachedContent.class, strict);
    }

    private static void write(ApiCall call, CachedContentStore.Entry e) {
        ApiDispatcher.writeJson(call.exchange(), 200, e.resource());
    }
}
