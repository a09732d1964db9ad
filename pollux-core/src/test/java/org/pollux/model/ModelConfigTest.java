package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufValue;

class ModelConfigTest {

    static Stream<ModelConfig> everyPreset() {
        return Presets.names().stream().flatMap(n -> Stream.of(Presets.get(n), Presets.tiny(n)));
    }

    @ParameterizedTest
    @MethodSource("everyPreset")
    void roundTripsThroughGgufMetadata(ModelConfig c) {
        GgufMetadata md = new GgufMetadata(null, c.toGgufMetadata());
        assertThat(ModelConfig.fromGguf(md, c.vocabSize(), !c.tiedEmbeddings())).isEqualTo(c);
    }

    @Test
    void gemma3LayerPatternHasGlobalsAtFiveElevenSeventeenTwentyThree() {
        ModelConfig c = Presets.get("gemma-3-1b");
        for (int l = 0; l < c.layers(); l++) {
            assertThat(c.isLocal(l)).as("layer %d", l).isEqualTo(!(l == 5 || l == 11 || l == 17 || l == 23));
        }
    }

    @Test
    void gemma2AlternatesLocalAndGlobal() {
        ModelConfig c = Presets.get("gemma-2-2b");
        assertThat(c.isLocal(0)).isTrue();
        assertThat(c.isLocal(1)).isFalse();
        assertThat(c.attnSoftcap()).isEqualTo(50f);
        assertThat(c.finalSoftcap()).isEqualTo(30f);
    }

    @Test
    void twentySevenBUsesModelWidthOverHeadsForQueryScale() {
        assertThat(ModelConfig.gemmaQueryScale(Architecture.GEMMA2, 46, 4608, 32, 128))
                .isEqualTo((float) (1 / Math.sqrt(144)));
        assertThat(ModelConfig.gemmaQueryScale(Architecture.GEMMA3, 62, 5376, 32, 128))
                .isEqualTo((float) (1 / Math.sqrt(168)));
        assertThat(ModelConfig.gemmaQueryScale(Architecture.GEMMA3, 26, 1152, 4, 256)).isEqualTo(1f / 16);
    }

    @Test
    void unknownArchitectureIsNamed() {
        Map<String, GgufValue> m = new LinkedHashMap<>(Presets.tiny("gemma-3-1b").toGgufMetadata());
        m.put("general.architecture", GgufValue.ofString("mamba"));
        assertThatThrownBy(() -> ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown architecture 'mamba'");
    }

    @Test
    void missingKeyIsNamed() {
        Map<String, GgufValue> m = new LinkedHashMap<>(Presets.tiny("llama-3.2-1b").toGgufMetadata());
        m.remove("llama.block_count");
        assertThatThrownBy(() -> ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false))
                .hasMessageContaining("llama.block_count");
    }

    @Test
    void perLayerBoolPatternBecomesAPeriod() {
        ModelConfig c = Presets.tiny("gemma-3-1b");
        Map<String, GgufValue> m = new LinkedHashMap<>(c.toGgufMetadata());
        m.put("gemma3.attention.sliding_window_pattern", swaPattern(true, true, true, true, true, false));
        assertThat(ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false)).isEqualTo(c);
        m.put("gemma3.attention.sliding_window_pattern", swaPattern(true, false, true, false, true, false));
        assertThat(ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false).slidingWindowPeriod()).isEqualTo(2);
    }

    @Test
    void nonPeriodicBoolPatternIsRejectedNamingTheLayer() {
        Map<String, GgufValue> m = new LinkedHashMap<>(Presets.tiny("gemma-3-1b").toGgufMetadata());
        m.put("gemma3.attention.sliding_window_pattern", swaPattern(true, false, false, true, true, false));
        assertThatThrownBy(() -> ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("layer 2 is global, which does not follow a period of 2");
        m.put("gemma3.attention.sliding_window_pattern", swaPattern(true, false));
        assertThatThrownBy(() -> ModelConfig.fromGguf(new GgufMetadata(null, m), 512, false))
                .hasMessageContaining("must be a u32 period or 6 bools (one per layer)");
    }

    private static GgufValue swaPattern(boolean... local) {
        return GgufValue.ofArray(new GgufValue.GgufArray(org.pollux.gguf.GgufType.BOOL, local));
    }

    @Test
    void unknownPresetListsKnownOnes() {
        assertThatThrownBy(() -> Presets.get("gpt-5")).hasMessageContaining("gemma-3-1b");
    }
}
