package org.pollux.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.pollux.tensor.ComputeContext;

class BenchTest {
    @Test
    void statsUseTheSampleStandardDeviation() {
        Stats s = Stats.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), Offset.offset(1e-12));
        assertThat(Stats.of(new double[] {3}).sd()).isZero();
        assertThatThrownBy(() -> Stats.of(new double[0])).hasMessageContaining("no measurements");
    }

    @Test
    void bandwidthProbeReturnsAPositiveRate() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            assertThat(BandwidthProbe.measure(ctx, 8 << 20, 2)).isPositive();
        }
    }

    @Test
    void runnerReportsWarmUpAndEveryRepetition() {
        org.pollux.model.ModelConfig c = org.pollux.model.Presets.tiny("llama-3.2-1b");
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            var model = org.pollux.model.TestModels.random(c, 3, arena, ctx);
            List<String> lines = new ArrayList<>();
            BenchmarkRunner.Result r = BenchmarkRunner.run(model, new BenchmarkRunner.Settings(16, 8, 2), lines::add);
            assertThat(r.promptTokensPerSecond().n()).isEqualTo(2);
            assertThat(r.genTokensPerSecond().mean()).isPositive();
            assertThat(lines).hasSize(6).first().asString().startsWith("pp16 warm-up");
        }
        assertThatThrownBy(() -> new BenchmarkRunner.Settings(0, 0, 1)).hasMessageContaining("positive");
    }
}
