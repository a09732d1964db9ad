package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.model.KvCache;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.models.ServedModel;

/** embedContent / batchEmbedContents: the SDK (which batches even one input), raw single calls, and a float64 reference. */
class EmbeddingSdkTest {
    static TestServer s;
    static Client client;
    static ServedModel model;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        client = GenerateSdkTest.sdk(s.baseUrl());
        model = s.server.models().all().get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    /** Mean of the final-norm hidden states over the text's tokens (BOS left out), normalized, in float64. */
    static double[] reference(String text) {
        int[] ids = model.tokenizer().encode(text, true, false);
        int d = model.model().config().dModel();
        float[] h;
        model.modelLock().lock();
        try {
            KvCache cache = model.model().newCache(ids.length);
            h = model.model().hiddenStates(cache, ids, 0, ids.length);
        } finally {
            model.modelLock().unlock();
        }
        double[] mean = new double[d];
        for (int t = 1; t < ids.length; t++) {
            for (int i = 0; i < d; i++) {
                mean[i] += h[t * d + i] / (ids.length - 1);
            }
        }
        double norm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
        return java.util.Arrays.stream(mean).map(x -> x / norm).toArray();
    }

    static void assertClose(List<Float> got, double[] want) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got.get(i)).isCloseTo(want[i], within(1e-5));
        }
    }

    @Test
    void oneAndManyInputsMatchTheReference() {
        EmbedContentResponse one = client.models.embedContent(TestServer.MODEL, "The cat sat on the mat.", null);
        assertClose(one.embeddings().orElseThrow().get(0).values().orElseThrow(), reference("The cat sat on the mat."));
        EmbedContentResponse two = client.models.embedContent(TestServer.MODEL, List.of("a big dog", "a small bird"),
                EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT").build());
        List<ContentEmbedding> e = two.embeddings().orElseThrow();
        assertThat(e).hasSize(2);
        assertClose(e.get(0).values().orElseThrow(), reference("a big dog"));
        assertClose(e.get(1).values().orElseThrow(), reference("a small bird"));
    }

    @Test
    void outputDimensionalityKeepsANormalizedPrefix() {
        EmbedContentResponse r = client.models.embedContent(TestServer.MODEL, "hello",
                EmbedContentConfig.builder().outputDimensionality(3).build());
        List<Float> v = r.embeddings().orElseThrow().get(0).values().orElseThrow();
        double[] full = reference("hello");
        double n = Math.sqrt(full[0] * full[0] + full[1] * full[1] + full[2] * full[2]);
        assertClose(v, new double[] {full[0] / n, full[1] / n, full[2] / n});
    }

    @Test
    void singleEmbedContentAsLangChain4jSendsIt() throws Exception {
        HttpResponse<String> r = s.send("POST", "/v1beta/models/" + TestServer.MODEL + ":embedContent",
                "{\"model\":\"models/" + TestServer.MODEL + "\",\"content\":{\"parts\":[{\"text\":\"hello\"}]},"
                        + "\"output_dimensionality\":3}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode values = ApiJson.MAPPER.readTree(r.body()).path("embedding").path("values");
        assertThat(values).hasSize(3);
        double sq = 0;
        for (JsonNode x : values) {
            sq += x.asDouble() * x.asDouble();
        }
        assertThat(sq).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aTitleChangesTheEmbeddedText() {
        List<Float> plain = client.models.embedContent(TestServer.MODEL, "the ball", null).embeddings().orElseThrow()
                .get(0).values().orElseThrow();
        List<Float> titled = client.models.embedContent(TestServer.MODEL, "the ball",
                EmbedContentConfig.builder().title("Toys").taskType("RETRIEVAL_DOCUMENT").build()).embeddings()
                .orElseThrow().get(0).values().orElseThrow();
        assertClose(titled, reference("Toys\n\nthe ball"));
        assertThat(titled).isNotEqualTo(plain);
    }
}
