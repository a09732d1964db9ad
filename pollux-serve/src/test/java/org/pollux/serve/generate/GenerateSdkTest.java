package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.CountTokensResponse;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.LogprobsResult;
import com.google.genai.types.LogprobsResultCandidate;
import com.google.genai.types.Part;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.SamplingParams;
import org.pollux.generate.TokenStreamListener;
import org.pollux.serve.TestServer;
import org.pollux.serve.models.ServedModel;
import org.pollux.tokenizer.ChatMessage;

/** generateContent, streaming, countTokens and logprobs through the official Java SDK against the embedded model. */
class GenerateSdkTest {
    static TestServer s;
    static Client client;
    static ServedModel model;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        client = sdk(s.baseUrl());
        model = s.server.models().all().get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static Client sdk(String baseUrl) {
        return org.pollux.serve.SdkClients.of(baseUrl, TestServer.KEY, "v1beta");
    }

    static GenerateContentConfig.Builder seeded(int seed, int maxTokens) {
        return GenerateContentConfig.builder().seed(seed).maxOutputTokens(maxTokens);
    }

    /** What the generator itself produces for this conversation and the API's default sampling. */
    static GenerationResult direct(List<ChatMessage> messages, int seed, int maxTokens) {
        String text = model.template().render(messages, true);
        int[] ids = model.tokenizer().encode(text, model.tokenizer().addBosByDefault(), true);
        SamplingParams p = SamplingParams.builder().temperature(1f).topK(64).topP(0.95f).minP(0f).seed(seed)
                .maxTokens(maxTokens).build();
        model.modelLock().lock();
        try {
            return new Generator(model.model(), model.tokenizer()).generate(
                    GenerationRequest.of(ids, p, model.template().stopTokenIds(model.tokenizer())), TokenStreamListener.NONE);
        } finally {
            model.modelLock().unlock();
        }
    }

    @Test
    void generatesWhatTheGeneratorGeneratesWithGeminiDefaults() {
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "Once upon a time",
                seeded(7, 24).build());
        GenerationResult expected = direct(List.of(ChatMessage.user("Once upon a time")), 7, 24);
        assertThat(r.text()).isEqualTo(expected.text()).isNotEmpty();
        Candidate c = r.candidates().orElseThrow().get(0);
        assertThat(c.index()).contains(0);
        assertThat(c.content().orElseThrow().role()).contains("model");
        assertThat(c.finishReason().orElseThrow().knownEnum())
                .isEqualTo(expected.finishReason() == org.pollux.generate.FinishReason.STOP ? FinishReason.Known.STOP
                        : FinishReason.Known.MAX_TOKENS);
        GenerateContentResponseUsageMetadata u = r.usageMetadata().orElseThrow();
        assertThat(u.candidatesTokenCount()).contains(expected.generatedTokens());
        assertThat(u.promptTokenCount()).contains(expected.promptTokens());
        assertThat(u.totalTokenCount()).contains(expected.promptTokens() + expected.generatedTokens());
        assertThat(r.modelVersion()).contains(TestServer.MODEL);
        assertThat(r.responseId().orElseThrow()).matches("[A-Za-z0-9_-]{16,}");
    }

    @Test
    void systemInstructionAndMultiTurnRenderThroughTheTemplate() {
        List<Content> turns = List.of(
                Content.builder().role("user").parts(Part.fromText("Tell me about Lily.")).build(),
                Content.builder().role("model").parts(Part.fromText("Lily had a red ball.")).build(),
                Content.builder().role("user").parts(Part.fromText("What happened next?")).build());
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, turns, seeded(3, 16)
                .systemInstruction(Content.fromParts(Part.fromText("You tell short stories."))).build());
        GenerationResult expected = direct(List.of(ChatMessage.system("You tell short stories."),
                ChatMessage.user("Tell me about Lily."), ChatMessage.model("Lily had a red ball."),
                ChatMessage.user("What happened next?")), 3, 16);
        assertThat(r.text()).isEqualTo(expected.text());
        assertThat(r.usageMetadata().orElseThrow().promptTokenCount()).contains(expected.promptTokens());
    }

    @Test
    void countTokensEqualsThePromptTokenCount() {
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "hello world", seeded(1, 4).build());
        CountTokensResponse count = client.models.countTokens(TestServer.MODEL, "hello world", null);
        assertThat(count.totalTokens()).isEqualTo(r.usageMetadata().orElseThrow().promptTokenCount());
        assertThat(count.totalTokens().orElseThrow()).isGreaterThan(2);
    }

    @Test
    void streamsDeltasWithCumulativeUsageAndOneFinishReason() {
        GenerateContentConfig cfg = seeded(11, 30).build();
        String whole = client.models.generateContent(TestServer.MODEL, "The little dog", cfg).text();
        List<GenerateContentResponse> chunks = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                client.models.generateContentStream(TestServer.MODEL, "The little dog", cfg)) {
            stream.forEach(chunks::add);
        }
        assertThat(chunks.size()).isGreaterThanOrEqualTo(2);
        StringBuilder text = new StringBuilder();
        int lastCount = -1;
        for (int i = 0; i < chunks.size(); i++) {
            GenerateContentResponse c = chunks.get(i);
            Candidate cand = c.candidates().orElseThrow().get(0);
            assertThat(cand.index()).contains(0);
            assertThat(cand.content().orElseThrow().role()).contains("model");
            assertThat(cand.finishReason().isPresent()).isEqualTo(i == chunks.size() - 1);
            assertThat(c.responseId()).isEqualTo(chunks.get(0).responseId());
            assertThat(c.modelVersion()).contains(TestServer.MODEL);
            int count = c.usageMetadata().orElseThrow().candidatesTokenCount().orElse(0);
            assertThat(count).isGreaterThanOrEqualTo(lastCount);
            lastCount = count;
            text.append(c.text() == null ? "" : c.text());
        }
        assertThat(text.toString()).isEqualTo(whole);
        GenerateContentResponseUsageMetadata last = chunks.getLast().usageMetadata().orElseThrow();
        assertThat(last.totalTokenCount().orElseThrow())
                .isEqualTo(last.promptTokenCount().orElseThrow() + last.candidatesTokenCount().orElseThrow());
    }

    @Test
    void greedyLogprobsReportEveryTokenAndItsAlternatives() {
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "Once upon a time",
                GenerateContentConfig.builder().temperature(0f).maxOutputTokens(12).responseLogprobs(true).logprobs(3)
                        .build());
        Candidate c = r.candidates().orElseThrow().get(0);
        LogprobsResult lp = c.logprobsResult().orElseThrow();
        List<LogprobsResultCandidate> chosen = lp.chosenCandidates().orElseThrow();
        assertThat(chosen).hasSize(r.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
        double sum = 0;
        for (int i = 0; i < chosen.size(); i++) {
            var top = lp.topCandidates().orElseThrow().get(i).candidates().orElseThrow();
            assertThat(top).hasSize(3);
            // Greedy: the chosen token is the most likely one.
            assertThat(top.get(0).tokenId()).isEqualTo(chosen.get(i).tokenId());
            assertThat(chosen.get(i).logProbability().orElseThrow()).isLessThanOrEqualTo(0f);
            assertThat(top.get(0).logProbability().orElseThrow())
                    .isGreaterThanOrEqualTo(top.get(2).logProbability().orElseThrow());
            sum += chosen.get(i).logProbability().orElseThrow();
        }
        assertThat((double) lp.logProbabilitySum().orElseThrow()).isCloseTo(sum, within(1e-3));
        assertThat(c.avgLogprobs().orElseThrow()).isCloseTo(sum / chosen.size(), within(1e-4));
        String decoded = chosen.stream().map(x -> x.token().orElseThrow()).reduce("", String::concat);
        assertThat(decoded.strip()).isEqualTo(r.text().strip());
    }

    @Test
    void generationsAreCountedInTheMetrics() throws Exception {
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "A frog", seeded(2, 6).build());
        String metrics = s.send("GET", "/metrics", null).body();
        GenerateContentResponseUsageMetadata u = r.usageMetadata().orElseThrow();
        assertThat(counter(metrics, "pollux_prompt_tokens_total")).isGreaterThanOrEqualTo(u.promptTokenCount().orElseThrow());
        assertThat(counter(metrics, "pollux_generated_tokens_total"))
                .isGreaterThanOrEqualTo(u.candidatesTokenCount().orElseThrow());
        assertThat(metrics).contains("pollux_time_to_first_token_seconds_count{model=\"stories260k\"}");
    }

    static double counter(String metrics, String name) {
        String prefix = name + "{model=\"" + TestServer.MODEL + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
                l.substring(prefix.length()))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void candidatesUseConsecutiveSeeds() {
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "A cat",
                seeded(20, 10).candidateCount(2).build());
        List<Candidate> cs = r.candidates().orElseThrow();
        assertThat(cs).hasSize(2);
        assertThat(cs.get(1).index()).contains(1);
        for (int i = 0; i < 2; i++) {
            GenerationResult expected = direct(List.of(ChatMessage.user("A cat")), 20 + i, 10);
            assertThat(cs.get(i).content().orElseThrow().text()).isEqualTo(expected.text());
        }
    }
}
