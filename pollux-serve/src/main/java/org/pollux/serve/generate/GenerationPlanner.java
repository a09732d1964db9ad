package org.pollux.serve.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pollux.generate.TokenConstraint;
import org.pollux.serve.generate.prompt.CachedPrefix;
import org.pollux.serve.generate.prompt.CachedPrefixes;
import org.pollux.serve.generate.prompt.ContentReader;
import org.pollux.serve.generate.prompt.Conversation;
import org.pollux.serve.generate.prompt.ConversationReader;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.generate.prompt.FunctionTools;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.PromptRenderer;
import org.pollux.serve.generate.prompt.RenderedPrompt;
import org.pollux.serve.generate.wire.GenerateContentRequest;
import org.pollux.serve.models.ServedModel;

/**
 * Checks a request and turns it into a {@link GenerationPlan}: prompt (with a cached content's
 * turns in front), sampling, output format and constraints. Every refusal happens here, before
 * any model work and before a stream starts.
 */
public final class GenerationPlanner {
    private static final String MSG = "GenerateContentRequest";

    private final CachedPrefixes caches;
    private final FileResolver files;
    private final ConstraintFactory constraints;
    private final boolean strict;

    public GenerationPlanner(CachedPrefixes caches, FileResolver files, ConstraintFactory constraints, boolean strict) {
        this.caches = caches;
        this.files = files;
        this.constraints = constraints;
        this.strict = strict;
    }

    /** The full plan of a generateContent request for {@code model}. */
    public GenerationPlan plan(ServedModel model, GenerateContentRequest req) {
        SafetySettingsCheck.check(req.safetySettings());
        SamplingPlan sampling = SamplingPlan.read(req.config());
        OutputFormat output = OutputFormat.read(req.config(), strict);
        PromptPlan prompt = prompt(model, req);
        FunctionTools tools = prompt.conversation().tools();
        if (output.kind() != OutputFormat.Kind.TEXT && tools.active()) {
            throw Invalid.at(MSG + ".generationConfig.responseMimeType", "Function calling with a response mime type: '"
                    + req.config().responseMimeType() + "' is unsupported");
        }
        int context = model.model().contextLength();
        if (prompt.prompt().length() >= context) {
            throw Invalid.at(MSG + ".contents", "The input token count (" + prompt.prompt().length()
                    + ") exceeds the maximum number of tokens allowed (" + (context - 1) + "): the context of "
                    + model.resourceName() + " holds " + context + " tokens and the answer needs at least one.");
        }
        List<TokenConstraint> perCandidate = new ArrayList<>(sampling.candidates());
        for (int i = 0; i < sampling.candidates(); i++) {
            perCandidate.add(constraint(model, tools, output));
        }
        return new GenerationPlan(model, prompt, sampling, output, Collections.unmodifiableList(perCandidate));
    }

    /** The prompt of a generateContent (or countTokens) request; no length limit is applied here. */
    public PromptPlan prompt(ServedModel model, GenerateContentRequest req) {
        checkModel(model, req.model(), MSG + ".model");
        ContentReader reader = new ContentReader(files, model.resourceName());
        PromptRenderer renderer = new PromptRenderer(model.template(), model.tokenizer());
        if (req.cachedContent() == null || req.cachedContent().isEmpty()) {
            Conversation c = ConversationReader.read(reader, MSG, req.contents(), req.systemInstruction(), req.tools(),
                    req.toolConfig(), true, strict);
            return new PromptPlan(c, renderer.render(c, true), null, 0);
        }
        CachedPrefix cache = caches.find(req.cachedContent());
        if (!cache.modelId().equals(model.id())) {
            throw Invalid.at(MSG + ".cachedContent", "Model " + model.resourceName() + " does not match the model of "
                    + cache.name() + " (models/" + cache.modelId() + ").");
        }
        List<String> replaced = fieldsACacheReplaces(req);
        if (!replaced.isEmpty()) {
            throw Invalid.at(MSG + "." + replaced.get(0), "CachedContent can not be used with GenerateContent request setting "
                    + "system_instruction, tools or tool_config. Put them in the cached content instead.");
        }
        Conversation cached = ConversationReader.read(reader, "CachedContent", cache.contents(),
                cache.systemInstruction(), cache.tools(), cache.toolConfig(), false, strict);
        if (req.contents() == null || req.contents().isEmpty()) {
            throw Invalid.at(MSG + ".contents", "contents is not specified.");
        }
        Conversation full = cached.followedBy(ConversationReader.turns(reader, MSG + ".contents", req.contents()));
        RenderedPrompt prompt = renderer.render(full, true);
        int reusable = Math.min(PromptRenderer.commonPrefix(cache.tokens(), prompt.tokens()), prompt.length() - 1);
        return new PromptPlan(full, prompt, cache, reusable);
    }

    private static List<String> fieldsACacheReplaces(GenerateContentRequest req) {
        List<String> set = new ArrayList<>();
        if (req.systemInstruction() != null) set.add("systemInstruction");
        if (req.tools() != null && !req.tools().isEmpty()) set.add("tools");
        if (req.toolConfig() != null) set.add("toolConfig");
        return set;
    }

    /** A body's {@code model} (when given, at {@code path}) must name the model of the URL. */
    static void checkModel(ServedModel model, String named, String path) {
        if (named == null || named.isEmpty()) {
            return;
        }
        String id = named.startsWith("models/") ? named.substring("models/".length()) : named;
        if (!id.equals(model.id())) {
            throw Invalid.at(path, "the body names " + named + " but the request is for "
                    + model.resourceName() + ".");
        }
    }

    private TokenConstraint constraint(ServedModel model, FunctionTools tools, OutputFormat output) {
        if (tools.active() && tools.mode() == FunctionTools.Mode.ANY) {
            return constraints.forFunctionCall(tools.callable(), tools.allowed(), model.tokenizer(),
                    model.template().stopTokenIds(model.tokenizer()));
        }
        return output.kind() == OutputFormat.Kind.TEXT ? null : constraints.forSchema(output.schema(), model.tokenizer(),
                model.template().stopTokenIds(model.tokenizer()));
    }
}
