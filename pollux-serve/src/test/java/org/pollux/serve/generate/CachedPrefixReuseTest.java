package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.KvCache;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.generate.prompt.CachedPrefix;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.GenerateContentRequest;
import org.pollux.serve.generate.wire.GenerationConfig;
import org.pollux.serve.generate.wire.Part;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.ops.Metrics;

/**
 * A cache whose ids are only partly a prefix of the prompt (a template may render the start of a
 * conversation differently once more turns follow) is reused up to the common prefix, and the
 * answer is still exactly the one without any cache.
 */
class CachedPrefixReuseTest {
    static ModelFiles.Opened opened;
    static ServedModel m;

    @BeforeAll
    static void open() {
        opened = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1);
        m = opened.model();
    }

    @AfterAll
    static void close() throws Exception {
        opened.close();
    }

    static Content user(String text) {
        return new Content("user", List.of(Part.ofText(text)));
    }

    static GenerationConfig seeded() {
        return new GenerationConfig(null, null, 24, null, null, null, 9L, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Test
    void aCacheOfAnotherModelIsRefused() {
        CachedPrefix other = new CachedPrefix("cachedContents/o", "gemma-3-1b", List.of(user("x")), null, null, null,
                new int[] {1}, null);
        GenerationPlanner planner = new GenerationPlanner(name -> other, FileResolver.NONE, ConstraintFactory.UNAVAILABLE,
                false);
        assertThatThrownBy(() -> planner.plan(m, new GenerateContentRequest(null, List.of(user("q")), null, null, null,
                null, null, "cachedContents/o"))).isInstanceOf(ApiException.class).hasMessageContaining(
                "Model models/stories260k does not match the model of cachedContents/o (models/gemma-3-1b)");
    }

    @Test
    void partlyMatchingCacheIsCutBackAndGivesTheSameAnswer() {
        String stored = "Lily had a red ball.\nShe gave it to Tom.\n";
        int[] ids = m.tokenizer().encode(stored, m.tokenizer().addBosByDefault(), true);
        KvCache kv = m.model().newCache(ids.length);
        m.model().forward(kv, ids, 0, ids.length, false);
        CachedPrefix prefix = new CachedPrefix("cachedContents/t", m.id(), List.of(user("Lily had a red ball.")), null,
                null, null, ids, kv);
        GenerationPlanner withCache = new GenerationPlanner(name -> prefix, FileResolver.NONE,
                ConstraintFactory.UNAVAILABLE, false);
        GenerationPlan cached = withCache.plan(m, new GenerateContentRequest(null, List.of(user("What color was it?")),
                null, null, null, null, seeded(), "cachedContents/t"));
        GenerationPlan inline = withCache.plan(m, new GenerateContentRequest(null,
                List.of(user("Lily had a red ball."), user("What color was it?")), null, null, null, null, seeded(), null));

        assertThat(cached.prompt().prompt().tokens()).isEqualTo(inline.prompt().prompt().tokens());
        int reusable = cached.prompt().reusable();
        assertThat(reusable).isGreaterThan(5).isLessThan(ids.length);
        CandidateRunner.Outcome a = CandidateRunner.run(cached, 0, new CancellationToken(), TokenStreamListener.NONE, new Metrics());
        CandidateRunner.Outcome b = CandidateRunner.run(inline, 0, new CancellationToken(), TokenStreamListener.NONE, new Metrics());
        assertThat(a.reused()).isEqualTo(reusable);
        assertThat(b.reused()).isZero();
        assertThat(a.result().text()).isEqualTo(b.result().text()).isNotEmpty();
        assertThat(a.result().tokens()).isEqualTo(b.result().tokens());
        assertThat(kv.position()).as("the stored cache is untouched").isEqualTo(ids.length);
    }
}
