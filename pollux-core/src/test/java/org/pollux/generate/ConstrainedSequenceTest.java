package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pollux.generate.constrain.JsonConstraint;
import org.pollux.generate.constrain.JsonSchema;

/** How {@link ActiveSequence} ends a constrained generation: the output stays a valid document. */
class ConstrainedSequenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    @Test
    void aCutInsideAMultiByteCharacterDropsItsBytesAndCompletesFromTheCharacterBefore() throws Exception {
        // The only value is "é!" and é comes as two byte tokens; two tokens end after the first byte.
        TableTokenizer tok = new TableTokenizer(List.of(
                new byte[] {'"'}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xA9}, new byte[] {'!'}));
        JsonSchema schema = JsonSchema.fromGemini(JSON.readTree("{\"type\":\"STRING\",\"enum\":[\"é!\"]}"), "s");
        Generator gen = new Generator(ToyModel.scripted(16, 0, 1, 2, 3, 0), tok);
        GenerationRequest req = GenerationRequest.of(new int[] {3}, SamplingParams.greedy(2), Set.of())
                .withConstraint(JsonConstraint.of(schema, tok, List.of()));
        GenerationResult r = gen.generate(req, TokenStreamListener.NONE);
        assertThat(r.tokens()).containsExactly(0, 1);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(r.text()).isEqualTo("\"é!\""); // not "\uFFFDé!"
    }

    @Test
    void stopSequencesDoNotCutAConstrainedDocument() throws Exception {
        String doc = "{\"a\":1,\"b\":2}";
        JsonSchema schema = JsonSchema.fromGemini(JSON.readTree("""
                {"type":"OBJECT","properties":{"a":{"type":"INTEGER"},"b":{"type":"INTEGER"}},"required":["a","b"]}"""),
                "s");
        ByteTokenizer tok = new ByteTokenizer();
        Generator gen = new Generator(ToyModel.scripted(64, bytes(doc)), tok);
        SamplingParams p = SamplingParams.greedy(40).toBuilder().stopSequences(List.of(",")).build();
        GenerationRequest req = GenerationRequest.of(new int[] {'x'}, p, Set.of())
                .withConstraint(JsonConstraint.of(schema, tok, List.of()));
        GenerationResult r = gen.generate(req, TokenStreamListener.NONE);
        assertThat(r.text()).isEqualTo(doc);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        // Unconstrained, the same stop sequence still applies.
        GenerationResult plain = gen.generate(GenerationRequest.of(new int[] {'x'}, p, Set.of()),
                TokenStreamListener.NONE);
        assertThat(plain.text()).isEqualTo("{\"a\":1");
    }
}
