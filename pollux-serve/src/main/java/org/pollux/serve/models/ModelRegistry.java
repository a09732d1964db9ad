package org.pollux.serve.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pollux.serve.api.ApiErrors;

/** The models a server serves, by id, in the order they were added. */
public final class ModelRegistry {
    private final Map<String, ServedModel> models = new LinkedHashMap<>();

    public ModelRegistry add(ServedModel m) {
        if (models.putIfAbsent(m.id(), m) != null) {
            throw new IllegalArgumentException("two models are named \"" + m.id() + "\"");
        }
        return this;
    }

    public List<ServedModel> all() {
        return new ArrayList<>(models.values());
    }

    /**
     * The model a path or body names: {@code gemma} or {@code models/gemma}; anything else is the
     * real service's 404 for {@code method}.
     */
    public ServedModel resolve(String name, String version, String method) {
        String id = name.startsWith("models/") ? name.substring("models/".length()) : name;
        ServedModel m = models.get(id);
        if (m == null) {
            throw ApiErrors.unknownModel(name.startsWith("models/") || name.contains("/") ? name : "models/" + name,
                    version, method);
        }
        return m;
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }
}
