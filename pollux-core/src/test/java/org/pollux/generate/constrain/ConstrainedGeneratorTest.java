package org.pollux.generate.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.Arena;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.SharedFixtures;
import org.pollux.generate.FinishReason;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.SamplingParams;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.Decoder;
import org.pollux.model.Presets;
import org.pollux.model.TestModels;
import org.pollux.tensor.ComputeContext;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/**
 * End to end through {@link Generator}: a random-weight Gemma 3 twin with the real Gemma 3
 * tokenizer (so its choices are close to uniform over 262k tokens) still produces valid JSON for
 * the schema, whether it finishes by itself or is cut by the token limit; and a forced function
 * call names an allowed function with valid arguments.
 */
class ConstrainedGeneratorTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static Arena arena;
    private static ComputeContext ctx;
    private static Tokenizer tokenizer;
    private static Generator generator;

    @BeforeAll
    static void setUp() {
        arena = Arena.ofShared();
        ctx = ComputeContext.of(2);
        tokenizer = Tokenizers.load(SharedFixtures.fixture("tokenizer/gemma3/tokenizer.json"));
        Decoder model = TestModels.random(Presets.tiny("gemma-3-1b").withVocab(tokenizer.vocabSize(), true), 11,
                arena, ctx);
        generator = new Generator(model, tokenizer);
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
        arena.close();
    }

    private static GenerationResult generate(JsonSchema schema, int maxTokens, long seed) {
        SamplingParams p = SamplingParams.builder().temperature(1f).noTruncation().seed(seed).maxTokens(maxTokens)
                .build();
        int[] prompt = tokenizer.encode("Give me JSON.", true, false);
        int endOfTurn = tokenizer.tokenId("<end_of_turn>").orElseThrow();
        GenerationRequest req = GenerationRequest.of(prompt, p, Set.of(endOfTurn, tokenizer.eosId()))
                .withConstraint(JsonConstraint.of(schema, tokenizer, List.of(endOfTurn)));
        return generator.generate(req, TokenStreamListener.NONE);
    }

    @Test
    void structuredOutputIsValidWhetherItEndsOrIsCut() throws Exception {
        String schemaText = """
                {"type":"object","properties":{
                  "size":{"type":"string","enum":["S","M","L"]},
                  "count":{"type":"integer","minimum":1,"maximum":9},
                  "ok":{"type":"boolean"},
                  "note":{"type":"string","maxLength":4},
                  "tags":{"type":"array","items":{"type":"string","maxLength":2},"maxItems":2}},
                 "required":["size","count","ok","note","tags"],"additionalProperties":false}""";
        JsonNode schemaJson = STRICT.readTree(schemaText);
        JsonSchema schema = JsonSchema.fromJsonSchema(schemaJson, "responseJsonSchema");
        boolean sawStop = false;
        boolean sawCut = false;
        for (long seed = 1; seed <= 3; seed++) {
            for (int maxTokens : new int[] {6, 120}) {
                GenerationResult r = generate(schema, maxTokens, seed);
                JsonNode value = STRICT.readTree(r.text());
                assertThat(SchemaValidator.check(schemaJson, value, "$")).as(r.text()).isNull();
                sawStop |= r.finishReason() == FinishReason.STOP;
                sawCut |= r.finishReason() == FinishReason.MAX_TOKENS;
            }
        }
        assertThat(sawStop).as("some generation ended by itself").isTrue();
        assertThat(sawCut).as("some generation was cut by the token limit").isTrue();
    }

    @Test
    void forcedFunctionCallNamesAnAllowedFunctionWithValidArguments() throws Exception {
        JsonNode weather = STRICT.readTree("""
                {"type":"OBJECT","properties":{"city":{"type":"STRING","maxLength":3},
                 "unit":{"type":"STRING","enum":["C","F"]}},"required":["city","unit"]}""");
        JsonNode time = STRICT.readTree("""
                {"type":"object","properties":{"zone":{"$ref":"#/$defs/zone"}},"required":["zone"],
                 "$defs":{"zone":{"type":"string","pattern":"^[A-Z]{3}$"}}}""");
        JsonSchema call = FunctionCallSchema.forcedCall(List.of(
                new FunctionCallSchema.Declaration("get_weather", weather, null, "tools[0].functionDeclarations[0]"),
                new FunctionCallSchema.Declaration("get_time", null, time, "tools[0].functionDeclarations[1]"),
                new FunctionCallSchema.Declaration("launch", null, null, "tools[0].functionDeclarations[2]")),
                List.of("get_weather", "get_time"), "toolConfig.functionCallingConfig.allowedFunctionNames");
        for (long seed = 1; seed <= 2; seed++) {
            GenerationResult r = generate(call, 160, seed);
            JsonNode v = STRICT.readTree(r.text());
            String name = v.get("name").asText();
            assertThat(name).isIn("get_weather", "get_time");
            JsonNode args = v.get("args");
            if (name.equals("get_weather")) {
                assertThat(args.get("city").asText().codePoints().count()).isLessThanOrEqualTo(3);
                assertThat(args.get("unit").asText()).isIn("C", "F");
            } else {
                assertThat(args.get("zone").asText()).matches("[A-Z]{3}");
            }
        }
    }
}
